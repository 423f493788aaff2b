package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQS and SNS rules. */
final class MessagingRules {
    private MessagingRules() {
    }

    /** SQS's default message retention (4 days) and visibility timeout, Lambda's default timeout. */
    static final double DEFAULT_RETENTION_SECONDS = 345_600;
    static final double DEFAULT_VISIBILITY_SECONDS = 30;
    static final double DEFAULT_LAMBDA_TIMEOUT_SECONDS = 3;

    static final class QueueEncryptionAndAccess extends Rule {
        QueueEncryptionAndAccess() {
            super("SEC-SQS-01", MANDATORY, BOTH,
                    "sqs Queue / QueuePolicy",
                    "SSE on (SQS-managed or KMS) for every queue and DLQ; no public principal; no sqs:* grants",
                    "FSBP SQS.1/SQS.3",
                    "Set sqsManagedSseEnabled true (or kmsMasterKeyId); grant named principals only the sqs actions they need, never Principal *, NotPrincipal, sqs:* or NotAction.",
                    List.of(Types.QUEUE, Types.QUEUE_POLICY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource q : plan.ofType(Types.QUEUE)) {
                boolean unknown = out.computed(q, "sqsManagedSseEnabled") | out.computed(q, "kmsMasterKeyId");
                if (!unknown && !Values.isTrue(q, "sqsManagedSseEnabled") && Values.string(q, "kmsMasterKeyId").isEmpty()) {
                    out.add(q, "queue %s has sqsManagedSseEnabled %s and no kmsMasterKeyId; expected server-side encryption",
                            q.name(), Values.at(q, "sqsManagedSseEnabled").orElse("unset"));
                }
                if (!out.computed(q, "policy")) {
                    JsonInputs.policy(q, "policy", out).ifPresent(doc -> checkPolicy(q, doc, out));
                }
            }
            for (PlannedResource p : plan.ofType(Types.QUEUE_POLICY)) {
                if (!out.computed(p, "policy")) {
                    JsonInputs.policy(p, "policy", out).ifPresent(doc -> checkPolicy(p, doc, out));
                }
            }
        }

        private static void checkPolicy(PlannedResource r, ParsedPolicy doc, Findings out) {
            for (Statement s : doc.allows()) {
                if (s.isPublicPrincipal()) {
                    out.add(r, "%s: queue policy statement %s Allows %s to %s; expected named principals",
                            r.name(), s.sid(), s.actionText(), s.principalText());
                }
                if (s.coversWholeService("sqs")) {
                    String granted = !s.notActions().isEmpty() ? s.actionText() : String.join(", ", s.actions().stream()
                            .filter(a -> a.equals("*") || Wildcards.coversEveryValueStartingWith(a, "sqs:", false)).toList());
                    out.add(r, "%s: queue policy statement %s Allows %s (every sqs action); expected specific sqs actions",
                            r.name(), s.sid(), granted);
                }
            }
        }
    }

