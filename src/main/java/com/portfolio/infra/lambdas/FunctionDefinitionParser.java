package com.portfolio.infra.lambdas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the part of a definition file that every function shares: {@code memoryMb},
 * {@code timeoutSeconds}, the access grants ({@code tables}, {@code queues}, {@code topics},
 * {@code stateMachines}) and EC2 reads ({@code ec2}). Problems are collected, never thrown one at a time, each as
 * {@code <file>: <field>: got <value>; expected <what>}, the style of a bad stack setting.
 */
public final class FunctionDefinitionParser {

    public static final int MIN_MEMORY_MB = 128;
    public static final int MAX_MEMORY_MB = 10240;
    /** Lambda's own limit; routes have a lower one (an HTTP API waits 30 s at most). */
    public static final int MAX_LAMBDA_TIMEOUT_SECONDS = 900;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OWN_FIELDS = List.of("memoryMb", "timeoutSeconds", "tables", "queues", "topics",
            "stateMachines", "ec2");

    /**
     * What a kind of definition file allows.
     *
     * @param otherFields       fields its own parser reads (e.g. a route's {@code method}); not unknown here
     * @param maxTimeoutSeconds the longest time limit it may declare
     * @param requiredKinds     grant fields that must be present (as {@code {}} when empty)
     */
    public record Rules(Set<String> otherFields, int maxTimeoutSeconds, Set<ResourceKind> requiredKinds) {
        public Rules {
            otherFields = Set.copyOf(otherFields);
            requiredKinds = Set.copyOf(requiredKinds);
        }
    }

    /** An event handler's {@code function.json}: no other field, Lambda's full timeout, {@code tables} required. */
    public static final Rules EVENT_HANDLER = new Rules(Set.of(), MAX_LAMBDA_TIMEOUT_SECONDS, Set.of(ResourceKind.TABLES));

    private FunctionDefinitionParser() {
    }

    /**
     * Reads and parses a definition file.
     *
     * @param file  the file
     * @param shown how the file is named in messages, e.g. {@code routes/health/route.json}
     * @throws DefinitionException with every problem, when any
     */
    public static FunctionDefinition read(Path file, String shown, Rules rules) {
        List<String> problems = new ArrayList<>();
        JsonNode root = readJson(file, shown, problems);
        FunctionDefinition definition = root == null ? null : parse(shown, root, rules, problems);
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return definition;
    }

