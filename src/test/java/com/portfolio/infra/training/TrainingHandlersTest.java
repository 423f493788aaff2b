package com.portfolio.infra.training;

import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.PolicyJson;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handlers of functions/ as the program deploys them: their access, their triggers, their failures. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrainingHandlersTest {

    private static final String FUNCTION = "aws:lambda/function:Function";
    private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    private static Plan plan;

    @BeforeAll
    static void planDev() {
        plan = TestStacks.plan(TestStacks.dev());
    }

    private static Set<String> grants(PlannedResource policy) {
        return PolicyJson.actionResourcePairs((String) policy.inputs().get("policy"));
    }

    @Test
    void theRegistryHandlerMayReadTagsAndWriteOnlyTheInstancesTable() {
        String table = named(plan, "aws:dynamodb/table:Table", "instances-table").arn();
        Set<String> pairs = grants(named(plan, ROLE_POLICY, "fn-registry-role"));
        assertTrue(pairs.contains("ec2:DescribeTags *"), pairs.toString());
        assertTrue(pairs.contains("dynamodb:UpdateItem " + table), pairs.toString());
        assertTrue(pairs.contains("dynamodb:Query " + table + "/index/*"), pairs.toString());
        assertTrue(pairs.stream().noneMatch(p -> p.startsWith("sqs:") || p.startsWith("sns:")
                || p.startsWith("ec2:") && !p.equals("ec2:DescribeTags *")), pairs.toString());
        assertEquals("training-fleet", InstanceRegistry.FLEET_COMPONENT);
    }

    @Test
    void theSpotHandlerReachesTheJobQueueTheOpsTopicAndBothTables() {
        Set<String> pairs = grants(named(plan, ROLE_POLICY, "fn-spot-interruption-role"));
        String queue = named(plan, "aws:sqs/queue:Queue", "jobs-queue").arn();
        String topic = named(plan, "aws:sns/topic:Topic", "ops-alerts-topic").arn();
        assertTrue(pairs.contains("sqs:SendMessage " + queue) && pairs.contains("sqs:DeleteMessage " + queue), pairs.toString());
        assertTrue(pairs.contains("sns:Publish " + topic), pairs.toString());
        assertTrue(pairs.contains("dynamodb:UpdateItem " + named(plan, "aws:dynamodb/table:Table", "instances-table").arn()));
        assertTrue(pairs.stream().noneMatch(p -> p.startsWith("ec2:")), pairs.toString());
        PlannedResource function = named(plan, FUNCTION, "fn-spot-interruption");
        assertEquals(named(plan, "aws:sqs/queue:Queue", "jobs-queue").state().get("url"),
                function.input("environment.variables.JOBS_QUEUE_URL").orElseThrow());
    }

    @Test
    void rulesAndTheSweepTargetTheHandlersAndTheirFailuresReachTheDeadLetterQueues() {
        PlannedResource registry = named(plan, FUNCTION, "fn-registry");
        PlannedResource spot = named(plan, FUNCTION, "fn-spot-interruption");
        assertEquals(registry.arn(), named(plan, "aws:cloudwatch/eventTarget:EventTarget", "instances-state-changes-target").inputs().get("arn"));
        assertEquals(registry.arn(), named(plan, "aws:cloudwatch/eventTarget:EventTarget", "instances-sweep-target").inputs().get("arn"));
        assertEquals(InstanceRegistry.SWEEP_SCHEDULE,
                named(plan, "aws:cloudwatch/eventRule:EventRule", "instances-sweep").inputs().get("scheduleExpression"));
        assertEquals(spot.arn(), named(plan, "aws:cloudwatch/eventTarget:EventTarget", "spot-interruption-target").inputs().get("arn"));
        for (String[] owner : new String[][] {{"instances", "fn-registry"}, {"spot", "fn-spot-interruption"}}) {
            String deadLetters = named(plan, "aws:sqs/queue:Queue", owner[0] + "-undelivered-queue").arn();
            PlannedResource config = named(plan, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
                    owner[0] + "-handler-failures");
            assertEquals(deadLetters, config.input("destinationConfig.onFailure.destination").orElseThrow());
            assertEquals(named(plan, FUNCTION, owner[1]).inputs().get("name"), config.inputs().get("functionName"));
            Set<String> sink = grants(named(plan, ROLE_POLICY, owner[0] + "-handler-failures"));
            assertTrue(sink.contains("sqs:SendMessage " + deadLetters), sink.toString());
        }
    }

    @Test
    void productionReservesConcurrencyForEachHandler() {
        Plan prod = TestStacks.plan(TestStacks.prod());
        for (String name : List.of("fn-registry", "fn-spot-interruption")) {
            assertEquals(5.0, ((Number) named(prod, FUNCTION, name).inputs().get("reservedConcurrentExecutions")).doubleValue());
            assertNull(named(plan, FUNCTION, name).inputs().get("reservedConcurrentExecutions"));
        }
    }
}
