package com.portfolio.infra.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed Amazon States Language: the states the training workflow uses, serialised to the JSON
 * Step Functions reads (https://states-language.net/spec.html). Only what the workflow needs is
 * modelled; a definition that names a missing state, or a Task without Retry and Catch, cannot be
 * built.
 */
public final class Asl {

    /** Keys in a stable order, so the same definition is the same text and plans show no false change. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Asl() {
    }

    /** One state of a state machine. */
    public sealed interface State permits Task, Choice, Pass, Fail, Succeed {
        /** The states this one can move to. */
        List<String> successors();

        ObjectNode toJson();
    }

    /**
     * Retries a Task on the named errors.
     *
     * @param errors          error names ({@code ErrorEquals})
     * @param intervalSeconds the first wait
     * @param maxAttempts     retries after the first try
     * @param backoffRate     the factor each wait grows by
     */
    public record Retrier(List<String> errors, int intervalSeconds, int maxAttempts, double backoffRate) {
        public Retrier {
            errors = List.copyOf(errors);
            if (errors.isEmpty() || intervalSeconds < 1 || maxAttempts < 1 || backoffRate < 1) {
                throw new IllegalArgumentException("retrier: got errors " + errors + ", interval " + intervalSeconds
                        + "s, " + maxAttempts + " attempts, backoff " + backoffRate
                        + "; expected at least one error, an interval >= 1, attempts >= 1 and backoff >= 1");
            }
        }

        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.set("ErrorEquals", strings(errors));
            node.put("IntervalSeconds", intervalSeconds);
            node.put("MaxAttempts", maxAttempts);
            node.put("BackoffRate", backoffRate);
            node.put("JitterStrategy", "FULL");
            return node;
        }
    }

    /** Moves to {@code next} on the named errors, with the error object at {@code resultPath}. */
    public record Catcher(List<String> errors, String resultPath, String next) {
        public Catcher {
            errors = List.copyOf(errors);
        }

        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.set("ErrorEquals", strings(errors));
            node.put("ResultPath", resultPath);
            node.put("Next", next);
            return node;
        }
    }

    /**
     * A Task state. Every Task must say which errors it retries and where its failures go: a
     * Task without them ends the execution on the first throttled call, with nothing recorded.
     *
     * @param resource         the integration's ARN, e.g. {@code arn:aws:states:::dynamodb:updateItem}
     * @param parameters       the request; keys ending in {@code .$} are paths or intrinsic functions
     * @param resultSelector   what to keep of the response, or null for all of it
     * @param resultPath       where the result goes in the state's input; null discards it
     * @param heartbeatSeconds for a callback task: the longest silence before States.HeartbeatTimeout, or null
     * @param timeoutSeconds   the longest the task may run, or null for the machine's timeout
     * @param retry            retriers, tried in order; at least one
     * @param catchers         catchers, tried in order; at least one
     * @param next             the next state, or null to end the execution here
     */
    public record Task(String resource, Map<String, Object> parameters, Map<String, Object> resultSelector,
                       String resultPath, Integer heartbeatSeconds, Integer timeoutSeconds,
                       List<Retrier> retry, List<Catcher> catchers, String next) implements State {
        public Task {
            Objects.requireNonNull(resource, "resource");
            retry = List.copyOf(retry);
            catchers = List.copyOf(catchers);
            if (retry.isEmpty() || catchers.isEmpty()) {
                throw new IllegalArgumentException("task " + resource + ": got " + retry.size() + " retrier(s) and "
                        + catchers.size() + " catcher(s); expected at least one of each (a Retry for transient "
                        + "errors and a Catch into a state that records the failure)");
            }
        }

        @Override
        public List<String> successors() {
            var all = new java.util.ArrayList<String>();
            if (next != null) {
                all.add(next);
            }
            catchers.forEach(c -> all.add(c.next()));
            return all;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("Type", "Task");
            node.put("Resource", resource);
            if (parameters != null) {
                node.set("Parameters", JSON.valueToTree(parameters));
            }
            if (resultSelector != null) {
                node.set("ResultSelector", JSON.valueToTree(resultSelector));
            }
            node.put("ResultPath", resultPath);
            if (heartbeatSeconds != null) {
                node.put("HeartbeatSeconds", heartbeatSeconds);
            }
            if (timeoutSeconds != null) {
                node.put("TimeoutSeconds", timeoutSeconds);
            }
            ArrayNode retriers = node.putArray("Retry");
            retry.forEach(r -> retriers.add(r.toJson()));
            ArrayNode catches = node.putArray("Catch");
            catchers.forEach(c -> catches.add(c.toJson()));
            end(node, next);
            return node;
        }
    }

    /** A condition of a Choice rule. */
    public sealed interface Condition permits Compare, Not, And {
        ObjectNode toJson();
    }

    /**
     * A comparison of the value at {@code variable}, e.g. {@code IsPresent true} or
     * {@code NumericEquals 0}.
     */
    public record Compare(String variable, String operator, Object value) implements Condition {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("Variable", variable);
            node.set(operator, JSON.valueToTree(value));
            return node;
        }
    }

    public record Not(Condition condition) implements Condition {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.set("Not", condition.toJson());
            return node;
        }
    }

    public record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = List.copyOf(conditions);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            ArrayNode all = node.putArray("And");
            conditions.forEach(c -> all.add(c.toJson()));
            return node;
        }
    }

    /** A Choice rule: when {@code condition} holds, go to {@code next}. */
    public record Rule(Condition condition, String next) {
    }

    /** A Choice state: the first rule that holds decides; none, the default. */
    public record Choice(List<Rule> rules, String defaultNext) implements State {
        public Choice {
            rules = List.copyOf(rules);
        }

        @Override
        public List<String> successors() {
            var all = new java.util.ArrayList<String>();
            rules.forEach(r -> all.add(r.next()));
            all.add(defaultNext);
            return all;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("Type", "Choice");
            ArrayNode choices = node.putArray("Choices");
            rules.forEach(r -> choices.add(r.condition().toJson().put("Next", r.next())));
            node.put("Default", defaultNext);
            return node;
        }
    }

    /** A Pass state that writes {@code parameters} to {@code resultPath}. */
    public record Pass(Map<String, Object> parameters, String resultPath, String next) implements State {
        @Override
        public List<String> successors() {
            return next == null ? List.of() : List.of(next);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("Type", "Pass");
            node.set("Parameters", JSON.valueToTree(parameters));
            // "$" is the default: written out, some local runners read it as a field named "$".
            if (!"$".equals(resultPath)) {
                node.put("ResultPath", resultPath);
            }
            end(node, next);
            return node;
        }
    }

    public record Fail(String error, String cause) implements State {
        @Override
        public List<String> successors() {
            return List.of();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("Type", "Fail");
            node.put("Error", error);
            node.put("Cause", cause);
            return node;
        }
    }

    public record Succeed() implements State {
        @Override
        public List<String> successors() {
            return List.of();
        }

        @Override
        public ObjectNode toJson() {
            return JSON.createObjectNode().put("Type", "Succeed");
        }
    }

    /**
     * A whole state machine. Every state it names exists and every state is reachable from
     * {@code startAt}, else it cannot be built (Step Functions would refuse the first, and the
     * second is a state nobody tests).
     */
    public record Definition(String comment, String startAt, int timeoutSeconds, Map<String, State> states) {
        public Definition {
            states = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states));
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("state machine: got TimeoutSeconds " + timeoutSeconds + "; expected a positive timeout");
            }
            if (!states.containsKey(startAt)) {
                throw new IllegalArgumentException("state machine: StartAt names " + startAt + ", which is not one of " + states.keySet());
            }
            for (var entry : states.entrySet()) {
                for (String next : entry.getValue().successors()) {
                    if (!states.containsKey(next)) {
                        throw new IllegalArgumentException("state " + entry.getKey() + ": moves to " + next
                                + ", which is not one of " + states.keySet());
                    }
                }
            }
            var reached = new java.util.LinkedHashSet<String>();
            var pending = new java.util.ArrayDeque<String>(List.of(startAt));
            while (!pending.isEmpty()) {
                String name = pending.pop();
                if (reached.add(name)) {
                    pending.addAll(states.get(name).successors());
                }
            }
            var unreached = states.keySet().stream().filter(s -> !reached.contains(s)).toList();
            if (!unreached.isEmpty()) {
                throw new IllegalArgumentException("state machine: states " + unreached + " cannot be reached from " + startAt);
            }
        }

        public ObjectNode toJsonTree() {
            ObjectNode node = JSON.createObjectNode();
            node.put("Comment", comment);
            node.put("StartAt", startAt);
            node.put("TimeoutSeconds", timeoutSeconds);
            ObjectNode all = node.putObject("States");
            states.forEach((name, state) -> all.set(name, state.toJson()));
            return node;
        }

        public String toJson() {
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonTree());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a state machine definition of plain values did not serialise", e);
            }
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void end(ObjectNode node, String next) {
        if (next == null) {
            node.put("End", true);
        } else {
            node.put("Next", next);
        }
    }
}
