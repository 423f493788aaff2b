package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.fasterxml.jackson.databind.JsonNode;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Asynchronous invocation and EventBridge rules. */
final class EventRules {
    private EventRules() {
    }

    /** Services that invoke Lambda asynchronously, so failures need a sink. */
    static final Set<String> ASYNC_INVOKERS = Set.of("events.amazonaws.com", "sns.amazonaws.com", "s3.amazonaws.com");

    static final class FailureSinks extends Rule {
        FailureSinks() {
            super("REL-ASYNC-01", MANDATORY, BOTH,
                    "lambda FunctionEventInvokeConfig, cloudwatch EventTarget",
                    "every asynchronous path has a failure sink: on-failure destination or DLQ, event targets with deadLetterConfig and an explicit retryPolicy",
                    "SR ES1007/ES4000",
                    "Give every async path a failure sink: FunctionEventInvokeConfig destinationConfig.onFailure (or the function's deadLetterConfig), and on each EventTarget a deadLetterConfig.arn plus a retryPolicy.",
                    List.of(Types.FUNCTION_EVENT_INVOKE_CONFIG, Types.EVENT_TARGET, Types.LAMBDA_PERMISSION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource config : plan.ofType(Types.FUNCTION_EVENT_INVOKE_CONFIG)) {
                if (out.computed(config, "destinationConfig") | out.computed(config, "functionName")) {
                    continue;
                }
                Optional<PlannedResource> fn = Values.string(config, "functionName").flatMap(n -> plan.resolve(Types.FUNCTION, n));
                boolean dlq = fn.flatMap(f -> Values.string(f, "deadLetterConfig.targetArn")).isPresent();
                if (Values.string(config, "destinationConfig.onFailure.destination").isEmpty() && !dlq) {
                    out.add(config, "event invoke config %s for %s has no destinationConfig.onFailure.destination and the function has no deadLetterConfig",
                            config.name(), Values.string(config, "functionName").orElse("?"));
                }
            }
            for (PlannedResource target : plan.ofType(Types.EVENT_TARGET)) {
                if (out.computed(target, "deadLetterConfig") | out.computed(target, "retryPolicy")) {
                    continue;
                }
                if (Values.string(target, "deadLetterConfig.arn").isEmpty()) {
                    out.add(target, "event target %s (to %s) has no deadLetterConfig.arn; expected a DLQ",
                            target.name(), Values.string(target, "arn").orElse("?"));
                }
                if (Values.number(target, "retryPolicy.maximumRetryAttempts").isEmpty()
                        && Values.number(target, "retryPolicy.maximumEventAgeInSeconds").isEmpty()) {
                    out.add(target, "event target %s has no explicit retryPolicy; expected maximumRetryAttempts and/or maximumEventAgeInSeconds",
                            target.name());
                }
            }
            boolean sinksUnknown = out.anyComputed(plan, Types.FUNCTION_EVENT_INVOKE_CONFIG, "functionName", "destinationConfig");
            for (PlannedResource fn : asyncInvoked(plan)) {
                boolean hasSink = Values.string(fn, "deadLetterConfig.targetArn").isPresent()
                        || plan.ofType(Types.FUNCTION_EVENT_INVOKE_CONFIG).stream()
                        .anyMatch(c -> plan.refersTo(Values.string(c, "functionName").orElse(null), fn)
                                && Values.string(c, "destinationConfig.onFailure.destination").isPresent());
                if (!hasSink && !sinksUnknown && !out.computed(fn, "deadLetterConfig")) {
                    out.add(fn, "function %s is invoked asynchronously but has neither a FunctionEventInvokeConfig with onFailure nor a deadLetterConfig",
                            fn.name());
                }
            }
        }

        /** Functions targeted by an EventTarget or permitted to an asynchronous invoker. */
        private static Set<PlannedResource> asyncInvoked(PlanGraph plan) {
            Set<PlannedResource> result = new LinkedHashSet<>();
            plan.ofType(Types.EVENT_TARGET).forEach(t ->
                    Values.string(t, "arn").flatMap(a -> plan.resolve(Types.FUNCTION, a)).ifPresent(result::add));
            plan.ofType(Types.LAMBDA_PERMISSION).stream()
                    .filter(p -> ASYNC_INVOKERS.contains(Values.string(p, "principal").orElse("")))
                    .forEach(p -> Values.string(p, "function").flatMap(f -> plan.resolve(Types.FUNCTION, f)).ifPresent(result::add));
            return result;
        }
    }

    static final class SpotInterruption extends Rule {
        static final String INTERRUPTION = "EC2 Spot Instance Interruption Warning";
        static final String REBALANCE = "EC2 Instance Rebalance Recommendation";

        SpotInterruption() {
            super("REL-EVB-02", MANDATORY, BOTH,
                    "cloudwatch EventRule",
                    "spot rule matches source aws.ec2 and detail-type EC2 Spot Instance Interruption Warning (and the rebalance recommendation)",
                    "EC2 Spot docs",
                    "Add an EventRule with eventPattern {\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\",\"EC2 Instance Rebalance Recommendation\"]}.",
                    List.of(Types.EVENT_RULE, Types.LAUNCH_TEMPLATE, Types.INSTANCE, Types.SPOT_INSTANCE_REQUEST, Types.SPOT_FLEET_REQUEST));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            Set<String> covered = new java.util.HashSet<>();
            for (PlannedResource rule : plan.ofType(Types.EVENT_RULE)) {
                if (out.computed(rule, "eventPattern")) {
                    continue;
                }
                Optional<JsonNode> pattern = JsonInputs.json(rule, "eventPattern", out);
                if (pattern.isEmpty()) {
                    continue;
                }
                List<String> detailTypes = ParsedPolicy.texts(pattern.get().get("detail-type"));
                List<String> sources = ParsedPolicy.texts(pattern.get().get("source"));
                boolean spotish = detailTypes.stream().anyMatch(t -> t.equals(INTERRUPTION) || t.equals(REBALANCE));
                if (spotish && !sources.contains("aws.ec2")) {
                    out.add(rule, "event rule %s matches %s from source %s; expected source aws.ec2", rule.name(), detailTypes, sources);
                } else if (spotish) {
                    covered.addAll(detailTypes);
                }
            }
            if (out.anyComputed(plan, Types.EVENT_RULE, "eventPattern")) {
                return;
            }
            for (PlannedResource spot : spotUsers(plan)) {
                for (String expected : List.of(INTERRUPTION, REBALANCE)) {
                    if (!covered.contains(expected)) {
                        out.add(spot, "%s launches spot capacity but no event rule matches source aws.ec2 detail-type \"%s\"",
                                spot.name(), expected);
                    }
                }
            }
        }

        /** Launch templates, instances and requests that ask for spot capacity. */
        static List<PlannedResource> spotUsers(PlanGraph plan) {
            List<PlannedResource> users = new java.util.ArrayList<>();
            for (String type : List.of(Types.LAUNCH_TEMPLATE, Types.INSTANCE)) {
                plan.ofType(type).stream()
                        .filter(r -> "spot".equals(Values.string(r, "instanceMarketOptions.marketType").orElse("")))
                        .forEach(users::add);
            }
            users.addAll(plan.ofType(Types.SPOT_INSTANCE_REQUEST));
            users.addAll(plan.ofType(Types.SPOT_FLEET_REQUEST));
            return users;
        }
    }
}