    /** The file's JSON object, or null with a problem added. */
    public static JsonNode readJson(Path file, String shown, List<String> problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            problems.add(shown + ": cannot be read (" + e.getMessage() + "); expected a readable JSON file");
            return null;
        }
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) {
                problems.add(shown + ": got " + (root == null ? "an empty file" : describe(root))
                        + "; expected a JSON object");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            problems.add(shown + ": not valid JSON" + (location == null ? "" : " at line " + location.getLineNr()
                    + ", column " + location.getColumnNr()) + " (" + e.getOriginalMessage() + "); expected a JSON object");
            return null;
        }
    }

    /**
     * Parses the shared fields of {@code root}, adding a line to {@code problems} for each thing
     * wrong.
     *
     * @return the definition, or null when a problem was found
     */
    public static FunctionDefinition parse(String shown, JsonNode root, Rules rules, List<String> problems) {
        int before = problems.size();
        var known = new LinkedHashSet<>(OWN_FIELDS);
        known.addAll(rules.otherFields());
        root.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(shown + ": " + field + ": unknown field; expected only " + String.join(", ", known));
            }
        });
        int memory = integer(shown, root, "memoryMb", MIN_MEMORY_MB, MAX_MEMORY_MB, problems);
        int timeout = integer(shown, root, "timeoutSeconds", 1, rules.maxTimeoutSeconds(), problems);
        var grants = new EnumMap<ResourceKind, Map<String, List<String>>>(ResourceKind.class);
        for (ResourceKind kind : ResourceKind.values()) {
            grants.put(kind, grants(shown, root, kind, rules.requiredKinds().contains(kind), problems));
        }
        List<String> ec2Reads = ec2Reads(shown, root, problems);
        return problems.size() == before ? new FunctionDefinition(memory, timeout, grants, ec2Reads) : null;
    }

    /** The optional {@code ec2} list: read actions of {@link FunctionDefinition#EC2_READS}, each once. */
    private static List<String> ec2Reads(String shown, JsonNode root, List<String> problems) {
        JsonNode node = root.get("ec2");
        var result = new ArrayList<String>();
        if (node == null) {
            return result;
        }
        String expected = "a non-empty list of EC2 read actions from " + String.join(", ", FunctionDefinition.EC2_READS)
                + " (leave the field out for none)";
        if (!node.isArray() || node.isEmpty()) {
            problems.add(shown + ": ec2: " + got(node) + "; expected " + expected);
            return result;
        }
        for (JsonNode action : node) {
            if (!action.isTextual() || !FunctionDefinition.EC2_READS.contains(action.textValue())) {
                problems.add(shown + ": ec2: " + got(action) + "; expected " + expected);
            } else if (result.contains(action.textValue())) {
                problems.add(shown + ": ec2: got \"" + action.textValue() + "\", listed twice; expected each action once");
            } else {
                result.add(action.textValue());
            }
        }
        return result;
    }

    /** A required field that must be one of {@code choices}; null with a problem otherwise. */
    public static String oneOf(String shown, JsonNode root, String field, List<String> choices, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || !choices.contains(node.textValue())) {
            problems.add(shown + ": " + field + ": " + got(node) + "; expected one of " + String.join(", ", choices));
            return null;
        }
        return node.textValue();
    }

    private static int integer(String shown, JsonNode root, String field, int min, int max, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()
                || node.intValue() < min || node.intValue() > max) {
            problems.add(shown + ": " + field + ": " + got(node) + "; expected a whole number from " + min + " to " + max);
            return 0;
        }
        return node.intValue();
    }

    private static Map<String, List<String>> grants(String shown, JsonNode root, ResourceKind kind, boolean required,
                                                    List<String> problems) {
        JsonNode node = root.get(kind.field());
        String expected = "an object of " + kind.field() + " keys (" + String.join(", ", kind.keys()) + ") to lists of "
                + kind.service() + ": actions" + (required ? ", {} for none" : "");
        var result = new LinkedHashMap<String, List<String>>();
        if (node == null) {
            if (required) {
                problems.add(shown + ": " + kind.field() + ": missing; expected " + expected);
            }
            return result;
        }
        if (!node.isObject()) {
            problems.add(shown + ": " + kind.field() + ": " + got(node) + "; expected " + expected);
            return result;
        }
        node.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            String field = kind.field() + "." + key;
            if (!kind.keys().contains(key)) {
                problems.add(shown + ": " + kind.field() + ": unknown key \"" + key + "\"; expected one of "
                        + String.join(", ", kind.keys()));
                return;
            }
            JsonNode actions = entry.getValue();
            if (!actions.isArray() || actions.isEmpty()) {
                problems.add(shown + ": " + field + ": " + got(actions) + "; expected a non-empty list of " + kind.service()
                        + ": actions (leave the key out for no access)");
                return;
            }
            var list = new ArrayList<String>();
            for (JsonNode action : actions) {
                action(shown, field, kind, action, list, problems);
            }
            result.put(key, list);
        });
        return result;
    }

    private static void action(String shown, String field, ResourceKind kind, JsonNode node, List<String> into,
                               List<String> problems) {
        String prefix = kind.service() + ":";
        if (!node.isTextual()) {
            problems.add(shown + ": " + field + ": " + got(node) + "; expected an action name such as " + prefix
                    + kind.knownActions().get(0));
            return;
        }
        String action = node.textValue();
        String problem = null;
        if (action.contains("*") || action.contains("?")) {
            problem = "a wildcard action; expected exact " + prefix + " action names";
        } else if (!action.startsWith(prefix)) {
            problem = "not a " + prefix + " action (" + kind.field() + " grant " + kind.service()
                    + " actions only); expected one of " + qualified(kind);
        } else if (!kind.knows(action)) {
            problem = "not a " + prefix + " action the program knows; expected one of " + qualified(kind);
        } else if (into.contains(action)) {
            problem = "listed twice; expected each action once";
        }
        if (problem != null) {
            problems.add(shown + ": " + field + ": got \"" + action + "\", " + problem);
        } else {
            into.add(action);
        }
    }

    private static String qualified(ResourceKind kind) {
        return String.join(", ", kind.knownActions().stream().map(a -> kind.service() + ":" + a).toList());
    }

    /** How a received value is shown: {@code got 64}, {@code got "x"}, {@code missing}. */
    public static String got(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return "got " + describe(node);
    }

    private static String describe(JsonNode node) {
        if (node.getNodeType() == JsonNodeType.STRING) {
            return node.toString();
        }
        String text = node.toString();
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return switch (node.getNodeType()) {
            case OBJECT -> "an object " + shown;
            case ARRAY -> "a list " + shown;
            case BOOLEAN -> "the boolean " + shown;
            case NULL -> "null";
            default -> shown;
        };
    }
}
