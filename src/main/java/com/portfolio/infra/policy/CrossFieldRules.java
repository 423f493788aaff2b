package com.portfolio.infra.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Rules AWS enforces at create time between inputs, or between resources, that no single
 * input's constraint can express. Each names its source.
 */
public final class CrossFieldRules {

    /**
     * One rule.
     *
     * @param name   what it checks, in a few words
     * @param source the AWS document that states it
     * @param check  reports each resource that breaks it
     */
    public record Check(String name, String source, BiConsumer<PlanGraph, Findings> check) {
    }

    private static final Set<String> PORTED_PROTOCOLS = Set.of("tcp", "udp", "6", "17");

    public static final List<Check> CHECKS = List.of(
            new Check("security group rule ports: from <= to, both within 0..65535 for TCP and UDP",
                    "EC2 API IpPermission FromPort/ToPort", CrossFieldRules::portsOrdered),
            new Check("an SQS queue name ends in .fifo exactly when fifoQueue is true",
                    "SQS CreateQueue QueueName", (plan, out) -> fifoName(plan, out, Types.QUEUE, "fifoQueue")),
            new Check("an SNS topic name ends in .fifo exactly when fifoTopic is true",
                    "SNS CreateTopic Name", (plan, out) -> fifoName(plan, out, Types.TOPIC, "fifoTopic")),
            new Check("FIFO-only queue attributes (contentBasedDeduplication, deduplicationScope, fifoThroughputLimit) need fifoQueue",
                    "SQS CreateQueue Attributes", (plan, out) -> fifoOnly(plan, out, Types.QUEUE, "fifoQueue",
                            List.of("contentBasedDeduplication", "deduplicationScope", "fifoThroughputLimit"))),
            new Check("FIFO-only topic attributes (contentBasedDeduplication, fifoThroughputScope) need fifoTopic",
                    "SNS CreateTopic Attributes", (plan, out) -> fifoOnly(plan, out, Types.TOPIC, "fifoTopic",
                            List.of("contentBasedDeduplication", "fifoThroughputScope"))),
            new Check("a redrive policy's maxReceiveCount is 1..1000", "SQS RedrivePolicy",
                    CrossFieldRules::maxReceiveCount),
            new Check("a FIFO queue's dead-letter queue is FIFO, a standard queue's is standard",
                    "SQS dead-letter queues", CrossFieldRules::deadLetterKind),
            new Check("an alarm's datapointsToAlarm is at most its evaluationPeriods", "CloudWatch PutMetricAlarm",
                    CrossFieldRules::datapoints),
            new Check("an alarm's period is 10, 20, 30 or a multiple of 60 seconds", "CloudWatch PutMetricAlarm Period",
                    CrossFieldRules::alarmPeriod),
            new Check("an alarm evaluates at most one day: evaluationPeriods x period <= 86400", "CloudWatch PutMetricAlarm",
                    CrossFieldRules::alarmSpan),
            new Check("an Auto Scaling group's minSize <= desiredCapacity <= maxSize", "Auto Scaling CreateAutoScalingGroup",
                    CrossFieldRules::groupCapacity),
            new Check("a scalable target's minCapacity <= maxCapacity", "Application Auto Scaling RegisterScalableTarget",
                    CrossFieldRules::targetCapacity),
            new Check("an SQS event source with batchSize > 10 sets maximumBatchingWindowInSeconds >= 1",
                    "Lambda CreateEventSourceMapping BatchSize", CrossFieldRules::batchWindow),
            new Check("an event source on a FIFO queue has batchSize <= 10", "Lambda CreateEventSourceMapping BatchSize",
                    CrossFieldRules::fifoBatch),
            new Check("a role's inline policies total at most 10240 characters without whitespace",
                    "IAM quota: role policy size", CrossFieldRules::inlinePolicyTotal),
            new Check("a table defines exactly the attributes its keys and indexes use",
                    "DynamoDB CreateTable AttributeDefinitions", CrossFieldRules::tableAttributes),
            new Check("an on-demand table sets no read/write capacity", "DynamoDB CreateTable BillingMode",
                    CrossFieldRules::onDemandCapacity));

