package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Logs, alarms, DynamoDB, SQS, SNS and KMS. */
class DataRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void functionWithoutDeclaredLogGroupViolatesCw01() {
        plan.without("worker-logs");
        assertViolation(plan, "SEC-CW-01", "worker", "/aws/lambda/worker", "not declared");
    }

    @Test
    void functionMayNameItsLogGroup() {
        plan.without("worker-logs");
        plan.get("worker").set("loggingConfig.logGroup", "/aws/states/pipeline").set("loggingConfig.logFormat", "JSON");
        assertNoViolation(plan, "SEC-CW-01");
    }

    @Test
    void logGroupWithoutRetentionViolatesCw01() {
        plan.get("pipeline-logs").unset("retentionInDays");
        assertViolation(plan, "SEC-CW-01", "pipeline", "pipeline-logs, which has no retentionInDays");
        assertViolation(plan, "SEC-CW-01", "pipeline-logs", "retentionInDays unset");
    }

    @Test
    void codeBuildAndFlowLogMustUseDeclaredGroups() {
        plan.get("builder").set("logsConfig.cloudwatchLogs.groupName", "/aws/codebuild/other");
        plan.get("vpc-flow-log").set("logDestination", "arn:aws:logs:us-east-1:123456789012:log-group:gone");
        assertViolation(plan, "SEC-CW-01", "builder", "/aws/codebuild/other");
        assertViolation(plan, "SEC-CW-01", "vpc-flow-log", "log-group:gone");
    }

    @Test
    void dlqWithoutAgeAlarmViolatesCw02() {
        plan.without("dlq-ApproximateAgeOfOldestMessage");
        assertViolation(plan, "REL-CW-02", "jobs-dlq", "ApproximateAgeOfOldestMessage");
    }

    @Test
    void alarmNotToOpsTopicViolatesCw02() {
        plan.get("dlq-ApproximateNumberOfMessagesVisible").set("alarmActions", List.of("arn:aws:sns:us-east-1:123456789012:other"));
        assertViolation(plan, "REL-CW-02", "jobs-dlq", "sns:us-east-1:123456789012:other", "ops-alerts");
    }

    @Test
    void dlqAlarmsAreAdvisoryInDev() {
        TestPlan dev = CompliantPlan.build("dev");
        dev.without("dlq-ApproximateAgeOfOldestMessage");
        assertEquals(Severity.ADVISORY, assertViolation(dev, "REL-CW-02", "jobs-dlq", "(holds in prod only)").severity());
    }

    @Test
    void pitrOffViolatesDdb01() {
        plan.get("jobs-table").set("pointInTimeRecovery.enabled", false);
        assertViolation(plan, "REL-DDB-01", "jobs-table", "is false", "expected true");
    }

    @Test
    void deletionProtectionOffViolatesDdb02InProdAndAdvisesInDev() {
        plan.get("jobs-table").set("deletionProtectionEnabled", false);
        assertEquals(Severity.MANDATORY, assertViolation(plan, "REL-DDB-02", "jobs-table", "deletionProtectionEnabled is false").severity());
        TestPlan dev = CompliantPlan.build("dev");
        dev.get("jobs-table").set("deletionProtectionEnabled", false);
        assertEquals(Severity.ADVISORY, assertViolation(dev, "REL-DDB-02", "jobs-table").severity());
    }

    @Test
    void provisionedWithoutAutoscalingViolatesDdb03() {
        plan.get("jobs-table").unset("billingMode");
        assertViolation(plan, "REL-DDB-03", "jobs-table", "PROVISIONED", "dynamodb:table:ReadCapacityUnits");
    }

    @Test
    void provisionedWithAutoscalingSatisfiesDdb03() {
        plan.get("jobs-table").set("billingMode", "PROVISIONED");
        for (String unit : List.of("Read", "Write")) {
            plan.add(Types.SCALING_TARGET, "jobs-" + unit).set("serviceNamespace", "dynamodb").set("resourceId", "table/jobs")
                    .set("scalableDimension", "dynamodb:table:" + unit + "CapacityUnits").set("minCapacity", 1.0).set("maxCapacity", 10.0);
        }
        assertNoViolation(plan, "REL-DDB-03");
    }

    @Test
    void disabledEncryptionViolatesDdb04() {
        plan.get("jobs-table").set("serverSideEncryption.enabled", false);
        assertViolation(plan, "SEC-DDB-04", "jobs-table", "serverSideEncryption.enabled false");
    }

    @Test
    void unencryptedQueueViolatesSqs01() {
        plan.get("jobs-dlq").set("sqsManagedSseEnabled", false);
        assertViolation(plan, "SEC-SQS-01", "jobs-dlq", "sqsManagedSseEnabled false");
    }

    @Test
    void publicAndWildcardQueuePolicyViolatesSqs01() {
        plan.get("jobs-policy").set("policy", """
                {"Statement":[{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"*"},"Action":["sqs:*"],"Resource":"*"}]}""");
        assertViolation(plan, "SEC-SQS-01", "jobs-policy", "Open", "Principal *");
        assertViolation(plan, "SEC-SQS-01", "jobs-policy", "Allows sqs:*");
    }

    @Test
    void tooManyReceivesViolatesSqs02() {
        plan.get("jobs").set("redrivePolicy", "{\"deadLetterTargetArn\":\"" + plan.get("jobs-dlq").arn() + "\",\"maxReceiveCount\":\"20\"}");
        assertViolation(plan, "REL-SQS-02", "jobs", "maxReceiveCount is 20", "between 3 and 10");
    }

    @Test
    void missingRedriveViolatesSqs02ButARedrivePolicyResourceCounts() {
        String redrive = plan.get("jobs").inputs.get("redrivePolicy").toString();
        plan.get("jobs").unset("redrivePolicy");
        assertViolation(plan, "REL-SQS-02", "jobs", "no redrive policy");
        plan.add(Types.REDRIVE_POLICY, "jobs-redrive").set("queueUrl", plan.get("jobs").id()).set("redrivePolicy", redrive);
        assertNoViolation(plan, "REL-SQS-02");
    }

    @Test
    void dlqRetainingShorterViolatesSqs02() {
        plan.get("jobs-dlq").set("messageRetentionSeconds", 345600.0);
        assertViolation(plan, "REL-SQS-02", "jobs", "keeps messages 345600s", "retain them longer");
    }

    @Test
    void shortVisibilityTimeoutViolatesSqs03() {
        plan.get("jobs").set("visibilityTimeoutSeconds", 300.0);
        assertViolation(plan, "REL-SQS-03", "jobs", "visibilityTimeoutSeconds is 300", "timeout 60s", ">= 360");
    }

    @Test
    void consumerFoundByFunctionName() {
        plan.get("worker-jobs").set("functionName", "worker");
        plan.get("jobs").unset("visibilityTimeoutSeconds");
        assertViolation(plan, "REL-SQS-03", "jobs", "visibilityTimeoutSeconds is 30");
    }

    @Test
    void topicWithAwsManagedKeyViolatesSns01() {
        plan.get("ops-topic").set("kmsMasterKeyId", "alias/aws/sns");
        assertViolation(plan, "SEC-SNS-01", "ops-topic", "alias/aws/sns", "not a customer key");
    }

    @Test
    void keyPolicyWithoutEventsViolatesSns01() {
        plan.get("data-key").set("policy", """
                {"Statement":{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"kms:*","Resource":"*"}}""");
        assertViolation(plan, "SEC-SNS-01", "ops-topic", "events.amazonaws.com");
    }

    @Test
    void topicFoundThroughAliasAndKeyPolicyResource() {
        String policy = plan.get("data-key").inputs.get("policy").toString();
        plan.get("data-key").unset("policy");
        plan.add(Types.KMS_KEY_POLICY, "data-key-policy").set("keyId", plan.get("data-key").id()).set("policy", policy);
        plan.add(Types.KMS_ALIAS, "data-key-alias").set("name", "alias/data").set("targetKeyId", plan.get("data-key").id());
        plan.get("ops-topic").set("kmsMasterKeyId", "alias/data");
        assertNoViolation(plan, "SEC-SNS-01");
    }

    @Test
    void publicTopicPolicyViolatesSns01() {
        plan.get("ops-topic-policy").set("policy", "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}}");
        assertViolation(plan, "SEC-SNS-01", "ops-topic-policy", "Principal *");
    }

    @Test
    void keyWithoutRotationViolatesKms01() {
        plan.get("data-key").unset("enableKeyRotation");
        assertViolation(plan, "SEC-KMS-01", "data-key", "enableKeyRotation is unset");
    }

    @Test
    void asymmetricKeysCannotRotate() {
        plan.get("data-key").unset("enableKeyRotation").set("customerMasterKeySpec", "RSA_2048");
        assertNoViolation(plan, "SEC-KMS-01");
    }
}
