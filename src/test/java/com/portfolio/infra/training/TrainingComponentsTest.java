package com.portfolio.infra.training;

import static com.portfolio.infra.testsupport.PolicyJson.strings;
import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanMocks;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.storage.StackKey;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GIVEN stack settings WHEN the program (or the training components alone, with handlers) is
 * planned under the mocks THEN the queues, topic, rules, targets and state machine have these inputs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrainingComponentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String QUEUE = "aws:sqs/queue:Queue";
    static final String QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String RULE = "aws:cloudwatch/eventRule:EventRule";
    static final String TARGET = "aws:cloudwatch/eventTarget:EventTarget";
    static final String REGISTRY_ARN = "arn:aws:lambda:us-east-1:123456789012:function:portfolio-dev-registry";
    static final String SPOT_ARN = "arn:aws:lambda:us-east-1:123456789012:function:portfolio-dev-spot-interruption";

    /** One stack with every training key set away from its default, planned once. */
    private static StackSettings custom() {
        return TestStacks.settings("dev", Map.of("training:receiveLimit", "7", "training:visibilityTimeoutSeconds", "1200",
                "training:deadLetterAlarmMessages", "2", "training:oldestMessageAlarmSeconds", "7200",
                "training:opsEmail", "ops@example.com", "training:workflowLogLevel", "ALL",
                "training:workflowLogExecutionData", "true", "training:fleetAutoScalingGroup", "gpu-fleet"));
    }

    private static JsonNode json(PlannedResource r, String input) throws Exception {
        return JSON.readTree((String) r.inputs().get(input));
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.get("Statement")) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    private static String keyArn(Plan plan) {
        return named(plan, "aws:kms/key:Key", "stack-key-key").arn();
    }

    private static String opsTopicArn(Plan plan) {
        return named(plan, "aws:sns/topic:Topic", "ops-alerts-topic").arn();
    }

    /** The training components alone, without handlers: rules wait for their targets, notices go to the topic. */
    private static Plan withoutHandlers(StackSettings s) {
        return OfflinePlanner.run(s.project(), s.stack(), s.environment(), s.region(), ctx -> {
            var context = new StackContext(s, Output.of(PlanMocks.ACCOUNT_ID));
            var none = ComponentResourceOptions.Empty;
            var key = new StackKey("stack-key", new StackKey.Args(context), none);
            var ops = new OpsAlerts("ops-alerts", new OpsAlerts.Args(context, key.keyArn, s.training()), none);
            new InstanceRegistry("instances", new InstanceRegistry.Args(context, key.keyArn, s.training(), ops,
                    Optional.empty()), none);
            new SpotInterruption("spot", new SpotInterruption.Args(context, key.keyArn, s.training(), ops,
                    Optional.empty()), none);
        });
    }

    /** The training components alone, with stand-in handlers for the rules. */
    private static Plan withHandlers(StackSettings s) {
        return OfflinePlanner.run(s.project(), s.stack(), s.environment(), s.region(), ctx -> {
            var context = new StackContext(s, Output.of(PlanMocks.ACCOUNT_ID));
            var none = ComponentResourceOptions.Empty;
            var key = new StackKey("stack-key", new StackKey.Args(context), none);
            var ops = new OpsAlerts("ops-alerts", new OpsAlerts.Args(context, key.keyArn, s.training()), none);
            new InstanceRegistry("instances", new InstanceRegistry.Args(context, key.keyArn, s.training(), ops,
                    Optional.of((tableName, tableArn) -> new EventHandler(Output.of(REGISTRY_ARN),
                            Output.of("portfolio-dev-registry"), Output.of("portfolio-dev-registry-role")))), none);
            new SpotInterruption("spot", new SpotInterruption.Args(context, key.keyArn, s.training(), ops,
                    Optional.of(new EventHandler(Output.of(SPOT_ARN), Output.of("portfolio-dev-spot-interruption"),
                            Output.of("portfolio-dev-spot-interruption-role")))), none);
        });
    }

    @Test
    void theJobQueueRedrivesToItsDeadLetterQueueAfterTheReceiveLimit() throws Exception {
        Plan plan = TestStacks.plan(custom());
        PlannedResource queue = named(plan, QUEUE, "jobs-queue");
        PlannedResource dlq = named(plan, QUEUE, "jobs-dlq");
        JsonNode redrive = json(queue, "redrivePolicy");
        assertEquals(dlq.arn(), redrive.get("deadLetterTargetArn").asText());
        assertEquals(7, redrive.get("maxReceiveCount").asInt());
        assertEquals(1200.0, queue.inputs().get("visibilityTimeoutSeconds"));
        assertEquals(20.0, queue.inputs().get("receiveWaitTimeSeconds"));
        assertEquals(604_800.0, queue.inputs().get("messageRetentionSeconds"));
        assertEquals(1_209_600.0, dlq.inputs().get("messageRetentionSeconds"), "14 days");
        for (PlannedResource q : List.of(queue, dlq)) {
            assertEquals(keyArn(plan), q.inputs().get("kmsMasterKeyId"), q.name());
        }
        assertEquals("job-queue", queue.tags().get("purpose"));
        assertEquals("dead-letter", dlq.tags().get("purpose"));
    }

    @Test
    void bothJobQueuesDenyPlainHttpAndMessagesFromPrincipalsOutsideTheStack() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.dev());
        for (String name : List.of("jobs-queue", "jobs-dlq")) {
            String queueArn = named(plan, QUEUE, name).arn();
            PlannedResource policy = plan.ofType(QUEUE_POLICY)
                    .filter(p -> p.inputs().get("queueUrl").equals(named(plan, QUEUE, name).state().get("url")))
                    .findFirst().orElseThrow(() -> new AssertionError("no policy for " + name));
            JsonNode doc = json(policy, "policy");
            assertEquals(4, doc.get("Statement").size(), doc.toString());
            JsonNode tls = statement(doc, "DenyInsecureTransport");
            assertEquals("Deny", tls.get("Effect").asText());
            assertEquals(Set.of("sqs:*"), texts(tls.get("Action")));
            assertEquals("false", tls.at("/Condition/Bool/aws:SecureTransport").asText());
            assertEquals(Set.of(queueArn), texts(tls.get("Resource")));
            assertEquals("dev", statement(doc, "DenyOtherStacks").at("/Condition/StringNotEquals/aws:PrincipalTag~1stack").asText());
            assertEquals("portfolio", statement(doc, "DenyOtherProjects").at("/Condition/StringNotEquals/aws:PrincipalTag~1project").asText());
            assertEquals(PlanMocks.ACCOUNT_ID, statement(doc, "DenyOtherAccounts").at("/Condition/StringNotEquals/aws:PrincipalAccount").asText());
            for (JsonNode s : doc.get("Statement")) {
                assertEquals("Deny", s.get("Effect").asText(), "the queue policy grants nothing: IAM does");
            }
        }
    }

    @Test
    void deadLetterDepthAndAgeAlarmsAndTheWaitingJobAlarmGoToTheOpsTopic() {
        Plan plan = TestStacks.plan(custom());
        String topic = opsTopicArn(plan);
        record Expected(String alarm, String queue, String metric, double threshold) {
        }
        for (var e : List.of(new Expected("jobs-dlq-depth", "jobs-dlq", "ApproximateNumberOfMessagesVisible", 2),
                new Expected("jobs-dlq-age", "jobs-dlq", "ApproximateAgeOfOldestMessage", 7200),
                new Expected("jobs-queue-age", "jobs-queue", "ApproximateAgeOfOldestMessage", 7200))) {
            PlannedResource alarm = named(plan, ALARM, e.alarm());
            assertEquals("AWS/SQS", alarm.inputs().get("namespace"));
            assertEquals(e.metric(), alarm.inputs().get("metricName"), e.alarm());
            assertEquals(named(plan, QUEUE, e.queue()).inputs().getOrDefault("name", e.queue()),
                    alarm.input("dimensions.QueueName").orElseThrow(), e.alarm());
            assertEquals(e.threshold(), alarm.inputs().get("threshold"), e.alarm());
            assertEquals("GreaterThanOrEqualToThreshold", alarm.inputs().get("comparisonOperator"));
            assertEquals(List.of(topic), alarm.inputs().get("alarmActions"), e.alarm());
            assertEquals(List.of(topic), alarm.inputs().get("okActions"), e.alarm());
        }
    }

    @Test
    void theOpsTopicIsEncryptedAndAdmitsOnlyThisAccountsRulesAndAlarms() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.dev());
        PlannedResource topic = named(plan, "aws:sns/topic:Topic", "ops-alerts-topic");
        assertEquals(keyArn(plan), topic.inputs().get("kmsMasterKeyId"));
        assertEquals("ops-alerts", topic.tags().get("purpose"));
        JsonNode doc = json(named(plan, "aws:sns/topicPolicy:TopicPolicy", "ops-alerts-policy"), "policy");
        JsonNode publish = statement(doc, "AlarmsAndRulesPublish");
        assertEquals("[\"events.amazonaws.com\",\"cloudwatch.amazonaws.com\"]", publish.at("/Principal/Service").toString());
        assertEquals(PlanMocks.ACCOUNT_ID, publish.at("/Condition/StringEquals/aws:SourceAccount").asText());
        assertEquals(Set.of(topic.arn()), texts(publish.get("Resource")));
        assertEquals("Deny", statement(doc, "DenyInsecureTransport").get("Effect").asText());
        assertEquals(0, plan.ofType("aws:sns/topicSubscription:TopicSubscription").count(), "no address, no subscription");

        Plan withEmail = TestStacks.plan(custom());
        PlannedResource subscription = named(withEmail, "aws:sns/topicSubscription:TopicSubscription", "ops-alerts-email");
        assertEquals("email", subscription.inputs().get("protocol"));
        assertEquals("ops@example.com", subscription.inputs().get("endpoint"));
        assertEquals(opsTopicArn(withEmail), subscription.inputs().get("topic"));
    }

    @Test
    void theInstancesTableFollowsTheSharedRecordAndIsProtectedInProd() {
        Plan prod = TestStacks.plan(TestStacks.prod());
        PlannedResource table = named(prod, "aws:dynamodb/table:Table", "instances-table");
        assertEquals("portfolio-prod-instances", table.inputs().get("name"));
        assertEquals("instanceId", table.inputs().get("hashKey"));
        assertEquals("expiresAt", table.input("ttl.attributeName").orElseThrow());
        assertEquals(List.of(Map.of("name", "byStatus", "hashKey", "status", "rangeKey", "updatedAt", "projectionType", "ALL")),
                ((List<?>) table.inputs().get("globalSecondaryIndexes")).stream()
                        .map(i -> Map.of("name", ((Map<?, ?>) i).get("name"), "hashKey", ((Map<?, ?>) i).get("hashKey"),
                                "rangeKey", ((Map<?, ?>) i).get("rangeKey"), "projectionType", ((Map<?, ?>) i).get("projectionType")))
                        .toList());
        assertEquals(keyArn(prod), table.input("serverSideEncryption.kmsKeyArn").orElseThrow());
        assertTrue(table.protect() && table.retainOnDelete());
    }

    @Test
    void theRegistryRuleMatchesEc2StateChangesAndWithoutItsHandlerHasNoTarget() throws Exception {
        Plan plan = withoutHandlers(TestStacks.dev());
        JsonNode pattern = json(named(plan, RULE, "instances-state-changes"), "eventPattern");
        assertEquals("[\"aws.ec2\"]", pattern.get("source").toString());
        assertEquals("[\"EC2 Instance State-change Notification\"]", pattern.get("detail-type").toString());
        assertEquals("[\"pending\",\"running\",\"stopping\",\"stopped\",\"shutting-down\",\"terminated\"]",
                pattern.at("/detail/state").toString());
        assertEquals(0, plan.ofType(TARGET).filter(t -> t.name().startsWith("instances-")).count());
    }

    @Test
    void withoutTheirHandlerSpotNoticesGoToTheOpsTopicWithRetriesAndADeadLetterQueue() throws Exception {
        Plan plan = withoutHandlers(TestStacks.dev());
        assertEquals("[\"EC2 Spot Instance Interruption Warning\"]",
                json(named(plan, RULE, "spot-interruption"), "eventPattern").get("detail-type").toString());
        assertEquals("[\"EC2 Instance Rebalance Recommendation\"]",
                json(named(plan, RULE, "spot-rebalance"), "eventPattern").get("detail-type").toString());
        String dlq = named(plan, QUEUE, "spot-undelivered-queue").arn();
        for (String role : List.of("interruption", "rebalance")) {
            PlannedResource target = named(plan, TARGET, "spot-" + role + "-target");
            assertEquals(opsTopicArn(plan), target.inputs().get("arn"));
            assertEquals(dlq, target.input("deadLetterConfig.arn").orElseThrow());
            assertEquals(3.0, target.input("retryPolicy.maximumRetryAttempts").orElseThrow());
            assertEquals(120.0, target.input("retryPolicy.maximumEventAgeInSeconds").orElseThrow());
        }
    }

    @Test
    void withHandlersEveryRuleInvokesItsHandlerWhichOnlyThatRuleMayInvoke() throws Exception {
        Plan plan = withHandlers(TestStacks.dev());
        record Route(String rule, String handler, String queue, double retries, double maxAge) {
        }
        for (var r : List.of(new Route("instances-state-changes", REGISTRY_ARN, "instances-undelivered-queue", 8, 3600),
                new Route("spot-interruption", SPOT_ARN, "spot-undelivered-queue", 3, 120),
                new Route("spot-rebalance", SPOT_ARN, "spot-undelivered-queue", 3, 120))) {
            PlannedResource rule = named(plan, RULE, r.rule());
            PlannedResource target = named(plan, TARGET, r.rule() + "-target");
            assertEquals(rule.inputs().getOrDefault("name", r.rule()), target.inputs().get("rule"));
            assertEquals(r.handler(), target.inputs().get("arn"));
            assertEquals(named(plan, QUEUE, r.queue()).arn(), target.input("deadLetterConfig.arn").orElseThrow());
            assertEquals(r.retries(), target.input("retryPolicy.maximumRetryAttempts").orElseThrow());
            assertEquals(r.maxAge(), target.input("retryPolicy.maximumEventAgeInSeconds").orElseThrow());
            PlannedResource permission = named(plan, "aws:lambda/permission:Permission", r.rule() + "-target-invoke");
            assertEquals("events.amazonaws.com", permission.inputs().get("principal"));
            assertEquals(rule.arn(), permission.inputs().get("sourceArn"));
            assertEquals("lambda:InvokeFunction", permission.inputs().get("action"));
        }
        // Each dead-letter queue takes events from its own rules only.
        JsonNode spot = json(named(plan, QUEUE_POLICY, "spot-undelivered-policy"), "policy");
        assertEquals(Set.of(named(plan, RULE, "spot-interruption").arn(), named(plan, RULE, "spot-rebalance").arn()),
                texts(statement(spot, "EventBridgeDeadLetters").at("/Condition/ArnEquals/aws:SourceArn")));
        JsonNode registry = json(named(plan, QUEUE_POLICY, "instances-undelivered-policy"), "policy");
        assertEquals(Set.of(named(plan, RULE, "instances-state-changes").arn(), named(plan, RULE, "instances-sweep").arn()),
                texts(statement(registry, "EventBridgeDeadLetters").at("/Condition/ArnEquals/aws:SourceArn")));
        for (String queue : List.of("instances-undelivered", "spot-undelivered")) {
            Set<String> metrics = plan.ofType(ALARM).filter(a -> a.name().startsWith(queue + "-"))
                    .map(a -> (String) a.inputs().get("metricName")).collect(Collectors.toSet());
            assertEquals(Set.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"), metrics, queue);
        }
        var report = PolicyEngine.standard().evaluate(plan);
        assertEquals(List.of(), report.violations().stream()
                .filter(v -> v.severity() == com.portfolio.infra.policy.Severity.MANDATORY).map(Object::toString).toList());
    }

    @Test
    void theWorkflowLogsToItsEncryptedGroupTracesAndKeepsExecutionDataOutByDefault() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.dev());
        PlannedResource machine = named(plan, "aws:sfn/stateMachine:StateMachine", "training-machine");
        PlannedResource logs = named(plan, "aws:cloudwatch/logGroup:LogGroup", "training-logs");
        assertEquals("/aws/vendedlogs/states/portfolio-dev-training-workflow", logs.inputs().get("name"));
        assertEquals(30.0, logs.inputs().get("retentionInDays"));
        assertEquals(keyArn(plan), logs.inputs().get("kmsKeyId"));
        assertEquals(logs.arn() + ":*", machine.input("loggingConfiguration.logDestination").orElseThrow());
        assertEquals("ERROR", machine.input("loggingConfiguration.level").orElseThrow());
        assertEquals(false, machine.input("loggingConfiguration.includeExecutionData").orElseThrow());
        assertEquals(true, machine.input("tracingConfiguration.enabled").orElseThrow());
        assertEquals(named(plan, "aws:iam/role:Role", "training-role").arn(), machine.inputs().get("roleArn"));
        JsonNode definition = json(machine, "definition");
        assertEquals(named(plan, QUEUE, "jobs-queue").state().get("url"),
                definition.at("/States/RunJob/Parameters/QueueUrl").asText());
        assertEquals("portfolio-dev-fleet", definition.at("/States/ScaleOut/Parameters/AutoScalingGroupName").asText());
        assertEquals(named(plan, "aws:dynamodb/table:Table", "tables-training-jobs").inputs().get("name"),
                definition.at("/States/RecordResult/Parameters/TableName").asText());

        Plan verbose = TestStacks.plan(custom());
        PlannedResource loud = named(verbose, "aws:sfn/stateMachine:StateMachine", "training-machine");
        assertEquals("ALL", loud.input("loggingConfiguration.level").orElseThrow());
        assertEquals(true, loud.input("loggingConfiguration.includeExecutionData").orElseThrow());
        assertEquals("gpu-fleet", json(loud, "definition").at("/States/ScaleOut/Parameters/AutoScalingGroupName").asText());
    }

    @Test
    void theWorkflowRoleReachesExactlyWhatItsTasksTouch() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.dev());
        JsonNode trust = json(named(plan, "aws:iam/role:Role", "training-role"), "assumeRolePolicy");
        assertEquals("states.amazonaws.com", trust.at("/Statement/0/Principal/Service").asText());
        assertEquals(PlanMocks.ACCOUNT_ID, trust.at("/Statement/0/Condition/StringEquals/aws:SourceAccount").asText());
        JsonNode doc = json(named(plan, "aws:iam/rolePolicy:RolePolicy", "training-role"), "policy");
        var grants = new ArrayList<String>();
        for (JsonNode s : doc.get("Statement")) {
            assertEquals("Allow", s.get("Effect").asText());
            for (String action : strings(s.get("Action"))) {
                for (String resource : strings(s.get("Resource"))) {
                    grants.add(action + " on " + resource);
                }
            }
        }
        String queue = named(plan, QUEUE, "jobs-queue").arn();
        String table = named(plan, "aws:dynamodb/table:Table", "tables-training-jobs").arn();
        var expected = new ArrayList<>(List.of(
                "autoscaling:DescribeAutoScalingGroups on *",
                "autoscaling:SetDesiredCapacity on arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/portfolio-dev-fleet",
                "sqs:SendMessage on " + queue, "sqs:GetQueueAttributes on " + queue,
                "dynamodb:UpdateItem on " + table,
                "kms:GenerateDataKey on " + keyArn(plan), "kms:Decrypt on " + keyArn(plan)));
        TrainingPolicies.LOG_DELIVERY_ACTIONS.forEach(a -> expected.add(a + " on *"));
        TrainingPolicies.TRACING_ACTIONS.forEach(a -> expected.add(a + " on *"));
        assertEquals(expected, grants);
    }


    private static Set<String> texts(JsonNode node) {
        return Set.copyOf(strings(node));
    }
}
