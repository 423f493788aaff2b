package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.portfolio.infra.support.PolicyExceptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SEC-EFS-06 (a file-system policy: TLS only, no anonymous client access) and the SEC-CB-02
 * exception for a build that mounts such a file system itself.
 */
class EfsAccessRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    private static final String DENY_WITHOUT_TLS = """
            {"Effect":"Deny","Principal":"*","Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite",
             "elasticfilesystem:ClientRootAccess"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";

    private void policy(String... statements) {
        plan.get("models-policy").set("policy", "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    @Test
    void theCompliantFileSystemPolicyPasses() {
        assertNoViolation(plan, "SEC-EFS-06");
    }

    @Test
    void aFileSystemWithoutPolicyIsOpenToAnonymousRootMounts() {
        plan.without("models-policy");
        assertViolation(plan, "SEC-EFS-06", "models-fs", "has no file-system policy", "anonymously, as root, without TLS");
    }

    @Test
    void aPolicyWithoutTheTlsDenyFails() {
        policy("""
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:us-east-1:123456789012:worker-role"},
                 "Action":"elasticfilesystem:ClientMount","Resource":"*"}""");
        assertViolation(plan, "SEC-EFS-06", "models-policy", "no statement that Denies", "aws:SecureTransport is false");
    }

    @Test
    void aTlsDenyThatLeavesAClientActionOutOrAddsAConditionDoesNotCount() {
        policy(DENY_WITHOUT_TLS.replace("\"elasticfilesystem:ClientRootAccess\"", "\"elasticfilesystem:DescribeMountTargets\""));
        assertViolation(plan, "SEC-EFS-06", "models-policy", "no statement that Denies");
        policy(DENY_WITHOUT_TLS.replace("\"Bool\":{", "\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"},\"Bool\":{"));
        assertViolation(plan, "SEC-EFS-06", "models-policy", "no statement that Denies");
        policy(DENY_WITHOUT_TLS.replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":\"arn:aws:iam:us-east-1:123456789012:worker-role\"}"));
        assertViolation(plan, "SEC-EFS-06", "models-policy", "no statement that Denies");
        policy(DENY_WITHOUT_TLS.replace("[\"elasticfilesystem:ClientMount\",\"elasticfilesystem:ClientWrite\",\n \"elasticfilesystem:ClientRootAccess\"]",
                "\"elasticfilesystem:Client*\""));
        assertNoViolation(plan, "SEC-EFS-06");
    }

    @Test
    void anAnonymousAllowFails() {
        policy(DENY_WITHOUT_TLS, """
                {"Effect":"Allow","Principal":{"AWS":"*"},"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],
                 "Resource":"*","Condition":{"Bool":{"elasticfilesystem:AccessedViaMountTarget":"true"}}}""");
        assertViolation(plan, "SEC-EFS-06", "models-policy", "allows [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite] to Principal *",
                "without a condition restricting aws:PrincipalArn to this stack's roles");
    }

    @Test
    void anAllowToEveryoneNarrowedToTheStacksRolesPassesAndToAnotherRoleFails() {
        String narrowed = """
                {"Effect":"Allow","Principal":"*","Action":"elasticfilesystem:ClientMount","Resource":"*",
                 "Condition":{"ArnEquals":{"aws:PrincipalArn":"%s"}}}""";
        policy(DENY_WITHOUT_TLS, narrowed.formatted("arn:aws:iam:us-east-1:123456789012:worker-role"));
        assertNoViolation(plan, "SEC-EFS-06");
        policy(DENY_WITHOUT_TLS, narrowed.formatted("arn:aws:iam::999999999999:role/elsewhere"));
        assertViolation(plan, "SEC-EFS-06", "models-policy", "to Principal *", "without a condition restricting");
    }

    @Test
    void aNotPrincipalAllowIsAnonymousAccess() {
        policy(DENY_WITHOUT_TLS, """
                {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam:us-east-1:123456789012:build-role"},
                 "Action":"elasticfilesystem:ClientMount","Resource":"*",
                 "Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam:us-east-1:123456789012:worker-role"}}}""");
        assertViolation(plan, "SEC-EFS-06", "models-policy", "to NotPrincipal");
    }

    // --- SEC-CB-02: the exception of a build that mounts EFS itself ---

    /** The builder as the ML build is: no CodeBuild mount, the file system in its variables, privileged. */
    private TestPlan.Res selfMountingBuilder() {
        return plan.get("builder").unset("fileSystemLocations")
                .set("environment.environmentVariables", List.of(
                        Map.of("name", "FILE_SYSTEM_ID", "type", "PLAINTEXT", "value", plan.get("models-fs").id()),
                        Map.of("name", "EFS_MOUNT", "type", "PLAINTEXT", "value", "/mnt/efs")))
                .set("environment.privilegedMode", true)
                .tag("policy-exception:SEC-CB-02", PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS);
    }

    @Test
    void aBuildThatMountsATlsOnlyFileSystemItselfMayRunPrivileged() {
        selfMountingBuilder();
        Violation v = assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true", "excepted: mounts EFS itself");
        assertEquals(Severity.ADVISORY, v.severity());
        assertNoViolation(plan, "REL-CB-03");
        assertNoViolation(plan, "REL-CB-04");
    }

    @Test
    void theEfsReasonIsRefusedWhenCodeBuildMountsTheFileSystem() {
        selfMountingBuilder().set("fileSystemLocations", List.of(Map.of("type", "EFS", "identifier", "models",
                "location", plan.get("models-fs").id() + ".efs.us-east-1.amazonaws.com:/models", "mountPoint", "/mnt/models")));
        Violation v = assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true",
                "but CodeBuild mounts EFS for it (fileSystemLocations)");
        assertEquals(Severity.MANDATORY, v.severity());
    }

    @Test
    void theEfsReasonIsRefusedWhenTheFileSystemAdmitsPlainNfs() {
        selfMountingBuilder();
        policy("""
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:us-east-1:123456789012:build-role"},
                 "Action":"elasticfilesystem:ClientMount","Resource":"*"}""");
        Violation v = assertViolation(plan, "SEC-CB-02", "builder",
                "file system models-fs has no policy denying non-TLS access, so CodeBuild's own mount would do");
        assertEquals(Severity.MANDATORY, v.severity());
    }

    @Test
    void theEfsReasonIsRefusedFromAProjectThatMountsNoFileSystem() {
        selfMountingBuilder().set("environment.environmentVariables", List.of());
        Violation v = assertViolation(plan, "SEC-CB-02", "builder", "no variable of it names a file system of this stack",
                "expected that exception only on a project that mounts a TLS-only file system of this stack itself");
        assertEquals(Severity.MANDATORY, v.severity());
    }

    @Test
    void aBuildThatNamesAFileSystemInItsVariablesMountsItAndMustRunInItsZones() {
        selfMountingBuilder();
        plan.without("models-mt-b");
        assertViolation(plan, "REL-CB-03", "builder", "[us-east-1b]", "without an EFS mount target");
        plan.get("builder").unset("vpcConfig");
        assertViolation(plan, "REL-CB-04", "builder", "its variable FILE_SYSTEM_ID names", "expected it to run in the VPC");
    }
}