    private CrossFieldRules() {
    }

    public static void checkAll(PlanGraph plan, Findings out) {
        CHECKS.forEach(check -> check.check().accept(plan, out));
    }

    private static void portsOrdered(PlanGraph plan, Findings out) {
        for (String type : List.of(Types.INGRESS_RULE, Types.EGRESS_RULE)) {
            plan.ofType(type).forEach(r -> ports(r, "", r.inputs(), "ipProtocol", out));
        }
        plan.ofType(Types.SECURITY_GROUP_RULE).forEach(r -> ports(r, "", r.inputs(), "protocol", out));
        for (String type : List.of(Types.SECURITY_GROUP, Types.DEFAULT_SECURITY_GROUP)) {
            for (PlannedResource r : plan.ofType(type)) {
                for (String direction : List.of("ingress", "egress")) {
                    var rules = Values.objects(r, direction);
                    for (int i = 0; i < rules.size(); i++) {
                        ports(r, direction + "[" + i + "].", rules.get(i), "protocol", out);
                    }
                }
            }
        }
    }

    /** @param where where the rule sits in the resource's inputs, e.g. {@code ingress[0].}, or empty */
    private static void ports(PlannedResource r, String where, Object rule, String protocolKey, Findings out) {
        // A port or protocol known only after deployment is not judged: it is not "unset".
        for (String key : List.of(protocolKey, "fromPort", "toPort")) {
            if (out.computed(r, where.replaceAll("\\[(\\d+)]", ".$1") + key)) {
                return;
            }
        }
        String protocol = Values.string(rule, protocolKey).map(String::toLowerCase).orElse("");
        if (!PORTED_PROTOCOLS.contains(protocol)) {
            return;
        }
        Optional<Double> from = Values.number(rule, "fromPort");
        Optional<Double> to = Values.number(rule, "toPort");
        if (from.isEmpty() || to.isEmpty()) {
            out.add(r, "%s: %sfromPort and toPort must both be set for protocol %s (got %s and %s); EC2 refuses a "
                    + "TCP/UDP rule without its port range", PlanGraph.describe(r), where, protocol,
                    from.map(Values::show).orElse("none"), to.map(Values::show).orElse("none"));
            return;
        }
        for (double port : List.of(from.get(), to.get())) {
            if (port < 0 || port > 65535) {
                out.add(r, "%s: %sport %s is outside 0..65535 for protocol %s", PlanGraph.describe(r), where,
                        Values.show(port), protocol);
                return;
            }
        }
        if (from.get() > to.get()) {
            out.add(r, "%s: %sfromPort %s is greater than toPort %s; EC2 requires fromPort <= toPort", PlanGraph.describe(r),
                    where, Values.show(from.get()), Values.show(to.get()));
        }
    }

    private static void fifoName(PlanGraph plan, Findings out, String type, String flag) {
        for (PlannedResource r : plan.ofType(type)) {
            Optional<String> name = Values.string(r, "name");
            boolean fifo = Values.isTrue(r, flag);
            if (name.isPresent() && name.get().endsWith(".fifo") != fifo) {
                out.add(r, "%s: name \"%s\" %s but %s is %s; AWS requires the .fifo suffix exactly on FIFO %s",
                        PlanGraph.describe(r), name.get(), fifo ? "lacks the .fifo suffix" : "ends in .fifo",
                        flag, fifo, type.equals(Types.QUEUE) ? "queues" : "topics");
            }
        }
    }

