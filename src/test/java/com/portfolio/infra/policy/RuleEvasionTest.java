package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GIVEN the compliant plan with one rule walked around (a negated policy element, a wildcard ARN,
 * a split CIDR, a narrowed TLS statement, a credential under an innocent name, a missing purpose
 * tag) WHEN evaluated THEN the rule still reports it; and the look-alikes that are fine stay fine.
 */
class RuleEvasionTest {
    final TestPlan plan = CompliantPlan.build("prod");

    // --- NotPrincipal: in an Allow it reaches everyone but the listed principals ---

    @Test
    void notPrincipalInABucketPolicyIsAPublicGrant() {
        plan.get("raw-policy").set("policy", """
                {"Statement":[{"Sid":"AllButOne","Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/x"},
                 "Action":"s3:GetObject","Resource":"arn:aws:s3:::raw/*"}]}""");
        assertViolation(plan, "SEC-S3-03", "raw-policy", "AllButOne", "NotPrincipal");
    }

    @Test
    void notPrincipalInAQueuePolicyIsAPublicGrant() {
        plan.get("jobs-policy").set("policy", """
                {"Statement":{"Sid":"Open","Effect":"Allow","NotPrincipal":{"Service":"events.amazonaws.com"},
                 "Action":"sqs:SendMessage","Resource":"*"}}""");
        assertViolation(plan, "SEC-SQS-01", "jobs-policy", "Open", "NotPrincipal");
    }

    @Test
    void notPrincipalInATopicPolicyIsAPublicGrant() {
        plan.get("ops-topic-policy").set("policy", """
                {"Statement":{"Sid":"Open","Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},
                 "Action":"sns:Publish","Resource":"*"}}""");
        assertViolation(plan, "SEC-SNS-01", "ops-topic-policy", "Open", "NotPrincipal");
    }

    // --- NotAction: an Allow grants every action but the listed ones ---

    @Test
    void notActionInAQueuePolicyGrantsEverySqsAction() {
        plan.get("jobs-policy").set("policy", """
                {"Statement":{"Sid":"AllButDelete","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},
                 "NotAction":"sqs:DeleteQueue","Resource":"*"}}""");
        assertViolation(plan, "SEC-SQS-01", "jobs-policy", "AllButDelete", "NotAction");
    }

