package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
import com.portfolio.infra.policy.ParsedPolicy.Wildcards;
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
                    "Declare the LogGroup in the stack (Lambda: /aws/lambda/<name> or loggingConfig.logGroup; CodeBuild: logsConfig.cloudwatchLogs.groupName) with retentionInDays, and point the writer at it.",
                    List.of(Types.FUNCTION, Types.API_STAGE, Types.STATE_MACHINE, Types.CODEBUILD_PROJECT, Types.FLOW_LOG, Types.LOG_GROUP));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fn : plan.ofType(Types.FUNCTION)) {
                if (out.computed(fn, "loggingConfig.logGroup") | out.computed(fn, "name")) {
                    continue;
                }
                Optional<String> group = Values.string(fn, "loggingConfig.logGroup")
                        .or(() -> PlanGraph.awsName(fn).map(n -> "/aws/lambda/" + n));
                expect(plan, fn, "function", group, out);
            }
            for (PlannedResource stage : plan.ofType(Types.API_STAGE)) {
                if (out.computed(stage, "accessLogSettings.destinationArn")) {
                    continue;
                }
                expect(plan, stage, "API stage", Values.string(stage, "accessLogSettings.destinationArn"), out);
            }
            for (PlannedResource sm : plan.ofType(Types.STATE_MACHINE)) {
                if (out.computed(sm, "loggingConfiguration.logDestination")) {
                    continue;
                }
                expect(plan, sm, "state machine", Values.string(sm, "loggingConfiguration.logDestination"), out);
            }
            for (PlannedResource project : plan.ofType(Types.CODEBUILD_PROJECT)) {
                if (out.computed(project, "logsConfig.cloudwatchLogs.groupName")) {
                    continue;
                }
                expect(plan, project, "CodeBuild project", Values.string(project, "logsConfig.cloudwatchLogs.groupName"), out);
            }
            for (PlannedResource flow : plan.ofType(Types.FLOW_LOG)) {
                if (out.computed(flow, "logDestination") | out.computed(flow, "logGroupName")) {
                    continue;
                }
                expect(plan, flow, "flow log", Values.string(flow, "logDestination").or(() -> Values.string(flow, "logGroupName")), out);
            }
            for (PlannedResource group : plan.ofType(Types.LOG_GROUP)) {
                if (!out.computed(group, "retentionInDays") && Values.number(group, "retentionInDays").orElse(0.0) <= 0) {
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
            if (group.isEmpty() && out.anyComputed(plan, Types.LOG_GROUP, "name")) {
                return;
            }
            if (group.isEmpty()) {
                out.add(writer, "%s %s writes to log group %s, which is not declared in this stack", kind, writer.name(), ref.get());
            } else if (!out.computed(group.get(), "retentionInDays") && Values.number(group.get(), "retentionInDays").orElse(0.0) <= 0) {
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
                    "Add MetricAlarms on AWS/SQS ApproximateNumberOfMessagesVisible and ApproximateAgeOfOldestMessage for the DLQ (dimension QueueName) with alarmActions = the ops-alerts topic ARN.",
                    List.of(Types.QUEUE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            List<String> opsTopics = plan.ofType(Types.TOPIC).stream()
                    .filter(t -> Conventions.knownPurpose(t).filter(Conventions.OPS_ALERTS::equals).isPresent())
                    .map(PlannedResource::arn).filter(java.util.Objects::nonNull).toList();
            for (PlannedResource dlq : plan.ofType(Types.QUEUE)) {
                // Only a known job queue is exempt: a missing or unknown purpose may be a dead-letter queue.
                if (Conventions.knownPurpose(dlq).filter(Conventions.JOB_QUEUE::equals).isPresent()) {
                    continue;
                }
                if (out.anyComputed(plan, Types.METRIC_ALARM, "namespace", "metricName", "dimensions", "alarmActions")
                        | out.anyComputed(plan, Types.TOPIC, "tags") | out.computed(dlq, "name")) {
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

    static final class EncryptedLogGroups extends Rule {
        /** What CloudWatch Logs does with the key, per AWS's documented key-policy statement. */
        static final List<String> LOGS_ACTIONS = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                "kms:GenerateDataKey", "kms:DescribeKey");
        static final String CONTEXT_KEY = "kms:EncryptionContext:aws:logs:arn";

        EncryptedLogGroups() {
            super("SEC-CW-02", MANDATORY, BOTH,
                    "cloudwatch LogGroup",
                    "encrypted with the stack's customer-managed key",
                    "ckv CKV_AWS_158",
                    "Set kmsKeyId to the stack's KMS key, whose policy must Allow Service logs.<region>.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe* with ArnLike kms:EncryptionContext:aws:logs:arn matching the group (else CloudWatch refuses to create it).",
                    List.of(Types.LOG_GROUP));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource group : plan.ofType(Types.LOG_GROUP)) {
                if (out.computed(group, "kmsKeyId")) {
                    continue;
                }
                Optional<String> keyRef = Values.string(group, "kmsKeyId");
                Optional<PlannedResource> key = keyRef.flatMap(ref -> KmsRules.KmsKeys.resolve(plan, ref));
                if (key.isEmpty()) {
                    out.add(group, "log group %s is encrypted with %s; expected the stack's customer-managed KMS key", group.name(),
                            keyRef.map(k -> k + ", which is no key of this stack").orElse("CloudWatch's own key (no kmsKeyId)"));
                    continue;
                }
                Optional<List<ParsedPolicy>> docs = KmsRules.KmsKeys.policies(plan, key.get(), out);
                if (docs.isEmpty() || out.computed(group, "name")) {
                    continue;
                }
                String region = field(group.arn(), 3).or(() -> field(key.get().arn(), 3)).orElse("?");
                String groupArn = "arn:" + field(key.get().arn(), 1).orElse("aws") + ":logs:" + region + ":"
                        + field(group.arn(), 4).or(() -> field(key.get().arn(), 4)).orElse("?") + ":log-group:" + PlanGraph.awsName(group).orElse("?");
                String service = "logs." + region + ".amazonaws.com";
                boolean usable = docs.get().stream().flatMap(d -> d.allows().stream()).anyMatch(s -> s.services().contains(service)
                        && LOGS_ACTIONS.stream().allMatch(s::coversAction) && appliesTo(s, groupArn));
                if (!usable) {
                    out.add(group, "log group %s: key %s's policy does not let %s use it for %s; expected the documented statement (%s with ArnLike %s), or CloudWatch refuses the group",
                            group.name(), key.get().name(), service, groupArn, LOGS_ACTIONS, CONTEXT_KEY);
                }
            }
        }

        /** A statement without the encryption-context condition serves every group; with it, the groups it matches. */
        private static boolean appliesTo(Statement s, String groupArn) {
            List<String> contexts = s.conditionValues(CONTEXT_KEY, List.of("ArnLike", "ArnEquals", "StringLike", "StringEquals"));
            return contexts.isEmpty() && s.conditionCount() == 0
                    || contexts.stream().anyMatch(pattern -> Wildcards.matches(pattern, groupArn, true));
        }

        private static Optional<String> field(String arn, int index) {
            String[] fields = arn == null ? new String[0] : arn.split(":", 6);
            return fields.length == 6 && fields[0].equals("arn") ? Optional.of(fields[index]) : Optional.empty();
        }
    }
}
