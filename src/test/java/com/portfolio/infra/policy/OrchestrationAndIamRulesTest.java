package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step Functions, IAM, tagging and protection rules. */
class OrchestrationAndIamRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void loggingOffAndNoTracingViolateSfn01() {
        plan.get("pipeline").set("loggingConfiguration.level", "OFF").set("tracingConfiguration.enabled", false);
        assertViolation(plan, "SEC-SFN-01", "pipeline", "logging level is OFF");
        assertViolation(plan, "SEC-SFN-01", "pipeline", "tracingConfiguration.enabled is false");
    }

    @Test
    void taskWithoutRetryOrFailingCatchViolatesSfn02() {
        plan.get("pipeline").set("definition", """
                {"StartAt":"Train","States":{
                  "Train":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                    "Retry":{"ErrorEquals":"MyApp.ValidationError"},
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}]},
                  "Done":{"Type":"Succeed"}}}""");
        assertViolation(plan, "REL-SFN-02", "pipeline", "TimeoutSeconds unset");
        assertViolation(plan, "REL-SFN-02", "pipeline", "Task Train has no Retry on transient errors");
        assertViolation(plan, "REL-SFN-02", "pipeline", "Task Train has no Catch whose path ends in a Fail state");
    }

    @Test
    void tasksInsideParallelBranchesAreChecked() {
        plan.get("pipeline").set("definition", """
                {"StartAt":"Fan","TimeoutSeconds":60,"States":{
                  "Fan":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Inner","States":{
                    "Inner":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}]}}}""");
        assertViolation(plan, "REL-SFN-02", "pipeline", "Task Inner has no Retry");
    }

    @Test
    void adminPolicyViolatesIam01() {
        plan.add(Types.IAM_POLICY, "admin").set("policy", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
        assertViolation(plan, "SEC-IAM-01", "admin", "Allows * on *");
    }

    @Test
    void serviceWildcardPassRoleAndDecryptOnStarViolateIam01() {
        plan.get("worker-role-policy").set("policy", """
                {"Statement":[{"Sid":"S3","Effect":"Allow","Action":["S3:*"],"Resource":"arn:aws:s3:::raw/*"},
                  {"Sid":"Pass","Effect":"Allow","Action":"iam:Pass*","Resource":["*"]},
                  {"Sid":"Kms","Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}]}""");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "S3:*");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "iam:PassRole (via [iam:Pass*]) on Resource *");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "kms:Decrypt");
    }

    @Test
    void roleInlinePoliciesAreChecked() {
        plan.get("build-role").set("inlinePolicies", List.of(Map.of("name", "everything", "policy",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}}")));
        assertViolation(plan, "SEC-IAM-01", "build-role", "inline policy everything", "logs:*");
    }

    @Test
    void denyStatementsMayUseWildcards() {
        plan.add(Types.IAM_POLICY, "guard").set("policy", "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}");
        assertNoViolation(plan, "SEC-IAM-01");
    }

    @Test
    void mixedPolicyManagementViolatesIam02() {
        plan.add(Types.IAM_ROLE_POLICY_ATTACHMENT, "build-role-extra").set("role", "build-role")
                .set("policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        assertViolation(plan, "SEC-IAM-02", "build-role", "[inlinePolicies]", "build-role-extra");
    }

    @Test
    void missingTagsViolateTag01() {
        plan.get("jobs").tag("component", null);
        plan.get("jobs-dlq").tag("stack", "dev");
        assertViolation(plan, "OPS-TAG-01", "jobs", "lacks tag(s) [component]");
        assertViolation(plan, "OPS-TAG-01", "jobs-dlq", "stack=dev", "expected prod");
    }

    @Test
    void taggabilityComesFromTheProvider() {
        assertTrue(ProviderSchema.isTaggable(Types.QUEUE));
        assertTrue(ProviderSchema.isTaggable(Types.INGRESS_RULE));
        assertFalse(ProviderSchema.isTaggable(Types.BUCKET_POLICY));
        assertFalse(ProviderSchema.isTaggable(Types.API_ROUTE));
        assertFalse(ProviderSchema.isTaggable("pulumi:pulumi:Stack"));
        assertFalse(ProviderSchema.isTaggable("aws:nope/nothing:Nothing"));
    }

    @Test
    void untaggableResourcesNeedNoTags() {
        plan.get("jobs-policy").tag("project", null); // puts an empty tags map on a resource without tags
        plan.get("jobs-policy").inputs.remove("tags");
        assertNoViolation(plan, "OPS-TAG-01");
    }

    @Test
    void unprotectedRawBucketViolatesProt01InProd() {
        plan.get("raw").protect(false);
        assertEquals(Severity.MANDATORY, assertViolation(plan, "OPS-PROT-01", "raw", "neither protect nor retainOnDelete").severity());
        plan.get("raw").retainOnDelete(true);
        assertNoViolation(plan, "OPS-PROT-01");
    }
}