    static final class Redrive extends Rule {
        Redrive() {
            super("REL-SQS-02", MANDATORY, BOTH,
                    "sqs Queue",
                    "the job queue has a redrive policy to its DLQ with maxReceiveCount between 3 and 10; the DLQ retains messages longer than the source queue",
                    "SR ES6000",
                    "Give the job queue redrivePolicy {deadLetterTargetArn: <DLQ arn>, maxReceiveCount: 3..10} and the DLQ a longer messageRetentionSeconds.",
                    List.of(Types.QUEUE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource q : plan.ofType(Types.QUEUE)) {
                // Only a known dead-letter queue is exempt: a missing or unknown purpose is a job queue.
                if (Conventions.knownPurpose(q).filter(Conventions.DEAD_LETTER::equals).isPresent()) {
                    continue;
                }
                List<JsonNode> redrives = new ArrayList<>();
                boolean unknown = out.computed(q, "redrivePolicy");
                JsonInputs.json(q, "redrivePolicy", out).ifPresent(redrives::add);
                for (PlannedResource p : plan.referencing(Types.REDRIVE_POLICY, "queueUrl", q)) {
                    unknown |= out.computed(p, "redrivePolicy");
                    JsonInputs.json(p, "redrivePolicy", out).ifPresent(redrives::add);
                }
                if (unknown) {
                    continue;
                }
                if (redrives.isEmpty()) {
                    out.add(q, "job queue %s has no redrive policy; expected one to its dead-letter queue", q.name());
                    continue;
                }
                for (JsonNode redrive : redrives) {
                    checkRedrive(plan, q, redrive, out);
                }
            }
        }

        private static void checkRedrive(PlanGraph plan, PlannedResource q, JsonNode redrive, Findings out) {
            JsonNode count = redrive.get("maxReceiveCount");
            double max = count == null ? -1 : count.isNumber() ? count.asDouble() : parse(count.asText());
            if (max < 3 || max > 10) {
                out.add(q, "job queue %s redrive maxReceiveCount is %s; expected between 3 and 10",
                        q.name(), count == null ? "unset" : count.asText());
            }
            String target = redrive.path("deadLetterTargetArn").asText("");
            Optional<PlannedResource> dlq = plan.resolve(Types.QUEUE, target);
            if (dlq.isEmpty() && out.anyComputed(plan, Types.QUEUE, "name")) {
                return;
            }
            if (dlq.isEmpty()) {
                out.add(q, "job queue %s redrives to %s, which is no queue of this stack", q.name(), target.isEmpty() ? "nothing" : target);
                return;
            }
            if (out.computed(q, "messageRetentionSeconds") | out.computed(dlq.get(), "messageRetentionSeconds")) {
                return;
            }
            double source = Values.number(q, "messageRetentionSeconds").orElse(DEFAULT_RETENTION_SECONDS);
            double kept = Values.number(dlq.get(), "messageRetentionSeconds").orElse(DEFAULT_RETENTION_SECONDS);
            if (kept <= source) {
                out.add(q, "dead-letter queue %s keeps messages %ss, job queue %s %ss; expected the DLQ to retain them longer",
                        dlq.get().name(), Values.show(kept), q.name(), Values.show(source));
            }
        }

        private static double parse(String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    static final class VisibilityVsConsumer extends Rule {
        VisibilityVsConsumer() {
            super("REL-SQS-03", MANDATORY, BOTH,
                    "sqs Queue vs consumer",
                    "a queue consumed by a Lambda has visibilityTimeoutSeconds >= 6x that function's timeout",
                    "Lambda SQS docs",
                    "Raise the queue's visibilityTimeoutSeconds to at least 6 times the consuming function's timeout.",
                    List.of(Types.EVENT_SOURCE_MAPPING));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource mapping : plan.ofType(Types.EVENT_SOURCE_MAPPING)) {
                if (out.computed(mapping, "eventSourceArn") | out.computed(mapping, "functionName")) {
                    continue;
                }
                Optional<PlannedResource> queue = Values.string(mapping, "eventSourceArn").flatMap(a -> plan.resolve(Types.QUEUE, a));
                Optional<PlannedResource> fn = Values.string(mapping, "functionName").flatMap(n -> plan.resolve(Types.FUNCTION, n));
                if (queue.isEmpty() || fn.isEmpty()
                        || out.computed(queue.get(), "visibilityTimeoutSeconds") | out.computed(fn.get(), "timeout")) {
                    continue;
                }
                double visibility = Values.number(queue.get(), "visibilityTimeoutSeconds").orElse(DEFAULT_VISIBILITY_SECONDS);
                double timeout = Values.number(fn.get(), "timeout").orElse(DEFAULT_LAMBDA_TIMEOUT_SECONDS);
                if (visibility < 6 * timeout) {
                    out.add(queue.get(), "queue %s visibilityTimeoutSeconds is %s but its consumer %s has timeout %ss; expected >= %s (6x)",
                            queue.get().name(), Values.show(visibility), fn.get().name(), Values.show(timeout), Values.show(6 * timeout));
                }
            }
        }
    }

    static final class TopicEncryptionAndAccess extends Rule {
        static final List<String> PUBLISHERS = List.of("events.amazonaws.com", "cloudwatch.amazonaws.com");

        TopicEncryptionAndAccess() {
            super("SEC-SNS-01", MANDATORY, BOTH,
                    "sns Topic / TopicPolicy",
                    "kmsMasterKeyId is a customer key whose key policy lets the publishing services (events, cloudwatch) use it; no public principal",
                    "FSBP SNS.1/SNS.4",
                    "Set kmsMasterKeyId to a customer KMS key of the stack whose policy Allows Service events.amazonaws.com and cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*; no Principal * or NotPrincipal in topic policies.",
                    List.of(Types.TOPIC, Types.TOPIC_POLICY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource topic : plan.ofType(Types.TOPIC)) {
                Optional<String> keyRef = Values.string(topic, "kmsMasterKeyId");
                if (out.computed(topic, "kmsMasterKeyId")) {
                    keyRef = Optional.empty();
                } else if (keyRef.isEmpty()) {
                    out.add(topic, "topic %s has no kmsMasterKeyId; expected a customer KMS key", topic.name());
                }
                if (keyRef.isPresent()) {
                    Optional<PlannedResource> key = KmsRules.KmsKeys.resolve(plan, keyRef.get());
                    if (key.isEmpty()) {
                        out.add(topic, "topic %s kmsMasterKeyId %s is not a customer key of this stack (AWS-managed keys cannot be shared with publishers)",
                                topic.name(), keyRef.get());
                    } else {
                        checkKeyPolicy(plan, topic, key.get(), out);
                    }
                }
                if (!out.computed(topic, "policy")) {
                    JsonInputs.policy(topic, "policy", out).ifPresent(doc -> noPublic(topic, doc, out));
                }
            }
            for (PlannedResource p : plan.ofType(Types.TOPIC_POLICY)) {
                if (!out.computed(p, "policy")) {
                    JsonInputs.policy(p, "policy", out).ifPresent(doc -> noPublic(p, doc, out));
                }
            }
        }

        private static void checkKeyPolicy(PlanGraph plan, PlannedResource topic, PlannedResource key, Findings out) {
            Optional<List<ParsedPolicy>> known = KmsRules.KmsKeys.policies(plan, key, out);
            if (known.isEmpty()) {
                return;
            }
            List<ParsedPolicy> docs = known.get();
            for (String service : PUBLISHERS) {
                boolean allowed = docs.stream().flatMap(d -> d.allows().stream())
                        .anyMatch(s -> s.services().contains(service) && s.coversAction("kms:Decrypt") && s.coversAction("kms:GenerateDataKey"));
                if (!allowed) {
                    out.add(topic, "topic %s key %s: key policy does not Allow %s kms:Decrypt and kms:GenerateDataKey*; expected publishers to use the key",
                            topic.name(), key.name(), service);
                }
            }
        }

        private static void noPublic(PlannedResource r, ParsedPolicy doc, Findings out) {
            for (Statement s : doc.allows()) {
                if (s.isPublicPrincipal()) {
                    out.add(r, "%s: topic policy statement %s Allows %s to %s; expected named principals",
                            r.name(), s.sid(), s.actionText(), s.principalText());
                }
            }
        }
    }
}
