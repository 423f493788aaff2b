package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.InputConstraint.Family.AUTO_NAME;
import static com.portfolio.infra.policy.InputConstraint.Family.CROSS_FIELD;
import static com.portfolio.infra.policy.InputConstraint.Family.NAMING;
import static com.portfolio.infra.policy.InputConstraint.Family.QUOTAS;
import static com.portfolio.infra.policy.InputConstraint.Family.SCHEMA_ENUM;
import static com.portfolio.infra.policy.InputConstraint.Family.SCHEMA_ITEMS;
import static com.portfolio.infra.policy.InputConstraint.Family.SCHEMA_LENGTH;
import static com.portfolio.infra.policy.InputConstraint.Family.SCHEMA_PATTERN;
import static com.portfolio.infra.policy.InputConstraint.Family.SCHEMA_RANGE;
import static com.portfolio.infra.policy.InputConstraint.Family.TAGS;
import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.portfolio.infra.policy.InputConstraint.Family;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * APPLY-01: GIVEN the compliant plan with one bad value planted WHEN evaluated THEN APPLY-01
 * reports that resource with a message naming the value and the rule; one case per rule kind.
 */
class ApplyRulesTest {

    private static final String RULE = "APPLY-01";

    /** One planted bad value and what the finding must say. */
    record Case(Family family, String name, Consumer<TestPlan> plant, String resource, String... messageParts) {
        @Override
        public String toString() {
            return family.label() + ": " + name;
        }
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }

    private static Case when(Family family, String name, Consumer<TestPlan> plant, String resource, String... parts) {
        return new Case(family, name, plant, resource, parts);
    }

