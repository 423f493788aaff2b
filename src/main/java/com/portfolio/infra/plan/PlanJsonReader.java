package com.portfolio.infra.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.portfolio.infra.config.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads back a plan that {@code plan --json} wrote (the shape {@link PlanJson} describes), so the
 * policy can be evaluated over it without running the program again.
 */
public final class PlanJsonReader {

    private static final Function<JsonNode, Object> NOTHING_SPECIAL = node -> null;

    private PlanJsonReader() {
    }

    /** Whether {@code root} has the plan's distinguishing fields. */
    static boolean looksLikePlan(JsonNode root) {
        return root.isObject() && root.has("resources") && root.has("stack") && root.has("project");
    }

    /** The plan in {@code root}; {@code source} names the file in error messages. */
    public static Plan read(JsonNode root, String source) {
        var fields = new JsonFields(source);
        String project = fields.string(root, "project", "");
        String stack = fields.string(root, "stack", "");
        var resources = new ArrayList<PlannedResource>();
        JsonNode list = fields.array(root, "resources", "");
        for (int i = 0; i < list.size(); i++) {
            resources.add(resource(list.get(i), "resources[" + i + "]", fields));
        }
        Map<String, Object> outputs = JsonFields.plainObject(fields.optionalObject(root, "outputs", ""), NOTHING_SPECIAL);
        return new Plan(project, stack, environment(root, stack, fields), resources, outputs);
    }

    /**
     * The recorded environment; a plan written before plans recorded it is judged by its stack
     * name's default, as the stack itself would have been.
     */
    static Environment environment(JsonNode root, String stack, JsonFields fields) {
        String word = fields.optionalString(root, "environment", "");
        if (word == null) {
            return Environment.defaultFor(stack);
        }
        return Environment.ofWord(word).orElseThrow(() -> fields.error("environment",
                "production or development", root.get("environment")));
    }

    private static PlannedResource resource(JsonNode node, String path, JsonFields fields) {
        if (!node.isObject()) {
            throw fields.error(path, "a resource object", node);
        }
        Map<String, Object> inputs = JsonFields.plainObject(fields.optionalObject(node, "inputs", path), NOTHING_SPECIAL);
        var state = new LinkedHashMap<String, Object>(inputs);
        state.putAll(JsonFields.plainObject(fields.optionalObject(node, "outputs", path), NOTHING_SPECIAL));
        JsonNode options = fields.optionalObject(node, "options", path);
        return new PlannedResource(
                fields.string(node, "urn", path),
                fields.string(node, "type", path),
                fields.string(node, "name", path),
                fields.optionalString(node, "id", path),
                fields.optionalString(node, "parent", path),
                fields.bool(node, "custom", path, true),
                inputs,
                fields.bool(options, "protect", JsonFields.path(path, "options"), false),
                fields.bool(options, "retainOnDelete", JsonFields.path(path, "options"), false),
                Collections.unmodifiableMap(state));
    }

    /**
     * Whether the plan lacks the computed attributes of its cloud resources: written before plans
     * recorded them, so references by ARN cannot be followed.
     */
    static boolean lacksOutputs(JsonNode root) {
        JsonNode resources = root.path("resources");
        for (JsonNode resource : resources) {
            if (resource.path("custom").asBoolean(false) && !resource.has("outputs")) {
                return true;
            }
        }
        return false;
    }
}
