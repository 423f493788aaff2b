package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clauses of the older rules that no test broke alone (found by mutation testing): each test
 * breaks one clause of the compliant plan, or shows the boundary that the clause draws.
 */
class RuleClausesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    // --- Step Functions ---

    @Test
    void aCatchMayReachItsFailStateThroughAChoice() {
        plan.get("pipeline").set("definition", """
                {"StartAt":"Train","TimeoutSeconds":60,"States":{
                  "Train":{"Type":"Task","Resource":"x","End":true,"Retry":[{"ErrorEquals":["States.Timeout"]}],
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Route"}]},
                  "Route":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Gone"}],"Default":"Failed"},
                  "Gone":{"Type":"Succeed"},
                  "Failed":{"Type":"Fail"}}}""");
        assertNoViolation(plan, "REL-SFN-02");
    }

    @Test
    void anyChoiceThatFailsIsAFailurePath() {
        plan.get("pipeline").set("definition", """
                {"StartAt":"Train","TimeoutSeconds":60,"States":{
                  "Train":{"Type":"Task","Resource":"x","End":true,"Retry":[{"ErrorEquals":["States.Timeout"]}],
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Route"}]},
                  "Route":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Failed"},
                    {"Variable":"$.y","IsPresent":true,"Next":"Gone"}],"Default":"Gone"},
                  "Gone":{"Type":"Succeed"},
                  "Failed":{"Type":"Fail"}}}""");
        assertNoViolation(plan, "REL-SFN-02");
    }

    @Test
    void aChoiceThatNeverFailsIsNoFailurePath() {
        plan.get("pipeline").set("definition", """
                {"StartAt":"Train","TimeoutSeconds":60,"States":{
                  "Train":{"Type":"Task","Resource":"x","End":true,"Retry":[{"ErrorEquals":["States.Timeout"]}],
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Route"}]},
                  "Route":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Gone"}],"Default":"Gone"},
                  "Gone":{"Type":"Succeed"}}}""");
        assertViolation(plan, "REL-SFN-02", "pipeline", "Task Train has no Catch whose path ends in a Fail state");
    }

    @Test
    void tasksInsideMapStatesAreChecked() {
        plan.get("pipeline").set("definition", """
                {"StartAt":"Each","TimeoutSeconds":60,"States":{
                  "Each":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Inner","States":{"Inner":{"Type":"Task","Resource":"x","End":true}}},
                    "Iterator":{"StartAt":"Old","States":{"Old":{"Type":"Task","Resource":"x","End":true}}}}}}""");
        assertViolation(plan, "REL-SFN-02", "pipeline", "Task Inner has no Retry");
        assertViolation(plan, "REL-SFN-02", "pipeline", "Task Old has no Retry");
    }

    @Test
    void aZeroTimeoutIsNoTimeout() {
        plan.get("pipeline").set("definition", CompliantPlan.STATE_MACHINE.replace("\"TimeoutSeconds\":7200", "\"TimeoutSeconds\":0"));
        assertViolation(plan, "REL-SFN-02", "pipeline", "TimeoutSeconds 0");
        plan.get("pipeline").set("definition", CompliantPlan.STATE_MACHINE.replace("\"TimeoutSeconds\":7200", "\"TimeoutSeconds\":1"));
        assertNoViolation(plan, "REL-SFN-02");
    }

    // --- CloudFront origins ---

    @Test
    void anOriginOnTheBucketsGlobalNameInsteadOfItsRegionalOneViolatesCf01() {
        plan.get("site").state("bucketDomainName", "site.s3.amazonaws.com");
        plan.get("cdn").set("origins", List.of(Map.of("originId", "site", "domainName", "site.s3.amazonaws.com",
                "originAccessControlId", plan.get("site-oac").id())));
        assertViolation(plan, "SEC-CF-01", "cdn", "uses site.s3.amazonaws.com", "regional REST domain site.s3.us-east-1.amazonaws.com");
    }

    @Test
    void anOriginOnTheBucketsWebsiteEndpointViolatesCf01() {
        plan.get("site").state("websiteEndpoint", "site-web.example");
        plan.get("cdn").set("origins", List.of(Map.of("originId", "site", "domainName", "site-web.example",
                "originAccessControlId", plan.get("site-oac").id())));
        assertViolation(plan, "SEC-CF-01", "cdn", "S3 website endpoint site-web.example");
    }

    @ParameterizedTest(name = "{0} is an S3 origin")
    @ValueSource(strings = {"other.s3.eu-west-1.amazonaws.com", "other.s3-eu-west-1.amazonaws.com"})
    void anS3OriginOutsideTheStackStillNeedsAccessControl(String domain) {
        plan.get("cdn").set("origins", List.of(Map.of("originId", "other", "domainName", domain)));
        assertViolation(plan, "SEC-CF-01", "cdn", "S3 origin other has no originAccessControlId");
    }

    @Test
    void anOriginWithS3ConfigIsAnS3OriginAndItsIdentityIsLegacy() {
        plan.get("cdn").set("origins", List.of(Map.of("originId", "legacy", "domainName", "example.com",
                "originAccessControlId", plan.get("site-oac").id(), "s3OriginConfig", Map.of("originAccessIdentity", "origin-access-identity/cloudfront/E1"))));
        assertViolation(plan, "SEC-CF-01", "cdn", "legacy origin access identity origin-access-identity/cloudfront/E1");
    }

    @Test
    void aCustomOriginNeedsNoAccessControl() {
        plan.get("cdn").set("origins", List.of(Map.of("originId", "api", "domainName", "api.example.com")));
        assertNoViolation(plan, "SEC-CF-01");
    }

    @Test
    void anUndeclaredOrNonS3AccessControlViolatesCf01() {
        plan.get("cdn").set("origins", List.of(Map.of("originId", "site", "domainName", "site.s3.us-east-1.amazonaws.com",
                "originAccessControlId", "E-ELSEWHERE")));
        assertViolation(plan, "SEC-CF-01", "cdn", "E-ELSEWHERE is no OriginAccessControl of this stack");
        plan.get("cdn").set("origins", List.of(Map.of("originId", "site", "domainName", "site.s3.us-east-1.amazonaws.com",
                "originAccessControlId", plan.get("site-oac").id())));
        plan.get("site-oac").set("originAccessControlOriginType", "mediastore");
        assertViolation(plan, "SEC-CF-01", "cdn", "origin type mediastore; expected s3");
    }

    @Test
    void theInlineWebsitesInputIsAWebsiteConfiguration() {
        plan.get("site").set("websites", List.of(Map.of("indexDocument", "index.html")));
        assertViolation(plan, "SEC-CF-01", "site", "inline websites input");
    }

    @Test
    void aBehaviorWithoutOrWithAnUndeclaredHeadersPolicyViolatesCf04() {
        plan.get("cdn").set("defaultCacheBehavior.responseHeadersPolicyId", null);
        assertViolation(plan, "SEC-CF-04", "cdn", "defaultCacheBehavior has no responseHeadersPolicyId");
        plan.get("cdn").set("defaultCacheBehavior.responseHeadersPolicyId", "rhp-elsewhere");
        assertViolation(plan, "SEC-CF-04", "cdn", "rhp-elsewhere is no ResponseHeadersPolicy of this stack");
        plan.get("cdn").set("defaultCacheBehavior.responseHeadersPolicyId", "67f7725c-6f97-4210-82d7-5512b31e9d03");
        assertNoViolation(plan, "SEC-CF-04");
    }

    // --- Security groups ---

    @Test
    void securityGroupRuleResourcesAreCheckedForIngressAndDescriptions() {
        plan.add(Types.SECURITY_GROUP_RULE, "open").set("type", "ingress").set("securityGroupId", plan.get("worker-sg").id())
                .set("ipv6CidrBlocks", List.of("::/0")).set("fromPort", 443.0).set("toPort", 443.0).set("protocol", "tcp");
        assertViolation(plan, "SEC-VPC-03", "open", "security group rule open allows ingress from ::/0");
        assertViolation(plan, "SEC-VPC-03", "open", "open (SecurityGroupRule) has no description");
    }

    @Test
    void anEgressRuleMayReachTheInternetButNeedsADescription() {
        plan.add(Types.SECURITY_GROUP_RULE, "out").set("type", "egress").set("securityGroupId", plan.get("worker-sg").id())
                .set("cidrBlocks", List.of("0.0.0.0/0")).set("fromPort", 443.0).set("toPort", 443.0).set("protocol", "tcp");
        plan.add(Types.EGRESS_RULE, "out2").set("securityGroupId", plan.get("worker-sg").id()).set("cidrIpv4", "0.0.0.0/0")
                .set("ipProtocol", "tcp").set("fromPort", 443.0).set("toPort", 443.0);
        PolicyReport report = Violations.evaluate(plan);
        assertEquals(List.of("out (SecurityGroupRule) has no description", "out2 (SecurityGroupEgressRule) has no description"),
                report.violationsOf("SEC-VPC-03").stream().map(Violation::message).toList());
    }

    @Test
    void inlineEgressNeedsADescription() {
        plan.get("worker-sg").set("egress", List.of(Map.of("protocol", "-1", "cidrBlocks", List.of("0.0.0.0/0"))));
        assertViolation(plan, "SEC-VPC-03", "worker-sg", "egress[0] has no description");
    }

    @Test
    void aBlockThatIsNotACidrIsReported() {
        plan.add(Types.INGRESS_RULE, "typo").set("securityGroupId", plan.get("worker-sg").id()).set("cidrIpv4", "10.0.0.0/33")
                .set("ipProtocol", "tcp").set("fromPort", 22.0).set("toPort", 22.0).set("description", "ssh");
        assertViolation(plan, "SEC-VPC-03", "typo", "\"10.0.0.0/33\" is not a CIDR block");
    }

    @Test
    void aPrefixListEntryResourceCounts() {
        plan.add("aws:ec2/managedPrefixList:ManagedPrefixList", "offices").set("addressFamily", "IPv4").set("maxEntries", 2.0);
        plan.add("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "everyone").set("prefixListId", plan.get("offices").id())
                .set("cidr", "0.0.0.0/0");
        plan.get("worker-sg").set("ingress", List.of(Map.of("protocol", "tcp", "fromPort", 443.0, "toPort", 443.0,
                "prefixListIds", List.of(plan.get("offices").id()), "description", "https")));
        assertViolation(plan, "SEC-VPC-03", "worker-sg", "ingress[0] allows ingress from 0.0.0.0/0");
    }

    // --- Launching into public subnets ---

    @ParameterizedTest(name = "a {0} in a public subnet violates SEC-VPC-02")
    @ValueSource(strings = {"aws:ec2/instance:Instance", "aws:ec2/spotInstanceRequest:SpotInstanceRequest"})
    void workloadsInPublicSubnetsViolateVpc02(String type) {
        plan.add(type, "box").set("subnetId", plan.get("public-a").id());
        assertViolation(plan, "SEC-VPC-02", "box", "launches into public subnet public-a");
    }

    @Test
    void listInputsIntoPublicSubnetsViolateVpc02() {
        plan.get("worker").set("vpcConfig.subnetIds", List.of(plan.get("private-a").id(), plan.get("public-b").id()));
        plan.get("builder").set("vpcConfig.subnets", List.of(plan.get("public-a").id()));
        plan.add(Types.AUTOSCALING_GROUP, "fleet").set("vpcZoneIdentifiers", List.of(plan.get("public-a").id()));
        assertViolation(plan, "SEC-VPC-02", "worker", "public subnet public-b");
        assertViolation(plan, "SEC-VPC-02", "builder", "public subnet public-a");
        assertViolation(plan, "SEC-VPC-02", "fleet", "public subnet public-a");
    }

    @Test
    void anInterfaceEndpointDoesNotCountAsAnS3GatewayEndpoint() {
        plan.get("endpoint-s3").set("vpcEndpointType", "Interface");
        assertViolation(plan, "SEC-VPC-05", "rt-private-a", "no s3 gateway endpoint");
    }

    @Test
    void aPrivateRouteTableWithoutADefaultRouteViolatesVpc04() {
        plan.get("rt-private-a").unset("routes");
        assertViolation(plan, "REL-VPC-04", "rt-private-a", "no default route to a NAT gateway");
    }

    // --- Asynchronous failure sinks ---

    @Test
    void anEventInvokeConfigWithoutSinkViolatesAsync01() {
        plan.get("worker-async").unset("destinationConfig");
        assertViolation(plan, "REL-ASYNC-01", "worker-async", "no destinationConfig.onFailure.destination");
        plan.get("worker").set("deadLetterConfig.targetArn", plan.get("jobs-dlq").arn());
        assertNoViolation(plan, "REL-ASYNC-01");
    }

    @ParameterizedTest(name = "a function {0} invokes needs a failure sink")
    @ValueSource(strings = {"sns.amazonaws.com", "s3.amazonaws.com", "events.amazonaws.com"})
    void functionsPermittedToAsyncInvokersNeedASink(String service) {
        plan.add(Types.LAMBDA_PERMISSION, "api-from-async").set("action", "lambda:InvokeFunction").set("function", plan.get("api-handler").id())
                .set("principal", service).set("sourceArn", plan.get("ops-topic").arn());
        assertViolation(plan, "REL-ASYNC-01", "api-handler", "invoked asynchronously");
    }

    @Test
    void aFunctionTargetedByAnEventRuleNeedsASink() {
        plan.add(Types.EVENT_TARGET, "to-api").set("rule", plan.get("spot-interruption").id()).set("arn", plan.get("api-handler").arn())
                .set("deadLetterConfig.arn", plan.get("jobs-dlq").arn()).set("retryPolicy.maximumRetryAttempts", 2.0);
        assertViolation(plan, "REL-ASYNC-01", "api-handler", "invoked asynchronously");
    }

    @Test
    void anInvokeConfigForAnotherFunctionIsNoSink() {
        plan.get("worker-async").set("functionName", plan.get("health").id());
        assertViolation(plan, "REL-ASYNC-01", "worker", "invoked asynchronously");
    }

    // --- Redrive ---

    @ParameterizedTest(name = "maxReceiveCount {0} is fine")
    @ValueSource(strings = {"3", "10", "\"7\""})
    void receiveCountsFromThreeToTenAreFine(String count) {
        plan.get("jobs").set("redrivePolicy", "{\"deadLetterTargetArn\":\"" + plan.get("jobs-dlq").arn() + "\",\"maxReceiveCount\":" + count + "}");
        assertNoViolation(plan, "REL-SQS-02");
    }

    @ParameterizedTest(name = "maxReceiveCount {0} is out of range")
    @ValueSource(strings = {"2", "11", "\"many\""})
    void receiveCountsOutsideThreeToTenViolateSqs02(String count) {
        plan.get("jobs").set("redrivePolicy", "{\"deadLetterTargetArn\":\"" + plan.get("jobs-dlq").arn() + "\",\"maxReceiveCount\":" + count + "}");
        assertViolation(plan, "REL-SQS-02", "jobs", "maxReceiveCount is", "between 3 and 10");
    }

    @Test
    void aRedriveToNoQueueOfTheStackViolatesSqs02() {
        plan.get("jobs").set("redrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:999999999999:x\",\"maxReceiveCount\":5}");
        assertViolation(plan, "REL-SQS-02", "jobs", "redrives to arn:aws:sqs:us-east-1:999999999999:x, which is no queue of this stack");
        plan.get("jobs").set("redrivePolicy", "{\"maxReceiveCount\":5}");
        assertViolation(plan, "REL-SQS-02", "jobs", "redrives to nothing");
    }

    @Test
    void aDlqKeepingMessagesExactlyAsLongViolatesSqs02() {
        plan.get("jobs-dlq").set("messageRetentionSeconds", 345600.0);
        assertViolation(plan, "REL-SQS-02", "jobs", "keeps messages 345600s");
    }

    // --- IAM, S3, logs, messaging ---

    @Test
    void serviceWildcardsAreNamedButTheFullWildcardIsNotCountedTwice() {
        plan.get("worker-role-policy").set("policy", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"*\",\"sqs:*\"],\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:jobs\"}}");
        PolicyReport report = Violations.evaluate(plan);
        assertEquals(1, report.violationsOf("SEC-IAM-01").size(), CompliantPlanTest.print(report));
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "Allows sqs:* (every sqs action)");
    }

    @Test
    void decryptOnAllKeysViolatesIam01OnlyWithEveryResource() {
        plan.get("worker-role-policy").set("policy", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*crypt\",\"Resource\":\"*\"}}");
        assertViolation(plan, "SEC-IAM-01", "worker-role-policy", "kms:Decrypt (via [kms:*crypt]) on Resource *");
    }

    @Test
    void aLifecycleWithoutNoncurrentExpiryViolatesRelS307() {
        plan.get("raw-lifecycle").set("rules", List.of(
                Map.of("id", "noncurrent", "status", "Enabled", "noncurrentVersionExpiration", Map.of("noncurrentDays", 0.0)),
                Map.of("id", "multipart", "status", "Enabled", "abortIncompleteMultipartUpload", Map.of("daysAfterInitiation", 1.0))));
        assertViolation(plan, "REL-S3-07", "raw", "noncurrentVersionExpiration.noncurrentDays > 0");
    }

    @Test
    void aTlsDenyOfSomeActionsIsNoTlsDeny() {
        plan.get("raw-policy").set("policy", """
                {"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":["arn:aws:s3:::raw","arn:aws:s3:::raw/*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");
        assertViolation(plan, "SEC-S3-02", "raw", "no bucket policy statement");
    }

    @Test
    void aPublicGrantInAnInlineBucketPolicyViolatesS303() {
        plan.get("raw").set("policy", "{\"Statement\":[{\"Sid\":\"Inline\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        assertViolation(plan, "SEC-S3-03", "raw", "Inline", "Principal *");
    }

    @Test
    void aPublicGrantInAnInlineQueueOrTopicPolicyIsFound() {
        plan.get("jobs").set("policy", "{\"Statement\":[{\"Sid\":\"Inline\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\"}]}");
        plan.get("ops-topic").set("policy", "{\"Statement\":[{\"Sid\":\"Inline\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sns:Publish\"}]}");
        assertViolation(plan, "SEC-SQS-01", "jobs", "Inline");
        assertViolation(plan, "SEC-SNS-01", "ops-topic", "Inline");
    }

    @Test
    void aTopicWithoutKeyViolatesSns01() {
        plan.get("ops-topic").unset("kmsMasterKeyId");
        assertViolation(plan, "SEC-SNS-01", "ops-topic", "has no kmsMasterKeyId");
    }

    @Test
    void writersWithoutLogGroupsViolateCw01() {
        plan.get("pipeline").unset("loggingConfiguration.logDestination");
        plan.get("api-stage").set("accessLogSettings.destinationArn", "arn:aws:logs:us-east-1:123456789012:log-group:gone");
        plan.get("vpc-flow-log").unset("logDestination").set("logGroupName", "/vpc/flow-logs");
        plan.get("health").unset("name");
        assertViolation(plan, "SEC-CW-01", "pipeline", "state machine pipeline names no log group");
        assertViolation(plan, "SEC-CW-01", "api-stage", "API stage api-stage writes to log group arn:aws:logs:us-east-1:123456789012:log-group:gone");
        assertViolation(plan, "SEC-CW-01", "health", "function health names no log group");
        assertEquals(3, Violations.evaluate(plan).violationsOf("SEC-CW-01").size());
    }

    @Test
    void onlyAnOpsAlertsTopicReceivesDlqAlarms() {
        plan.get("ops-topic").tag("purpose", "dead-letter");
        assertViolation(plan, "REL-CW-02", "jobs-dlq", "expected the ops-alerts topic []");
    }

    @Test
    void buildEncryptionAndLogsClauses() {
        plan.get("builder").set("secondaryArtifacts", List.of(Map.of("encryptionDisabled", true))).set("logsConfig.s3Logs.encryptionDisabled", true);
        assertViolation(plan, "SEC-CB-01", "builder", "[secondaryArtifacts[0], logsConfig.s3Logs]");
        plan.get("builder").set("logsConfig.cloudwatchLogs.status", "DISABLED");
        assertViolation(plan, "SEC-CB-01", "builder", "CloudWatch logs DISABLED");
        plan.get("builder").set("logsConfig.cloudwatchLogs", Map.of("status", "ENABLED", "groupName", "/aws/codebuild/nowhere"));
        assertViolation(plan, "SEC-CB-01", "builder", "undeclared log group /aws/codebuild/nowhere");
    }

    @Test
    void onlyTheMountedFileSystemsTargetsCountForCb03() {
        var other = plan.add(Types.FILE_SYSTEM, "other-fs").set("encrypted", true).set("kmsKeyId", plan.get("data-key").arn()).protect(true);
        plan.add(Types.MOUNT_TARGET, "other-mt-a").set("fileSystemId", other.id()).set("subnetId", plan.get("private-a").id());
        plan.without("models-mt-b");
        assertViolation(plan, "REL-CB-03", "builder", "[us-east-1b]", "mount targets in [us-east-1a]");
    }

    @Test
    void aFunctionWithoutRuntimeViolatesLam01UnlessItIsAnImage() {
        plan.get("worker").unset("runtime");
        assertViolation(plan, "SEC-LAM-01", "worker", "has no runtime");
        plan.get("worker").set("packageType", "Image");
        assertNoViolation(plan, "SEC-LAM-01");
    }

    @Test
    void theSupportedRuntimesListedAreThoseStillSupported() {
        plan.get("worker").set("runtime", "nodejs16.x");
        var v = assertViolation(plan, "SEC-LAM-01", "worker", "nodejs16.x is deprecated or unknown");
        org.junit.jupiter.api.Assertions.assertTrue(v.message().contains("java21") && !v.message().contains("nodejs18.x"), v.message());
    }

    @Test
    void aTagWithAnotherStacksNameViolatesTag01() {
        plan.get("jobs").tag("project", "other");
        assertViolation(plan, "OPS-TAG-01", "jobs", "project=other; expected portfolio");
    }

    @Test
    void aSpotRuleMatchingOnlyTheRebalanceFromAnotherSourceViolatesEvb02() {
        plan.get("spot-interruption").set("eventPattern", "{\"source\":[\"custom\"],\"detail-type\":[\"EC2 Instance Rebalance Recommendation\"]}");
        assertViolation(plan, "REL-EVB-02", "spot-interruption", "expected source aws.ec2");
    }
}