    private static void fifoOnly(PlanGraph plan, Findings out, String type, String flag, List<String> attributes) {
        for (PlannedResource r : plan.ofType(type)) {
            if (Values.isTrue(r, flag)) {
                continue;
            }
            for (String attribute : attributes) {
                Optional<Object> value = Values.at(r, attribute);
                if (value.isPresent() && !Boolean.FALSE.equals(value.get())) {
                    out.add(r, "%s: %s is set (%s) but %s is not true; AWS accepts it on FIFO %s only", PlanGraph.describe(r),
                            attribute, value.get(), flag, type.equals(Types.QUEUE) ? "queues" : "topics");
                }
            }
        }
    }

    /** Every redrive policy of the plan: on a queue, or its own resource; with the queue it applies to. */
    private static List<Map.Entry<PlannedResource, JsonNode>> redrivePolicies(PlanGraph plan, Findings out,
                                                                              Map<PlannedResource, PlannedResource> sourceOf) {
        var found = new ArrayList<Map.Entry<PlannedResource, JsonNode>>();
        for (PlannedResource queue : plan.ofType(Types.QUEUE)) {
            json(queue, "redrivePolicy", out).ifPresent(policy -> {
                found.add(Map.entry(queue, policy));
                sourceOf.put(queue, queue);
            });
        }
        for (PlannedResource redrive : plan.ofType(Types.REDRIVE_POLICY)) {
            json(redrive, "redrivePolicy", out).ifPresent(policy -> {
                found.add(Map.entry(redrive, policy));
                plan.resolve(Types.QUEUE, Values.at(redrive, "queueUrl").orElse(null))
                        .ifPresent(queue -> sourceOf.put(redrive, queue));
            });
        }
        return found;
    }

    private static void maxReceiveCount(PlanGraph plan, Findings out) {
        for (var entry : redrivePolicies(plan, new Findings(), new HashMap<>())) {
            JsonNode count = entry.getValue().path("maxReceiveCount");
            if (count.isMissingNode()) {
                continue;
            }
            double value = count.asDouble(Double.NaN);
            if (!(value >= 1 && value <= 1000)) {
                out.add(entry.getKey(), "%s: redrivePolicy maxReceiveCount %s is outside 1..1000", PlanGraph.describe(entry.getKey()),
                        count.asText());
            }
        }
    }

    private static void deadLetterKind(PlanGraph plan, Findings out) {
        var sourceOf = new HashMap<PlannedResource, PlannedResource>();
        for (var entry : redrivePolicies(plan, new Findings(), sourceOf)) {
            PlannedResource source = sourceOf.get(entry.getKey());
            Optional<PlannedResource> target = plan.resolve(Types.QUEUE, entry.getValue().path("deadLetterTargetArn").asText(null));
            if (source == null || target.isEmpty()) {
                continue;
            }
            boolean sourceFifo = Values.isTrue(source, "fifoQueue");
            boolean targetFifo = Values.isTrue(target.get(), "fifoQueue");
            if (sourceFifo != targetFifo) {
                out.add(entry.getKey(), "%s: %s queue %s sends to %s dead-letter queue %s; SQS requires both FIFO or both standard",
                        PlanGraph.describe(entry.getKey()), sourceFifo ? "FIFO" : "standard", source.name(),
                        targetFifo ? "a FIFO" : "a standard", target.get().name());
            }
        }
    }

