package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.List;
import java.util.Optional;

/** CloudWatch log group and alarm rules. */
final class LogRules {
    private LogRules() {
    }

    static final class DeclaredLogGroups extends Rule {
        DeclaredLogGroups() {
            super("SEC-CW-01", MANDATORY, BOTH,
                    "cloudwatch LogGroup",
                    "every Lambda, API stage, state machine, CodeBuild project and flow log writes to a log group declared in the stack with retentionInDays",
                    "SR WS1004",
                    "Declare the LogGroup in the stack (Lambda: /aws/lambda/<name> or loggingConfig.logGroup; CodeBuild: logsConfig.cloudwatchLogs.groupName) with retentionInDays, and point the writer at it.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fn : plan.ofType(Types.FUNCTION)) {
                Optional<String> group = Values.string(fn, "loggingConfig.logGroup")
                        .or(() -> PlanGraph.awsName(fn).map(n -> "/aws/lambda/" + n));
                expect(plan, fn, "function", group, out);
            }
            for (PlannedResource stage : plan.ofType(Types.API_STAGE)) {
                expect(plan, stage, "API stage", Values.string(stage, "accessLogSettings.destinationArn"), out);
            }
            for (PlannedResource sm : plan.ofType(Types.STATE_MACHINE)) {
                expect(plan, sm, "state machine", Values.string(sm, "loggingConfiguration.logDestination"), out);
            }
            for (PlannedResource project : plan.ofType(Types.CODEBUILD_PROJECT)) {
                expect(plan, project, "CodeBuild project", Values.string(project, "logsConfig.cloudwatchLogs.groupName"), out);
            }
            for (PlannedResource flow : plan.ofType(Types.FLOW_LOG)) {
                expect(plan, flow, "flow log", Values.string(flow, "logDestination").or(() -> Values.string(flow, "logGroupName")), out);
            }
            for (PlannedResource group : plan.ofType(Types.LOG_GROUP)) {
                if (Values.number(group, "retentionInDays").orElse(0.0) <= 0) {
                    out.add(group, "log group %s has retentionInDays %s; expected a retention period (logs are kept forever otherwise)",
                            group.name(), Values.number(group, "retentionInDays").map(Values::show).orElse("unset"));
                }
            }
        }

        private static void expect(PlanGraph plan, PlannedResource writer, String kind, Optional<String> ref, Findings out) {
            if (ref.isEmpty()) {
                out.add(writer, "%s %s names no log group; expected one declared in the stack", kind, writer.name());
                return;
            }
            Optional<PlannedResource> group = plan.resolve(Types.LOG_GROUP, ref.get());
            if (group.isEmpty()) {
                out.add(writer, "%s %s writes to log group %s, which is not declared in this stack", kind, writer.name(), ref.get());
            } else if (Values.number(group.get(), "retentionInDays").orElse(0.0) <= 0) {
                out.add(writer, "%s %s writes to log group %s, which has no retentionInDays", kind, writer.name(), group.get().name());
            }
        }
    }

    static final class DlqAlarms extends Rule {
        static final List<String> METRICS = List.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage");

        DlqAlarms() {
            super("REL-CW-02", MANDATORY, PROD,
                    "cloudwatch MetricAlarm",
                    "DLQ depth and oldest-message-age alarms exist with alarmActions to the ops SNS topic",
                    "CloudWatch.15",
                    "Add MetricAlarms on AWS/SQS ApproximateNumberOfMessagesVisible and ApproximateAgeOfOldestMessage for the DLQ (dimension QueueName) with alarmActions = the ops-alerts topic ARN.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            List<String> opsTopics = plan.ofType(Types.TOPIC).stream()
                    .filter(t -> PlanGraph.tagged(t, Conventions.PURPOSE, Conventions.OPS_ALERTS))
                    .map(PlannedResource::arn).filter(java.util.Objects::nonNull).toList();
            for (PlannedResource dlq : plan.ofType(Types.QUEUE)) {
                if (!PlanGraph.tagged(dlq, Conventions.PURPOSE, Conventions.DEAD_LETTER)) {
                    continue;
                }
                for (String metric : METRICS) {
                    List<PlannedResource> alarms = plan.ofType(Types.METRIC_ALARM).stream()
                            .filter(a -> "AWS/SQS".equals(Values.string(a, "namespace").orElse(""))
                                    && metric.equals(Values.string(a, "metricName").orElse(""))
                                    && plan.refersTo(Values.string(a, "dimensions.QueueName").orElse(null), dlq))
                            .toList();
                    if (alarms.isEmpty()) {
                        out.add(dlq, "dead-letter queue %s has no AWS/SQS %s alarm (dimension QueueName = the queue's name)", dlq.name(), metric);
                    } else if (alarms.stream().noneMatch(a -> Values.strings(a, "alarmActions").stream().anyMatch(opsTopics::contains))) {
                        out.add(dlq, "dead-letter queue %s: %s alarm %s has alarmActions %s; expected the ops-alerts topic %s",
                                dlq.name(), metric, alarms.get(0).name(), Values.strings(alarms.get(0), "alarmActions"), opsTopics);
                    }
                }
            }
        }
    }
}