    static final List<Case> CASES = List.of(
            // --- patterns, lengths, enums, ranges and item counts of the CloudFormation schemas ---
            when(SCHEMA_PATTERN, "security group description with an apostrophe",
                    p -> p.get("worker-sg").set("description", "the training platform's workers"), "worker-sg",
                    "description \"the training platform's workers\" does not match", "AWS::EC2::SecurityGroup.GroupDescription"),
            when(SCHEMA_PATTERN, "IAM role name with a space",
                    p -> p.get("worker-role").set("name", "worker role"), "worker-role",
                    "name \"worker role\"", "AWS::IAM::Role.RoleName"),
            when(SCHEMA_PATTERN, "log group name with a space",
                    p -> p.get("flow-logs").set("name", "/vpc/flow logs"), "flow-logs", "AWS::Logs::LogGroup.LogGroupName"),
            when(SCHEMA_PATTERN, "KMS alias without alias/",
                    p -> p.add(Types.KMS_ALIAS, "data-key-alias").set("name", "data-key").set("targetKeyId", "data-key-id"),
                    "data-key-alias", "AWS::KMS::Alias.AliasName"),
            when(SCHEMA_PATTERN, "access point path with a dot directory",
                    p -> p.get("models-ap").set("rootDirectory.path", "/.models"), "models-ap",
                    "rootDirectory.path \"/.models\"", "AWS::EFS::AccessPoint.RootDirectory.Path"),
            when(SCHEMA_LENGTH, "security group description over 255 characters",
                    p -> p.get("worker-sg").set("description", repeat("a", 256)), "worker-sg", "is 256 characters long",
                    "at most 255 characters"),
            when(SCHEMA_LENGTH, "IAM role name over 64 characters",
                    p -> p.get("worker-role").set("name", repeat("r", 65)), "worker-role", "is 65 characters long",
                    "AWS::IAM::Role.RoleName"),
            when(SCHEMA_LENGTH, "Lambda description over 256 characters",
                    p -> p.get("api-handler").set("description", repeat("d", 257)), "api-handler", "is 257 characters long"),
            when(SCHEMA_ENUM, "log group retention not in CloudWatch's list",
                    p -> p.get("flow-logs").set("retentionInDays", 45.0), "flow-logs",
                    "retentionInDays 45 is not one of the accepted values", "AWS::Logs::LogGroup.RetentionInDays"),
            when(SCHEMA_ENUM, "unknown Lambda runtime",
                    p -> p.get("api-handler").set("runtime", "java99"), "api-handler", "runtime \"java99\"",
                    "AWS::Lambda::Function.Runtime"),
            when(SCHEMA_ENUM, "launch template metadata tokens not optional/required",
                    p -> p.get("trainer-lt").set("metadataOptions.httpTokens", "always"), "trainer-lt",
                    "metadataOptions.httpTokens \"always\""),
            when(SCHEMA_RANGE, "Lambda timeout over 900 seconds",
                    p -> p.get("api-handler").set("timeout", 901.0), "api-handler", "timeout 901 is out of range",
                    "from 1 to 900"),
            when(SCHEMA_RANGE, "SQS visibility timeout over 12 hours",
                    p -> p.get("jobs").set("visibilityTimeoutSeconds", 43201.0), "jobs", "visibilityTimeoutSeconds 43201"),
            when(SCHEMA_RANGE, "KMS deletion window under 7 days",
                    p -> p.get("data-key").set("deletionWindowInDays", 3.0), "data-key", "deletionWindowInDays 3",
                    "AWS::KMS::Key.PendingWindowInDays"),
            when(SCHEMA_ITEMS, "more than five Lambda layers",
                    p -> p.get("api-handler").set("layers", List.of("l1", "l2", "l3", "l4", "l5", "l6")), "api-handler",
                    "layers", "has 6 elements", "at most 5 elements"),
            when(SCHEMA_ITEMS, "more than three EFS lifecycle policies",
                    p -> p.get("models-fs").set("lifecyclePolicies", List.of(Map.of("transitionToIa", "AFTER_30_DAYS"),
                            Map.of("transitionToIa", "AFTER_60_DAYS"), Map.of("transitionToArchive", "AFTER_90_DAYS"),
                            Map.of("transitionToPrimaryStorageClass", "AFTER_1_ACCESS"))), "models-fs", "has 4 elements"),

            // --- naming rules the schemas lack ---
            when(NAMING, "security group rule description with an apostrophe",
                    p -> p.get("efs-from-workers").set("description", "workers' NFS"), "efs-from-workers",
                    "description \"workers' NFS\"", "EC2 API IpRange/IpPermission Description"),
            when(NAMING, "security group name starting with sg-",
                    p -> p.get("worker-sg").set("name", "sg-workers"), "worker-sg", "starts with sg-"),
            when(NAMING, "Lambda function name with a dot",
                    p -> p.get("api-handler").set("name", "api.handler"), "api-handler",
                    "name \"api.handler\"", "Lambda CreateFunction FunctionName"),
            when(NAMING, "reserved Lambda environment variable",
                    p -> p.get("api-handler").set("environment.variables", Map.of("AWS_REGION", "eu-west-1")), "api-handler",
                    "environment.variables.AWS_REGION \"AWS_REGION\" is reserved by Lambda"),
            when(NAMING, "Lambda environment variable key starting with a digit",
                    p -> p.get("api-handler").set("environment.variables", Map.of("1TABLE", "jobs")), "api-handler",
                    "\"1TABLE\"", "a letter, then letters, digits or underscores"),
            when(NAMING, "Lambda permission statement id with a space",
                    p -> p.get("health-permission").set("statementId", "allow api"), "health-permission",
                    "statementId \"allow api\""),
            when(NAMING, "CodeBuild project name starting with a hyphen",
                    p -> p.get("builder").set("name", "-builder"), "builder", "CodeBuild CreateProject name"),
            when(NAMING, "S3 bucket name with capitals and an underscore",
                    p -> p.get("raw").set("bucket", "Raw_Data"), "raw", "bucket \"Raw_Data\"", "lowercase letters"),
            when(NAMING, "S3 bucket name too short",
                    p -> p.get("raw").set("bucket", "rd"), "raw", "is 2 characters long", "from 3 to 63 characters"),
            when(NAMING, "S3 bucket name with two adjacent periods",
                    p -> p.get("raw").set("bucket", "raw..data"), "raw", "no two adjacent periods"),
            when(NAMING, "S3 bucket name formatted as an IP address",
                    p -> p.get("raw").set("bucket", "192.168.1.10"), "raw", "not an IP address"),
            when(NAMING, "S3 bucket name with the xn-- prefix",
                    p -> p.get("raw").set("bucket", "xn--raw-data"), "raw", "starts with xn--"),
            when(NAMING, "S3 bucket name with the -s3alias suffix",
                    p -> p.get("raw").set("bucket", "raw-data-s3alias"), "raw", "ends with -s3alias"),
            when(NAMING, "log group name starting with aws/",
                    p -> p.get("flow-logs").set("name", "aws/flow-logs"), "flow-logs", "starts with aws/"),
            when(NAMING, "KMS alias under alias/aws/",
                    p -> p.add(Types.KMS_ALIAS, "data-key-alias").set("name", "alias/aws/data").set("targetKeyId", "data-key-id"),
                    "data-key-alias", "starts with alias/aws/"),
            when(NAMING, "KMS alias with a colon (the schema allows it, KMS does not)",
                    p -> p.add(Types.KMS_ALIAS, "data-key-alias").set("name", "alias/data:v2").set("targetKeyId", "data-key-id"),
                    "data-key-alias", "alias/ followed by letters, digits and /_-"),
            when(NAMING, "SQS queue name with a dot",
                    p -> p.get("jobs").set("name", "jobs.v2"), "jobs", "SQS CreateQueue QueueName"),
            when(NAMING, "SQS queue name over 80 characters",
                    p -> p.get("jobs").set("name", repeat("j", 81)), "jobs", "is 81 characters long"),
            when(NAMING, "SNS topic name with a space",
                    p -> p.get("ops-topic").set("name", "ops alerts"), "ops-topic", "SNS CreateTopic Name"),
            when(NAMING, "state machine name with whitespace",
                    p -> p.get("pipeline").set("name", "training pipeline"), "pipeline", "no whitespace"),
            when(NAMING, "DynamoDB table name under 3 characters",
                    p -> p.get("jobs-table").set("name", "jb"), "jobs-table", "is 2 characters long"),
            when(NAMING, "IAM managed policy name with a space",
                    p -> p.add(Types.IAM_POLICY, "read-jobs").set("name", "read jobs").set("policy", "{}"), "read-jobs",
                    "IAM CreatePolicy PolicyName"),
            when(NAMING, "origin access control name over 64 characters",
                    p -> p.get("site-oac").set("name", repeat("o", 65)), "site-oac", "is 65 characters long"),

            // --- size quotas ---
            when(QUOTAS, "role trust policy over 2048 characters",
                    p -> p.get("worker-role").set("assumeRolePolicy", "{\"Statement\":\"" + repeat("x", 2100) + "\"}"),
                    "worker-role", "IAM quota: role trust policy length"),
            when(QUOTAS, "managed policy over 6144 characters",
                    p -> p.add(Types.IAM_POLICY, "read-jobs").set("policy", "{\"Sid\":\"" + repeat("x", 6200) + "\"}"),
                    "read-jobs", "IAM quota: managed policy size"),
            when(QUOTAS, "Lambda environment over 4 KB",
                    p -> p.get("api-handler").set("environment.variables", Map.of("BIG", repeat("v", 4100))), "api-handler",
                    "take 4103 bytes", "at most 4096 bytes"),

            // --- tag limits ---
            when(TAGS, "51 tags",
                    p -> IntStream.range(0, 47).forEach(i -> p.get("jobs").tag("t" + i, "v")), "jobs", "has 51 tags",
                    "at most 50 tags"),
            when(TAGS, "tag key over 128 characters",
                    p -> p.get("jobs").tag(repeat("k", 129), "v"), "jobs", "is 129 characters long", "AWS tagging limits"),
            when(TAGS, "tag value over 256 characters",
                    p -> p.get("jobs").tag("note", repeat("v", 257)), "jobs", "tags.note", "is 257 characters long"),
            when(TAGS, "tag key with the reserved aws: prefix, in any case",
                    p -> p.get("jobs").tag("AWS:owner", "me"), "jobs", "starts with aws:"),
            when(TAGS, "IAM tag value with a comma (IAM's tag pattern)",
                    p -> p.get("worker-role").tag("purpose", "train, evaluate"), "worker-role", "tags.purpose",
                    "AWS::IAM::Role.Tags[].Value"),

            // --- names the provider generates ---
            when(AUTO_NAME, "role logical name too long for the provider's 64",
                    p -> p.add(Types.IAM_ROLE, repeat("r", 60)).set("assumeRolePolicy", "{}"), repeat("r", 60),
                    "name is not set and the provider cannot generate it", "make 68 characters, over its limit of 64"),
            when(AUTO_NAME, "bucket logical name with an underscore",
                    p -> p.add(Types.BUCKET, "raw_data").tag("purpose", "x"), "raw_data",
                    "generates one like \"raw_data-1a2b3c4\"", "lowercase letters"),
            when(AUTO_NAME, "FIFO queue whose generated name and .fifo exceed 80",
                    p -> p.add(Types.QUEUE, repeat("q", 70)).set("fifoQueue", true).set("sqsManagedSseEnabled", true),
                    repeat("q", 70), "-1a2b3c4.fifo\"", "is 83 characters long"),
            when(AUTO_NAME, "launch template logical name within the provider's 255 but over AWS's 128",
                    p -> p.add(Types.LAUNCH_TEMPLATE, repeat("t", 125)), repeat("t", 125), "is 133 characters long",
                    "AWS::EC2::LaunchTemplate.LaunchTemplateName"),
            when(AUTO_NAME, "event target id over 64 characters",
                    p -> p.add(Types.EVENT_TARGET, repeat("e", 60)).set("rule", "spot-interruption-id"), repeat("e", 60),
                    "targetId is not set", "is 68 characters long", "AWS::Events::Rule.Targets[].Id"),
            when(AUTO_NAME, "queue name prefix leaving no room for the 26 generated characters",
                    p -> p.add(Types.QUEUE, "prefixed").set("namePrefix", repeat("p", 60)).set("sqsManagedSseEnabled", true),
                    "prefixed", "namePrefix", "is 86 characters long"),
            when(AUTO_NAME, "KMS alias whose generated name has a dot",
                    p -> p.add(Types.KMS_ALIAS, "key.v2").set("targetKeyId", "data-key-id"), "key.v2",
                    "\"alias/key.v2-1a2b3c4\""),

            // --- cross-field rules ---
            when(CROSS_FIELD, "security group rule ports in the wrong order",
                    p -> p.get("efs-from-workers").set("fromPort", 2050.0).set("toPort", 2049.0), "efs-from-workers",
                    "fromPort 2050 is greater than toPort 2049"),
            when(CROSS_FIELD, "TCP rule without its port range",
                    p -> p.get("efs-from-workers").unset("toPort"), "efs-from-workers", "fromPort and toPort must both be set"),
            when(CROSS_FIELD, "inline egress rule port above 65535",
                    p -> p.get("worker-sg").set("egress", List.of(Map.of("protocol", "tcp", "fromPort", 443.0, "toPort", 70000.0,
                            "cidrBlocks", List.of("0.0.0.0/0"), "description", "https"))), "worker-sg",
                    "egress[0].port 70000 is outside 0..65535"),
            when(CROSS_FIELD, ".fifo name on a standard queue",
                    p -> p.get("jobs").set("name", "jobs.fifo"), "jobs", "ends in .fifo but fifoQueue is false"),
            when(CROSS_FIELD, "FIFO queue without the .fifo name",
                    p -> p.get("jobs").set("fifoQueue", true), "jobs", "lacks the .fifo suffix but fifoQueue is true"),
            when(CROSS_FIELD, ".fifo name on a standard topic",
                    p -> p.get("ops-topic").set("name", "ops.fifo"), "ops-topic", "fifoTopic is false"),
            when(CROSS_FIELD, "content-based deduplication on a standard queue",
                    p -> p.get("jobs").set("contentBasedDeduplication", true), "jobs", "contentBasedDeduplication is set"),
            when(CROSS_FIELD, "redrive maxReceiveCount over 1000",
                    p -> p.get("jobs").set("redrivePolicy", "{\"deadLetterTargetArn\":\"" + p.get("jobs-dlq").arn()
                            + "\",\"maxReceiveCount\":1001}"), "jobs", "maxReceiveCount 1001 is outside 1..1000"),
            when(CROSS_FIELD, "FIFO queue with a standard dead-letter queue",
                    p -> p.get("jobs").set("fifoQueue", true).set("name", "jobs.fifo"), "jobs",
                    "FIFO queue jobs sends to a standard dead-letter queue jobs-dlq"),
            when(CROSS_FIELD, "alarm needing more datapoints than it evaluates",
                    p -> p.get("dlq-ApproximateAgeOfOldestMessage").set("datapointsToAlarm", 3.0),
                    "dlq-ApproximateAgeOfOldestMessage", "datapointsToAlarm 3 is greater than evaluationPeriods 1"),
            when(CROSS_FIELD, "alarm period of 45 seconds",
                    p -> p.get("dlq-ApproximateAgeOfOldestMessage").set("period", 45.0), "dlq-ApproximateAgeOfOldestMessage",
                    "period 45 seconds"),
            when(CROSS_FIELD, "alarm evaluating more than a day",
                    p -> p.get("dlq-ApproximateAgeOfOldestMessage").set("period", 3600.0).set("evaluationPeriods", 25.0),
                    "dlq-ApproximateAgeOfOldestMessage", "= 90000 seconds"),
            when(CROSS_FIELD, "Auto Scaling group with min above max",
                    p -> p.add(Types.AUTOSCALING_GROUP, "fleet").set("minSize", 3.0).set("maxSize", 1.0), "fleet",
                    "minSize 3 is greater than maxSize 1"),
            when(CROSS_FIELD, "Auto Scaling group desired above max",
                    p -> p.add(Types.AUTOSCALING_GROUP, "fleet").set("minSize", 0.0).set("maxSize", 2.0)
                            .set("desiredCapacity", 5.0), "fleet", "desiredCapacity 5 is outside minSize 0 .. maxSize 2"),
            when(CROSS_FIELD, "scalable target with min above max",
                    p -> p.add(Types.SCALING_TARGET, "table-read").set("minCapacity", 10.0).set("maxCapacity", 5.0),
                    "table-read", "minCapacity 10 is greater than maxCapacity 5"),
            when(CROSS_FIELD, "SQS batch over 10 without a batching window",
                    p -> p.get("worker-jobs").set("batchSize", 20.0), "worker-jobs",
                    "batchSize 20 from an SQS queue needs maximumBatchingWindowInSeconds >= 1"),
            when(CROSS_FIELD, "batch over 10 from a FIFO queue",
                    p -> {
                        p.get("jobs").set("fifoQueue", true).set("name", "jobs.fifo");
                        p.get("worker-jobs").set("batchSize", 20.0).set("maximumBatchingWindowInSeconds", 5.0);
                    }, "worker-jobs", "from FIFO queue jobs"),
            when(CROSS_FIELD, "inline role policies over 10240 characters in total",
                    p -> {
                        p.add(Types.IAM_ROLE_POLICY, "big-1").set("role", "worker-role").set("policy", "{\"a\":\"" + repeat("x", 6000) + "\"}");
                        p.add(Types.IAM_ROLE_POLICY, "big-2").set("role", "worker-role").set("policy", "{\"b\":\"" + repeat("y", 6000) + "\"}");
                    }, "worker-role", "inline policies total", "at most 10240"),
            when(CROSS_FIELD, "table defining an attribute no key uses",
                    p -> p.get("jobs-table").set("attributes", List.of(Map.of("name", "id", "type", "S"),
                            Map.of("name", "status", "type", "S"))), "jobs-table", "unused: [status]"),
            when(CROSS_FIELD, "on-demand table with provisioned capacity",
                    p -> p.get("jobs-table").set("readCapacity", 5.0), "jobs-table", "PAY_PER_REQUEST with readCapacity=5"));