    private static void datapoints(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.METRIC_ALARM)) {
            var datapoints = Values.number(r, "datapointsToAlarm");
            var periods = Values.number(r, "evaluationPeriods");
            if (datapoints.isPresent() && periods.isPresent() && datapoints.get() > periods.get()) {
                out.add(r, "%s: datapointsToAlarm %s is greater than evaluationPeriods %s", PlanGraph.describe(r),
                        Values.show(datapoints.get()), Values.show(periods.get()));
            }
        }
    }

    private static void alarmPeriod(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.METRIC_ALARM)) {
            Values.number(r, "period").ifPresent(period -> {
                boolean valid = period == 10 || period == 20 || period == 30 || (period >= 60 && period % 60 == 0);
                if (!valid) {
                    out.add(r, "%s: period %s seconds; CloudWatch accepts 10, 20, 30 or a multiple of 60",
                            PlanGraph.describe(r), Values.show(period));
                }
            });
        }
    }

    private static void alarmSpan(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.METRIC_ALARM)) {
            var period = Values.number(r, "period");
            var periods = Values.number(r, "evaluationPeriods");
            if (period.isPresent() && periods.isPresent() && period.get() * periods.get() > 86400) {
                out.add(r, "%s: evaluationPeriods %s x period %s = %s seconds; CloudWatch evaluates at most one day (86400)",
                        PlanGraph.describe(r), Values.show(periods.get()), Values.show(period.get()),
                        Values.show(period.get() * periods.get()));
            }
        }
    }

    private static void groupCapacity(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.AUTOSCALING_GROUP)) {
            var min = Values.number(r, "minSize");
            var max = Values.number(r, "maxSize");
            var desired = Values.number(r, "desiredCapacity");
            if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
                out.add(r, "%s: minSize %s is greater than maxSize %s", PlanGraph.describe(r), Values.show(min.get()),
                        Values.show(max.get()));
            }
            if (desired.isPresent() && ((min.isPresent() && desired.get() < min.get())
                    || (max.isPresent() && desired.get() > max.get()))) {
                out.add(r, "%s: desiredCapacity %s is outside minSize %s .. maxSize %s", PlanGraph.describe(r),
                        Values.show(desired.get()), min.map(Values::show).orElse("-"), max.map(Values::show).orElse("-"));
            }
        }
    }

    private static void targetCapacity(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.SCALING_TARGET)) {
            var min = Values.number(r, "minCapacity");
            var max = Values.number(r, "maxCapacity");
            if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
                out.add(r, "%s: minCapacity %s is greater than maxCapacity %s", PlanGraph.describe(r),
                        Values.show(min.get()), Values.show(max.get()));
            }
        }
    }

    private static Optional<PlannedResource> sqsSource(PlanGraph plan, PlannedResource mapping) {
        return plan.resolve(Types.QUEUE, Values.at(mapping, "eventSourceArn").orElse(null));
    }

    private static boolean fromSqs(PlanGraph plan, PlannedResource mapping) {
        return sqsSource(plan, mapping).isPresent()
                || Values.string(mapping, "eventSourceArn").filter(arn -> arn.startsWith("arn:aws:sqs:")
                || arn.matches("arn:aws[a-z-]*:sqs:.*")).isPresent();
    }

    private static void batchWindow(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.EVENT_SOURCE_MAPPING)) {
            var batch = Values.number(r, "batchSize");
            double window = Values.number(r, "maximumBatchingWindowInSeconds").orElse(0.0);
            if (fromSqs(plan, r) && batch.isPresent() && batch.get() > 10 && window < 1) {
                out.add(r, "%s: batchSize %s from an SQS queue needs maximumBatchingWindowInSeconds >= 1 (got %s)",
                        PlanGraph.describe(r), Values.show(batch.get()), Values.show(window));
            }
        }
    }

    private static void fifoBatch(PlanGraph plan, Findings out) {
        for (PlannedResource r : plan.ofType(Types.EVENT_SOURCE_MAPPING)) {
            var queue = sqsSource(plan, r);
            var batch = Values.number(r, "batchSize");
            if (queue.isPresent() && Values.isTrue(queue.get(), "fifoQueue") && batch.isPresent() && batch.get() > 10) {
                out.add(r, "%s: batchSize %s from FIFO queue %s; Lambda reads at most 10 messages per batch from a FIFO queue",
                        PlanGraph.describe(r), Values.show(batch.get()), queue.get().name());
            }
        }
    }

    private static void inlinePolicyTotal(PlanGraph plan, Findings out) {
        for (PlannedResource role : plan.ofType(Types.IAM_ROLE)) {
            long total = 0;
            for (Map<String, Object> inline : Values.objects(role, "inlinePolicies")) {
                total += policySize(inline.get("policy"));
            }
            for (PlannedResource policy : plan.ofType(Types.IAM_ROLE_POLICY)) {
                if (plan.refersTo(Values.at(policy, "role").orElse(null), role)) {
                    total += policySize(Values.at(policy, "policy").orElse(null));
                }
            }
            if (total > 10240) {
                out.add(role, "%s: its inline policies total %s characters without whitespace; IAM accepts at most 10240 "
                        + "per role (move statements into managed policies)", PlanGraph.describe(role), total);
            }
        }
    }

    private static long policySize(Object document) {
        return document instanceof String s ? s.codePoints().filter(c -> !Character.isWhitespace(c)).count() : 0;
    }

    private static void tableAttributes(PlanGraph plan, Findings out) {
        for (PlannedResource table : plan.ofType(Types.TABLE)) {
            var used = new LinkedHashSet<String>();
            Values.string(table, "hashKey").ifPresent(used::add);
            Values.string(table, "rangeKey").ifPresent(used::add);
            for (Map<String, Object> index : Values.objects(table, "globalSecondaryIndexes")) {
                Values.string(index, "hashKey").ifPresent(used::add);
                Values.string(index, "rangeKey").ifPresent(used::add);
            }
            for (Map<String, Object> index : Values.objects(table, "localSecondaryIndexes")) {
                Values.string(index, "rangeKey").ifPresent(used::add);
            }
            var defined = new TreeSet<String>();
            Values.objects(table, "attributes").forEach(a -> Values.string(a, "name").ifPresent(defined::add));
            if (used.isEmpty() || defined.isEmpty()) {
                continue;
            }
            var undefined = new TreeSet<>(used);
            undefined.removeAll(defined);
            var unused = new TreeSet<>(defined);
            unused.removeAll(used);
            if (!undefined.isEmpty() || !unused.isEmpty()) {
                out.add(table, "%s: attributes %s defined, keys and indexes use %s (%s%s); DynamoDB requires the two sets "
                        + "to be equal", PlanGraph.describe(table), defined, new TreeSet<>(used),
                        undefined.isEmpty() ? "" : "undefined: " + undefined, unused.isEmpty() ? ""
                                : (undefined.isEmpty() ? "" : ", ") + "unused: " + unused);
            }
        }
    }

    private static void onDemandCapacity(PlanGraph plan, Findings out) {
        for (PlannedResource table : plan.ofType(Types.TABLE)) {
            if (!Values.string(table, "billingMode").map("PAY_PER_REQUEST"::equals).orElse(false)) {
                continue;
            }
            var offending = new ArrayList<String>();
            for (String field : List.of("readCapacity", "writeCapacity")) {
                Values.number(table, field).filter(n -> n > 0).ifPresent(n -> offending.add(field + "=" + Values.show(n)));
            }
            var indexes = Values.objects(table, "globalSecondaryIndexes");
            for (int i = 0; i < indexes.size(); i++) {
                for (String field : List.of("readCapacity", "writeCapacity")) {
                    int index = i;
                    Values.number(indexes.get(i), field).filter(n -> n > 0)
                            .ifPresent(n -> offending.add("globalSecondaryIndexes[" + index + "]." + field + "=" + Values.show(n)));
                }
            }
            if (!offending.isEmpty()) {
                out.add(table, "%s: billingMode PAY_PER_REQUEST with %s; DynamoDB refuses provisioned capacity on an "
                        + "on-demand table", PlanGraph.describe(table), String.join(", ", offending));
            }
        }
    }

    private static Optional<JsonNode> json(PlannedResource r, String path, Findings out) {
        Optional<String> text = Values.string(r, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ParsedPolicy.readJson(text.get()));
        } catch (IllegalArgumentException e) {
            out.add(r, "%s: %s is %s", PlanGraph.describe(r), path, e.getMessage());
            return Optional.empty();
        }
    }
}
