package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules added to POLICY.md's starting list: each clause breaks alone on the compliant plan. */
class AddedRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    private static String trust(String principal, String condition) {
        return """
                {"Statement":[{"Sid":"Trust","Effect":"Allow",%s,"Action":"sts:AssumeRole"%s}]}"""
                .formatted(principal, condition.isEmpty() ? "" : ",\"Condition\":" + condition);
    }

    // --- SEC-IAM-03: trust policies ---

    @Test
    void anyoneMayAssumeARoleWithoutAConditionViolatesIam03() {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":\"*\"", ""));
        assertViolation(plan, "SEC-IAM-03", "build-role", "Trust", "Principal *", "no condition pinning");
    }

    @Test
    void notPrincipalInATrustPolicyViolatesIam03() {
        plan.get("build-role").set("assumeRolePolicy", trust("\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"}", ""));
        assertViolation(plan, "SEC-IAM-03", "build-role", "NotPrincipal");
    }

    @ParameterizedTest(name = "Principal * with {0} is pinned")
    @ValueSource(strings = {"{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}",
            "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abcdef1234\"}}",
            "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/ci-*\"}}"})
    void anyoneInThisAccountOrOrganizationIsFine(String condition) {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"AWS\":\"*\"}", condition));
        assertNoViolation(plan, "SEC-IAM-03");
    }

    @ParameterizedTest(name = "Principal * with {0} is not pinned")
    @ValueSource(strings = {"{\"StringEqualsIfExists\":{\"aws:PrincipalAccount\":\"123456789012\"}}",
            "{\"StringEquals\":{\"aws:PrincipalAccount\":\"999999999999\"}}",
            "{\"StringEquals\":{\"aws:PrincipalAccount\":[\"123456789012\",\"999999999999\"]}}",
            "{\"StringLike\":{\"aws:PrincipalOrgID\":\"o-*\"}}",
            "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/ci\"}}",
            "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-123\"}}"})
    void conditionsThatDoNotPinThisAccountViolateIam03(String condition) {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"AWS\":\"*\"}", condition));
        assertViolation(plan, "SEC-IAM-03", "build-role", "no condition pinning");
    }

    @Test
    void aServicePrincipalWithoutSourceAccountViolatesIam03() {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"}", ""));
        assertViolation(plan, "SEC-IAM-03", "build-role", "codebuild.amazonaws.com", "aws:SourceAccount or aws:SourceArn");
    }

    @Test
    void aServicePrincipalMayNameItsSourceArnInThisAccount() {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"}",
                "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:codebuild:us-east-1:123456789012:project/builder\"}}"));
        assertNoViolation(plan, "SEC-IAM-03");
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"}",
                "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:codebuild:us-east-1:999999999999:project/builder\"}}"));
        assertViolation(plan, "SEC-IAM-03", "build-role", "codebuild.amazonaws.com");
    }

    @Test
    void aPrincipalAccountConditionDoesNotGuardAServicePrincipal() {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"}",
                "{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}"));
        assertViolation(plan, "SEC-IAM-03", "build-role", "codebuild.amazonaws.com");
    }

    @ParameterizedTest(name = "{0} sets no source keys when it assumes a role")
    @ValueSource(strings = {"ec2.amazonaws.com", "lambda.amazonaws.com", "edgelambda.amazonaws.com", "apigateway.amazonaws.com",
            "backup.amazonaws.com", "glue.amazonaws.com", "cloudtrail.amazonaws.com", "elastictranscoder.amazonaws.com"})
    void servicesThatSetNoSourceKeysNeedNoCondition(String service) {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"Service\":\"" + service + "\"}", ""));
        assertNoViolation(plan, "SEC-IAM-03");
    }

    @Test
    void aSourceConditionOnAServiceThatNeverSendsItViolatesIam03() {
        plan.get("build-role").set("assumeRolePolicy", trust("\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}",
                "{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}"));
        assertViolation(plan, "SEC-IAM-03", "build-role", "ec2.amazonaws.com", "never sends them");
    }

    // --- SEC-KMS-02: key policies ---

    private void keyPolicy(String statements) {
        plan.get("data-key").set("policy", "{\"Statement\":[" + statements + "]}");
    }

    private static final String ADMIN = """
            {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}""";

    @Test
    void aGrantToEveryoneViolatesKms02() {
        keyPolicy(ADMIN + ",{\"Sid\":\"Open\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Open", "Principal *");
    }

    @Test
    void aNotPrincipalGrantViolatesKms02() {
        keyPolicy(ADMIN + ",{\"Sid\":\"Open\",\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Open", "NotPrincipal");
    }

    @Test
    void aServicePrincipalWithoutAccountConditionViolatesKms02() {
        keyPolicy(ADMIN + ",{\"Sid\":\"Events\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},"
                + "\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey*\"],\"Resource\":\"*\"}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Events", "events.amazonaws.com", "no condition naming account");
    }

    @Test
    void aServiceConditionedOnAnotherAccountViolatesKms02() {
        keyPolicy(ADMIN + ",{\"Sid\":\"Events\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},"
                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"999999999999\"}}}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Events");
    }

    @Test
    void aKeyPolicyWithoutRootAdministrationViolatesKms02() {
        keyPolicy("{\"Sid\":\"Ops\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:role/ops\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "no statement Allowing the account root");
    }

    @ParameterizedTest(name = "root with {0} does not administer")
    @ValueSource(strings = {
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}",
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"})
    void rootAdministrationMustBeWholeAndUnconditioned(String statement) {
        keyPolicy(statement);
        assertViolation(plan, "SEC-KMS-02", "data-key", "no statement Allowing the account root");
    }

    @Test
    void theBareAccountIdNamesTheRoot() {
        keyPolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"*\",\"Resource\":\"*\"}");
        assertNoViolation(plan, "SEC-KMS-02");
    }

    @Test
    void denyingKeyPolicyChangesToTheRootViolatesKms02() {
        keyPolicy(ADMIN + ",{\"Sid\":\"Lock\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                + "\"Action\":\"kms:PutKeyPolicy\",\"Resource\":\"*\"}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Lock", "Denies kms:PutKeyPolicy");
        keyPolicy(ADMIN + ",{\"Sid\":\"Lock\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Put*\",\"Resource\":\"*\"}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Lock", "Denies kms:PutKeyPolicy");
    }

    @Test
    void aKeyWithoutPolicyKeepsAwsDefaultAndAKeyPolicyResourceCounts() {
        plan.get("data-key").unset("policy");
        assertNoViolation(plan, "SEC-KMS-02");
        plan.add(Types.KMS_KEY_POLICY, "data-key-policy").set("keyId", plan.get("data-key").id())
                .set("policy", "{\"Statement\":[{\"Sid\":\"Open\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}");
        assertViolation(plan, "SEC-KMS-02", "data-key", "Open");
    }

    // --- SEC-DDB-05: tables under the stack key ---

    @Test
    void aTableOnAnAwsKeyViolatesDdb05() {
        plan.get("jobs-table").set("serverSideEncryption", Map.of("enabled", true));
        assertViolation(plan, "SEC-DDB-05", "jobs-table", "AWS-managed key");
        plan.get("jobs-table").unset("serverSideEncryption");
        assertViolation(plan, "SEC-DDB-05", "jobs-table", "serverSideEncryption.enabled is unset");
    }

    @Test
    void aTableOnAForeignKeyViolatesDdb05() {
        plan.get("jobs-table").set("serverSideEncryption", Map.of("enabled", true, "kmsKeyArn", "arn:aws:kms:us-east-1:999999999999:key/x"));
        assertViolation(plan, "SEC-DDB-05", "jobs-table", "999999999999:key/x, which is no key of this stack");
    }

    @Test
    void aTableMayNameTheStackKeyByAlias() {
        plan.add(Types.KMS_ALIAS, "data-key-alias").set("name", "alias/data").set("targetKeyId", plan.get("data-key").id());
        plan.get("jobs-table").set("serverSideEncryption", Map.of("enabled", true, "kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:alias/data"));
        assertNoViolation(plan, "SEC-DDB-05");
    }

    // --- SEC-CW-02: log groups under the stack key, usable by CloudWatch Logs ---

    @Test
    void aLogGroupWithoutKeyViolatesCw02() {
        plan.get("build-logs").unset("kmsKeyId");
        assertViolation(plan, "SEC-CW-02", "build-logs", "CloudWatch's own key");
        plan.get("build-logs").set("kmsKeyId", "arn:aws:kms:us-east-1:999999999999:key/x");
        assertViolation(plan, "SEC-CW-02", "build-logs", "which is no key of this stack");
    }

    private void logsStatement(String statement) {
        plan.get("data-key").set("policy", "{\"Statement\":[" + ADMIN + "," + statement + "]}");
    }

    @ParameterizedTest(name = "CloudWatch Logs cannot use the key with {0}")
    @ValueSource(strings = {
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.eu-west-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":[\"kms:Decrypt*\",\"kms:GenerateDataKey*\",\"kms:Describe*\",\"kms:ReEncrypt*\"],\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"ArnLike\":{\"kms:EncryptionContext:aws:logs:arn\":\"arn:aws:logs:us-east-1:999999999999:log-group:*\"}}}",
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"ArnLike\":{\"kms:EncryptionContext:aws:logs:arn\":\"arn:aws:logs:us-east-1:123456789012:log-group:/other/*\"}}}",
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}",
            "{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"})
    void aKeyPolicyCloudWatchCannotUseViolatesCw02(String statement) {
        logsStatement(statement);
        assertViolation(plan, "SEC-CW-02", "build-logs", "logs.us-east-1.amazonaws.com", "log-group:/aws/codebuild/builder");
    }

    @Test
    void anUnconditionedLogsStatementServesEveryGroup() {
        logsStatement("{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        assertNoViolation(plan, "SEC-CW-02");
        assertViolation(plan, "SEC-KMS-02", "data-key", "logs.us-east-1.amazonaws.com", "no condition naming account");
    }

    // --- SEC-VPC-06: interface endpoints ---

    @Test
    void anInterfaceEndpointWithoutPrivateDnsViolatesVpc06() {
        plan.get("endpoint-ssm").set("privateDnsEnabled", false);
        assertViolation(plan, "SEC-VPC-06", "endpoint-ssm", "privateDnsEnabled is false");
        plan.get("endpoint-ssm").unset("privateDnsEnabled");
        assertViolation(plan, "SEC-VPC-06", "endpoint-ssm", "privateDnsEnabled is unset");
    }

    @Test
    void anInterfaceEndpointOnTheDefaultGroupViolatesVpc06() {
        plan.get("endpoint-ssm").unset("securityGroupIds");
        assertViolation(plan, "SEC-VPC-06", "endpoint-ssm", "names no security group");
    }

    @Test
    void anInterfaceEndpointWithAnotherGroupViolatesVpc06() {
        plan.get("endpoint-ssm").set("securityGroupIds", List.of(plan.get("endpoints-sg").id(), plan.get("worker-sg").id()));
        assertViolation(plan, "SEC-VPC-06", "endpoint-ssm", "worker-sg-id", "not tagged purpose=vpc-endpoints");
        plan.get("endpoint-ssm").set("securityGroupIds", List.of("sg-elsewhere"));
        assertViolation(plan, "SEC-VPC-06", "endpoint-ssm", "sg-elsewhere", "not declared in this stack");
    }

    @Test
    void gatewayEndpointsHaveNeitherDnsNorGroups() {
        plan.get("endpoint-ssm").set("vpcEndpointType", "Gateway").unset("privateDnsEnabled").unset("securityGroupIds");
        assertNoViolation(plan, "SEC-VPC-06");
    }

    // --- REL-CB-04: builds that reach into the VPC run in it ---

    @Test
    void aBuildThatMountsEfsOutsideTheVpcViolatesCb04() {
        plan.get("builder").unset("vpcConfig");
        assertViolation(plan, "REL-CB-04", "builder", "mounts EFS", "vpcConfig.vpcId", "vpcConfig.subnets", "vpcConfig.securityGroupIds");
    }

    @Test
    void aBuildWithoutSecurityGroupsIsNotInTheVpc() {
        plan.get("builder").set("vpcConfig.securityGroupIds", List.of());
        assertViolation(plan, "REL-CB-04", "builder", "[vpcConfig.securityGroupIds]");
    }

    @Test
    void aBuildThatNamesTheFileSystemInItsEnvironmentRunsInTheVpc() {
        plan.get("builder").unset("vpcConfig").unset("fileSystemLocations").set("environment.environmentVariables",
                List.of(Map.of("name", "EFS_ID", "type", "PLAINTEXT", "value", plan.get("models-fs").id())));
        assertViolation(plan, "REL-CB-04", "builder", "its variable EFS_ID names models-fs (FileSystem)");
    }

    @Test
    void aBuildInAnotherVpcThanItsFileSystemViolatesCb04() {
        plan.get("builder").set("vpcConfig.vpcId", "vpc-other");
        assertViolation(plan, "REL-CB-04", "builder", "runs in VPC vpc-other", "models-fs", "vpc-id");
    }

    @Test
    void aBuildThatReachesNothingInTheVpcMayRunOutside() {
        plan.get("builder").unset("vpcConfig").unset("fileSystemLocations");
        assertNoViolation(plan, "REL-CB-04");
    }

    // --- OPS-TAG-02: a known purpose on every bucket, queue and topic ---

    @ParameterizedTest(name = "{0} without a known purpose violates OPS-TAG-02")
    @ValueSource(strings = {"raw", "jobs", "ops-topic"})
    void aMissingPurposeViolatesTag02(String resource) {
        plan.get(resource).tag("purpose", null);
        assertViolation(plan, "OPS-TAG-02", resource, "no purpose tag");
    }

    @Test
    void aPurposeOfAnotherTypeIsUnknown() {
        plan.get("raw").tag("purpose", "job-queue");
        plan.get("jobs").tag("purpose", "raw-data");
        plan.get("ops-topic").tag("purpose", "alerts");
        assertViolation(plan, "OPS-TAG-02", "raw", "purpose job-queue, which no rule knows", "raw-data");
        assertViolation(plan, "OPS-TAG-02", "jobs", "purpose raw-data", "dead-letter, job-queue");
        assertViolation(plan, "OPS-TAG-02", "ops-topic", "purpose alerts", "[ops-alerts]");
    }

    @Test
    void purposeScopedRulesTreatAnUnknownPurposeStrictly() {
        plan.get("raw").tag("purpose", "archive").protect(false);
        plan.get("ops-topic").tag("purpose", "archive");
        plan.get("jobs-dlq").tag("purpose", "archive");
        plan.get("site").tag("purpose", "archive");
        plan.add(Types.BUCKET_WEBSITE, "site-website").set("bucket", plan.get("site").id()).set("indexDocument.suffix", "index.html");
        assertViolation(plan, "OPS-PROT-01", "raw", "neither protect nor retainOnDelete");
        assertViolation(plan, "REL-CW-02", "jobs-dlq", "expected the ops-alerts topic");
        assertViolation(plan, "REL-SQS-02", "jobs-dlq", "no redrive policy");
        assertViolation(plan, "SEC-CF-01", "site-website", "website configuration");
        assertEquals(4, Violations.evaluate(plan).violationsOf("OPS-TAG-02").size());
    }
}
