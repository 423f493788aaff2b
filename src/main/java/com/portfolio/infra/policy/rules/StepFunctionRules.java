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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The Step Functions state machine rules. */
final class StepFunctionRules {
    private StepFunctionRules() {
    }

    static final class LoggingAndTracing extends Rule {
        LoggingAndTracing() {
            super("SEC-SFN-01", MANDATORY, BOTH,
                    "sfn StateMachine",
                    "logging level not OFF with a log group destination; tracing enabled",
                    "FSBP SFN.1",
                    "Set loggingConfiguration.level (ERROR or ALL) with logDestination = <log group ARN>:*, and tracingConfiguration.enabled true.",
                    List.of(Types.STATE_MACHINE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource sm : plan.ofType(Types.STATE_MACHINE)) {
                if (out.computed(sm, "loggingConfiguration") | out.computed(sm, "tracingConfiguration")) {
                    continue;
                }
                String level = Values.string(sm, "loggingConfiguration.level").orElse("OFF");
                if (level.equals("OFF")) {
                    out.add(sm, "state machine %s logging level is %s; expected ERROR or ALL", sm.name(),
                            Values.string(sm, "loggingConfiguration.level").orElse("unset (OFF)"));
                }
                if (Values.string(sm, "loggingConfiguration.logDestination").isEmpty()) {
                    out.add(sm, "state machine %s has no loggingConfiguration.logDestination; expected a log group", sm.name());
                }
                if (!Values.isTrue(sm, "tracingConfiguration.enabled")) {
                    out.add(sm, "state machine %s tracingConfiguration.enabled is %s; expected true", sm.name(),
                            Values.at(sm, "tracingConfiguration.enabled").orElse("unset"));
                }
            }
        }
    }

    static final class RetryCatchTimeout extends Rule {
        /** Errors that are worth retrying: service faults, throttling, timeouts. */
        static final Set<String> TRANSIENT = Set.of("States.ALL", "States.TaskFailed", "States.Timeout", "States.Http.Socket");
        static final Pattern TRANSIENT_SERVICE_ERROR = Pattern.compile(
                ".*(ServiceException|TooManyRequestsException|ThrottlingException|SdkClientException|AWSLambdaException|ServiceUnavailable|InternalServerError).*");

        RetryCatchTimeout() {
            super("REL-SFN-02", MANDATORY, BOTH,
                    "sfn StateMachine",
                    "every Task state has a Retry for transient errors and a Catch that ends in a failure-recording state; the machine has a TimeoutSeconds",
                    "serverless-rules, Step Functions docs",
                    "Give every Task a Retry on transient errors (e.g. Lambda.ServiceException, States.Timeout) and a Catch whose Next path ends in a Fail state after recording the failure; set top-level TimeoutSeconds.",
                    List.of(Types.STATE_MACHINE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource sm : plan.ofType(Types.STATE_MACHINE)) {
                if (out.computed(sm, "definition")) {
                    continue;
                }
                JsonInputs.json(sm, "definition", out).ifPresent(def -> {
                    if (!def.path("TimeoutSeconds").isNumber() || def.path("TimeoutSeconds").asDouble() <= 0) {
                        out.add(sm, "state machine %s definition has TimeoutSeconds %s; expected a positive timeout",
                                sm.name(), def.has("TimeoutSeconds") ? def.get("TimeoutSeconds").toString() : "unset");
                    }
                    checkStates(sm, def.path("States"), out);
                });
            }
        }

        /** Checks the Task states of one States object and of nested Parallel and Map states. */
        private static void checkStates(PlannedResource sm, JsonNode states, Findings out) {
            states.properties().forEach(e -> {
                String name = e.getKey();
                JsonNode state = e.getValue();
                String type = state.path("Type").asText();
                if (type.equals("Task")) {
                    checkTask(sm, states, name, state, out);
                } else if (type.equals("Parallel")) {
                    state.path("Branches").forEach(b -> checkStates(sm, b.path("States"), out));
                } else if (type.equals("Map")) {
                    checkStates(sm, state.path("ItemProcessor").path("States"), out);
                    checkStates(sm, state.path("Iterator").path("States"), out);
                }
            });
        }

        private static void checkTask(PlannedResource sm, JsonNode states, String name, JsonNode task, Findings out) {
            boolean retries = ParsedPolicy.elements(task.get("Retry")).stream()
                    .flatMap(r -> ParsedPolicy.texts(r.get("ErrorEquals")).stream())
                    .anyMatch(err -> TRANSIENT.contains(err) || TRANSIENT_SERVICE_ERROR.matcher(err).matches());
            if (!retries) {
                out.add(sm, "state machine %s Task %s has no Retry on transient errors (found Retry %s)",
                        sm.name(), name, task.has("Retry") ? task.get("Retry").toString() : "none");
            }
            List<JsonNode> catchers = ParsedPolicy.elements(task.get("Catch"));
            boolean failsCleanly = catchers.stream().anyMatch(c -> endsInFail(states, c.path("Next").asText(), new HashSet<>()));
            if (!failsCleanly) {
                out.add(sm, "state machine %s Task %s has no Catch whose path ends in a Fail state (found %d catcher(s))",
                        sm.name(), name, catchers.size());
            }
        }

        /** Whether following Next (and a Choice's Default and choices) from {@code start} reaches a Fail state. */
        static boolean endsInFail(JsonNode states, String start, Set<String> seen) {
            if (start.isEmpty() || !seen.add(start) || !states.has(start)) {
                return false;
            }
            JsonNode state = states.get(start);
            String type = state.path("Type").asText();
            if (type.equals("Fail")) {
                return true;
            }
            if (type.equals("Choice")) {
                boolean viaChoice = false;
                for (JsonNode choice : state.path("Choices")) {
                    viaChoice |= endsInFail(states, choice.path("Next").asText(), seen);
                }
                return viaChoice || endsInFail(states, state.path("Default").asText(), seen);
            }
            return endsInFail(states, state.path("Next").asText(), seen);
        }
    }
}