    @Test
    void notActionGrantsPassRoleOnEverything() {
        plan.get("worker-role-policy").set("policy", """
                {"Statement":{"Sid":"AllButS3","Effect":"Allow","NotAction":"s3:*","Resource":"*"}}""");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "AllButS3", "iam:PassRole");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "AllButS3", "kms:Decrypt");
    }

    // --- NotResource and wildcard ARNs count as all resources ---

    @Test
    void notResourceCountsAsEveryResource() {
        plan.get("worker-role-policy").set("policy", """
                {"Statement":{"Sid":"DecryptAlmostAll","Effect":"Allow","Action":"kms:Decrypt",
                 "NotResource":"arn:aws:kms:us-east-1:123456789012:key/other"}}""");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "DecryptAlmostAll", "kms:Decrypt");
    }

    @ParameterizedTest(name = "kms:Decrypt on {0} is on all resources")
    @ValueSource(strings = {"arn:aws:kms:*", "arn:aws:kms:us-east-1:123456789012:key/*", "arn:aws:kms:*:123456789012:key/abc",
            "arn:aws:kms:us-east-1:*:key/abc", "arn:*:kms:us-east-1:123456789012:key/abc"})
    void wildcardKeyArnsCountAsEveryKey(String resource) {
        plan.get("worker-role-policy").set("policy", """
                {"Statement":{"Sid":"Decrypt","Effect":"Allow","Action":"kms:Decrypt","Resource":"%s"}}""".formatted(resource));
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "kms:Decrypt");
    }

    @ParameterizedTest(name = "iam:PassRole on {0} is on all resources")
    @ValueSource(strings = {"arn:aws:iam::*:role/worker", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:*"})
    void wildcardRoleArnsCountAsEveryRole(String resource) {
        plan.get("worker-role-policy").set("policy", """
                {"Statement":{"Sid":"Pass","Effect":"Allow","Action":"iam:PassRole","Resource":"%s"}}""".formatted(resource));
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "iam:PassRole");
    }

    @Test
    void aWildcardAfterTheNameStaysWithinTheStack() {
        plan.get("worker-role-policy").set("policy", """
                {"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/portfolio-prod-*"},
                 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:123456789012:key/abc"}]}""");
        assertNoViolation(plan, "SEC-IAM-01");
    }

    // --- A set of CIDRs whose union is wide is open to the internet ---

    @Test
    void twoHalvesOfTheInternetInOneRuleAreTheInternet() {
        plan.add(Types.SECURITY_GROUP_RULE, "halves").set("type", "ingress").set("securityGroupId", plan.get("worker-sg").id())
                .set("cidrBlocks", List.of("0.0.0.0/1", "128.0.0.0/1")).set("fromPort", 22.0).set("toPort", 22.0)
                .set("protocol", "tcp").set("description", "ssh");
        assertViolation(plan, "SEC-VPC-03", "halves", "0.0.0.0/1", "128.0.0.0/1");
        org.junit.jupiter.api.Assertions.assertEquals(1, Violations.evaluate(plan).violationsOf("SEC-VPC-03").size(),
                "a source wide on its own is reported once, not again as part of its group");
    }

    @Test
    void narrowBlocksSpreadOverRulesOfOneGroupAddUp() {
        for (String block : List.of("1.0.0.0/9", "2.0.0.0/9", "3.0.0.0/9")) {
            plan.add(Types.INGRESS_RULE, "from-" + block.charAt(0)).set("securityGroupId", plan.get("worker-sg").id())
                    .set("cidrIpv4", block).set("ipProtocol", "tcp").set("fromPort", 22.0).set("toPort", 22.0)
                    .set("description", "ssh");
        }
        assertViolation(plan, "SEC-VPC-03", "worker-sg", "1.0.0.0/9, 2.0.0.0/9, 3.0.0.0/9", "union");
    }

    @Test
    void aPrefixShorterThanSlash8IsOpenOnItsOwn() {
        plan.get("worker-sg").set("ingress", List.of(Map.of("protocol", "tcp", "fromPort", 443.0, "toPort", 443.0,
                "cidrBlocks", List.of("64.0.0.0/7"), "description", "https")));
        assertViolation(plan, "SEC-VPC-03", "worker-sg", "ingress[0]", "64.0.0.0/7");
    }

    @Test
    void ipv6HalvesAreTheInternet() {
        plan.add(Types.INGRESS_RULE, "v6-low").set("securityGroupId", plan.get("worker-sg").id()).set("cidrIpv6", "::/1")
                .set("ipProtocol", "tcp").set("fromPort", 443.0).set("toPort", 443.0).set("description", "https");
        plan.add(Types.INGRESS_RULE, "v6-high").set("securityGroupId", plan.get("worker-sg").id()).set("cidrIpv6", "8000::/1")
                .set("ipProtocol", "tcp").set("fromPort", 443.0).set("toPort", 443.0).set("description", "https");
        assertViolation(plan, "SEC-VPC-03", "v6-low", "::/1");
    }

    @Test
    void aDeclaredPrefixListThatHoldsTheInternetIsOpen() {
        plan.add("aws:ec2/managedPrefixList:ManagedPrefixList", "everyone").set("addressFamily", "IPv4").set("maxEntries", 1.0)
                .set("entries", List.of(Map.of("cidr", "0.0.0.0/0", "description", "all")));
        plan.add(Types.INGRESS_RULE, "from-list").set("securityGroupId", plan.get("worker-sg").id())
                .set("prefixListId", plan.get("everyone").id()).set("ipProtocol", "tcp").set("fromPort", 443.0).set("toPort", 443.0)
                .set("description", "https from the list");
        assertViolation(plan, "SEC-VPC-03", "from-list", "0.0.0.0/0");
    }

    @Test
    void privateAndNarrowRangesAreNotTheInternet() {
        plan.get("worker-sg").set("ingress", List.of(Map.of("protocol", "tcp", "fromPort", 443.0, "toPort", 443.0,
                "cidrBlocks", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "8.0.0.0/8"),
                "ipv6CidrBlocks", List.of("2001:db8::/32"), "description", "https from the offices")));
        assertNoViolation(plan, "SEC-VPC-03");
    }

    // --- The TLS-only statement covers the bucket and its objects, for every request ---

    private void tlsStatement(String statement) {
        plan.get("artifacts-policy").set("policy", "{\"Statement\":[" + statement + "]}");
    }

    @Test
    void aTlsDenyOnTheObjectsOnlyLeavesTheBucketOpen() {
        tlsStatement("""
                {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::artifacts/*",
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        assertViolation(plan, "SEC-S3-02", "artifacts", "covers its objects but not the bucket");
    }

    @Test
    void aTlsDenyOnTheBucketOnlyLeavesTheObjectsOpen() {
        tlsStatement("""
                {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::artifacts",
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        assertViolation(plan, "SEC-S3-02", "artifacts", "covers the bucket but not its objects");
    }

    @Test
    void aTlsDenyOnAnotherBucketCoversNeither() {
        tlsStatement("""
                {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::other","arn:aws:s3:::other/*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        assertViolation(plan, "SEC-S3-02", "artifacts", "covers neither the bucket nor its objects");
    }

    @Test
    void aTlsDenyWithAnExtraConditionIsOnlySometimesTrue() {
        tlsStatement("""
                {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::artifacts","arn:aws:s3:::artifacts/*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"},"StringEquals":{"aws:PrincipalAccount":"999999999999"}}}""");
        assertViolation(plan, "SEC-S3-02", "artifacts", "aws:SecureTransport");
    }

    @Test
    void aTlsDenyWithNotPrincipalSparesSomeone() {
        tlsStatement("""
                {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:*",
                 "Resource":["arn:aws:s3:::artifacts","arn:aws:s3:::artifacts/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        assertViolation(plan, "SEC-S3-02", "artifacts", "every principal");
    }

    @Test
    void boolIfExistsIsAsGoodAsBool() {
        tlsStatement("""
                {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::artifacts","arn:aws:s3:::artifacts/*"],
                 "Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}""");
        assertNoViolation(plan, "SEC-S3-02");
    }

    @Test
    void twoDenyStatementsMayShareTheWork() {
        tlsStatement("""
                {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::artifacts",
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
                {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::artifact*/*",
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        assertNoViolation(plan, "SEC-S3-02");
    }

    // --- Credentials in plain text, whatever the variable is called ---

    @ParameterizedTest(name = "{0} is a credential")
    @ValueSource(strings = {
            "postgres://app:s3cr3t-pw@db.internal:5432/jobs",
            "AKIAIOSFODNN7EXAMPLE",
            "ASIAIOSFODNN7EXAMPLE",
            "ghp_0123456789abcdefghijABCDEFGHIJ012345",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU",
            "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "sk_live_0123456789abcdefABCDEF"})
    void aKnownTokenFormatIsACredentialWhateverTheName(String value) {
        plan.get("worker").set("environment.variables", Map.of("SETTINGS", value));
        assertViolation(plan, "SEC-LAM-01", "worker", "SETTINGS");
    }

    @Test
    void aPasswordInsideAUrlIsFoundInCodeBuildToo() {
        plan.get("builder").set("environment.environmentVariables", List.of(
                Map.of("name", "MIRROR", "type", "PLAINTEXT", "value", "https://ci:hunter22@pypi.internal/simple")));
        assertViolation(plan, "SEC-CB-02", "builder", "MIRROR");
    }

    @Test
    void urlsWithoutPasswordsArnsAndShortValuesAreNotCredentials() {
        plan.get("worker").set("environment.variables", Map.of(
                "TOKEN_URL", "https://auth.example.com/oauth2/token",
                "DB_URL", "postgres://db.internal:5432/jobs",
                "SIGNING_KEY_ARN", "arn:aws:kms:us-east-1:123456789012:key/abc",
                "KEY_COUNT", "3",
                "TOKEN_TTL_SECONDS", "3600",
                "SECRET_ROTATION", "true"));
        assertNoViolation(plan, "SEC-LAM-01");
    }

    // --- A missing or unknown purpose must not take a resource out of its rules ---

    @Test
    void aBucketWithoutPurposeGetsTheStrictestBucketRules() {
        plan.get("raw").tag("purpose", null);
        plan.without("raw-versioning");
        assertViolation(plan, "REL-S3-07", "raw", "versioning");
    }

    @Test
    void aQueueWithAnUnknownPurposeNeedsARedrivePolicy() {
        plan.get("jobs").tag("purpose", "jobz").unset("redrivePolicy");
        assertViolation(plan, "REL-SQS-02", "jobs", "no redrive policy");
    }

    // --- A Lambda permission for everything that invokes ---

    @Test
    void aWildcardSourceArnIsNoSourceArn() {
        plan.get("health-permission").set("sourceArn", "arn:aws:execute-api:us-east-1:*:*");
        assertViolation(plan, "SEC-LAM-02", "health-permission", "sourceArn");
    }
}
