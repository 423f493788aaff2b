package com.portfolio.infra.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads of one JSON file's fields for the plan readers. Every error names the file, the
 * field's path (e.g. {@code resources[3].type}), what was found and what was expected.
 */
final class JsonFields {
    private final String source;

    JsonFields(String source) {
        this.source = source;
    }

    PlanFileException error(String path, String expected, JsonNode found) {
        return new PlanFileException(source + ": " + path + ": expected " + expected + ", found " + describe(found));
    }

    String string(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw error(path(path, field), "a string", node);
        }
        return node.asText();
    }

    /** A string field that may be absent, null or empty (all read as null). */
    String optionalString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(path(path, field), "a string or null", node);
        }
        return node.asText().isEmpty() ? null : node.asText();
    }

    boolean bool(JsonNode parent, String field, String path, boolean absent) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw error(path(path, field), "true or false", node);
        }
        return node.asBoolean();
    }

    JsonNode array(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw error(path(path, field), "an array", node);
        }
        return node;
    }

    /** An object field that may be absent or null (read as an empty object). */
    JsonNode optionalObject(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw error(path(path, field), "an object", node);
        }
        return node;
    }

    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /**
     * The node as a plain plan value (see {@link PlannedResource}): objects as maps in file order
     * without their null fields (the engine leaves unset inputs out), arrays as lists, numbers as
     * doubles (as the engine's wire form has them). {@code special} may replace a node first.
     */
    static Object plain(JsonNode node, Function<JsonNode, Object> special) {
        Object replaced = special.apply(node);
        if (replaced != null) {
            return replaced;
        }
        if (node.isObject()) {
            var map = new LinkedHashMap<String, Object>();
            node.fields().forEachRemaining(e -> {
                Object value = plain(e.getValue(), special);
                if (value != null) {
                    map.put(e.getKey(), value);
                }
            });
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            var list = new ArrayList<Object>(node.size());
            node.forEach(element -> list.add(plain(element, special)));
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plainObject(JsonNode node, Function<JsonNode, Object> special) {
        Object value = plain(node, special);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** What a node is, for messages: its JSON kind and, for scalars, the value. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            var names = new ArrayList<String>();
            node.fieldNames().forEachRemaining(names::add);
            return names.isEmpty() ? "an empty object" : "an object with " + abbreviate(names);
        }
        if (node.isArray()) {
            return "an array of " + node.size();
        }
        String text = node.toString();
        return (node.isTextual() ? "the string " : node.isBoolean() ? "" : "the number ")
                + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    private static String abbreviate(List<String> names) {
        List<String> shown = names.size() > 8 ? names.subList(0, 8) : names;
        return "\"" + String.join("\", \"", shown) + "\"" + (names.size() > 8 ? " and " + (names.size() - 8) + " more" : "");
    }
}