    static Stream<Arguments> cases() {
        return CASES.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aPlantedBadValueIsReportedWithTheValueAndTheRule(Case c) {
        TestPlan plan = CompliantPlan.build("prod");
        assertNoViolation(plan, RULE);
        c.plant().accept(plan);

        Violation v = assertViolation(plan, RULE, c.resource(), c.messageParts());
        assertEquals(Severity.MANDATORY, v.severity());
    }

    @Test
    void everyFamilyHasAtLeastOnePlantedCase() {
        var covered = CASES.stream().collect(Collectors.groupingBy(Case::family, LinkedHashMap::new, Collectors.counting()));
        assertEquals(Arrays.asList(Family.values()), Arrays.stream(Family.values()).filter(covered::containsKey).toList(),
                "families without a case: " + covered);
    }

    @Test
    void aNameSetExplicitlyIsNotAlsoCheckedAsAGeneratedOne() {
        TestPlan plan = CompliantPlan.build("prod");
        plan.add(Types.IAM_ROLE, repeat("r", 60)).set("name", "short-role").set("assumeRolePolicy", "{}");
        assertNoViolation(plan, RULE);
    }

    @Test
    void idsAndArnsOfPlannedResourcesAreNotJudgedAsLiterals() {
        // An id in the plan stands for what AWS assigns; the schema's pattern is for the real value.
        TestPlan plan = CompliantPlan.build("prod");
        plan.get("models-mt-a").set("ipAddress", "10.0.0.x");
        assertViolation(plan, RULE, "models-mt-a", "ipAddress \"10.0.0.x\" does not match");
        plan.get("models-mt-a").set("ipAddress", plan.get("worker-sg").id());
        assertNoViolation(plan, RULE);
    }
}
