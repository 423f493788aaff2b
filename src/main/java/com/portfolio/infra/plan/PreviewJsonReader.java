package com.portfolio.infra.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.portfolio.infra.config.Environment;
import com.portfolio.infra.config.StackSettingsParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the output of {@code pulumi preview --json} (the engine's preview digest) as a
 * {@link Plan} of the stack the preview would leave: every step's {@code newState}, in step order,
 * with values in the plan's encoding. So the rules judge what a real engine plans: real
 * availability zones, provider defaults, the ids and ARNs of what already exists.
 *
 * <p>Steps that delete a resource have no new state and are left out, as are resources the
 * program only reads ({@code read}, {@code external}), which the stack does not manage. A secret
 * arrives blinded ({@code "[secret]"}) or, with {@code --show-secrets}, in its signature envelope
 * with the plain value; both become {@link PlannedResource#SECRET}, so no secret is ever held or
 * printed. A value the preview cannot know becomes {@link PlannedResource#COMPUTED}.
 */
public final class PreviewJsonReader {

    /** The stack output in which the program records the stack's environment. */
    public static final String ENVIRONMENT_OUTPUT = "environment";

    /** How the digest writes a secret when secrets are not shown. */
    static final String BLINDED_SECRET = "[secret]";

    /** Operations that remove a resource: their resource is not in the stack the preview leads to. */
    static final Set<String> REMOVING = Set.of("delete", "delete-replaced", "discard", "discard-replaced",
            "remove-pending-replace");
    /** Operations on resources the program reads but the stack does not manage. */
    static final Set<String> READING = Set.of("read", "read-replacement", "refresh");
    /** Operations whose new state is the resource as the stack will have it. */
    static final Set<String> KEEPING = Set.of("same", "create", "update", "replace", "create-replacement", "import",
            "import-replacement");

    private PreviewJsonReader() {
    }

    /** What one preview file holds: the plan of the stack it leads to, and what a reader should know. */
    public record Preview(Plan plan, List<String> warnings) {
    }

    /** Whether {@code root} has the preview digest's distinguishing fields. */
    static boolean looksLikePreview(JsonNode root) {
        return root.isObject() && !root.has("resources") && (root.has("steps") || root.has("changeSummary"));
    }

    /**
     * The stack the preview in {@code root} leads to; {@code source} names the file in messages.
     *
     * @throws PlanFileException when the digest is malformed, records a failed preview, or names
     *                           no resource from which its stack could be known
     */
    public static Preview read(JsonNode root, String source) {
        var fields = new JsonFields(source);
        failedPreview(root, source);
        JsonNode steps = root.has("steps") ? fields.array(root, "steps", "")
                : JsonNodeFactory.instance.arrayNode();
        var warnings = new ArrayList<String>();
        var byUrn = new LinkedHashMap<String, PlannedResource>();
        Urn first = null;
        Map<String, Object> stackOutputs = Map.of();
        boolean existingStack = false;
        boolean unchangedListed = false;
        for (int i = 0; i < steps.size(); i++) {
            String path = "steps[" + i + "]";
            JsonNode step = steps.get(i);
            if (!step.isObject()) {
                throw fields.error(path, "a step object", step);
            }
            String op = fields.string(step, "op", path);
            Urn urn = Urn.parse(fields.string(step, "urn", path), source + ": " + path + ".urn");
            if (first == null) {
                first = urn;
            } else if (!first.stack().equals(urn.stack()) || !first.project().equals(urn.project())) {
                throw new PlanFileException(source + ": " + path + ".urn: expected stack " + first.stack() + " of project "
                        + first.project() + " like the steps before it, found " + urn.text());
            }
            boolean isRoot = urn.isRootStack();
            existingStack |= !op.equals("create") && !isRoot;
            unchangedListed |= op.equals("same") && !isRoot;
            if (REMOVING.contains(op) || READING.contains(op)) {
                continue;
            }
            if (!KEEPING.contains(op)) {
                warnings.add(path + " has the operation \"" + op + "\", which this reader does not know; its new state, if any, is read as "
                        + "part of the stack");
            }
            JsonNode newState = step.get("newState");
            if (newState == null || newState.isNull()) {
                if (KEEPING.contains(op)) {
                    throw fields.error(path + ".newState", "the resource's new state (the step \"" + op + "\" keeps the resource)", newState);
                }
                continue;
            }
            if (!newState.isObject()) {
                throw fields.error(path + ".newState", "an object", newState);
            }
            if (fields.bool(newState, "external", path + ".newState", false)) {
                continue;
            }
            PlannedResource resource = resource(newState, urn, path + ".newState", fields);
            if (urn.isRootStack()) {
                stackOutputs = resource.state();
            }
            byUrn.put(resource.urn(), resource);
        }
        if (first == null) {
            throw new PlanFileException(source + ": the preview has no steps, so neither its stack nor its resources are "
                    + "known; expected a preview of the stack as `pulumi preview --json --show-sames` writes it");
        }
        boolean onlyTheStack = byUrn.values().stream().allMatch(r -> Urn.parse(r.urn(), source).isRootStack());
        if (!unchangedListed && (existingStack || onlyTheStack)) {
            warnings.add("the preview lists no unchanged resource (no \"same\" step): it was written without --show-sames, "
                    + "so the rules see only what changes; run `pulumi preview --json --show-sames`");
        }
        var plan = new Plan(first.project(), first.stack(), environment(root.path("config"), stackOutputs, first.stack()),
                new ArrayList<>(byUrn.values()), stackOutputs);
        return new Preview(plan, List.copyOf(warnings));
    }

    /**
     * The stack's environment: its {@code portfolio:environment} in the digest's {@code config},
     * else the stack output {@value #ENVIRONMENT_OUTPUT} the program exports, else (a stack
     * that sets neither) its name's default, as the program itself decides.
     */
    static Environment environment(JsonNode config, Map<String, Object> stackOutputs, String stack) {
        JsonNode configured = config.path(StackSettingsParser.ENVIRONMENT_KEY);
        if (configured.isTextual()) {
            return Environment.ofWord(configured.asText()).orElse(Environment.defaultFor(stack));
        }
        return stackOutputs.get(ENVIRONMENT_OUTPUT) instanceof String word
                ? Environment.ofWord(word).orElse(Environment.defaultFor(stack))
                : Environment.defaultFor(stack);
    }

    private static PlannedResource resource(JsonNode state, Urn urn, String path, JsonFields fields) {
        String type = fields.string(state, "type", path);
        var inputs = new LinkedHashMap<>(JsonFields.plainObject(fields.optionalObject(state, "inputs", path),
                PreviewJsonReader::marker));
        // The provider bridge's record of which inputs it defaulted: bookkeeping, not an input.
        inputs.remove("__defaults");
        var attributes = new LinkedHashMap<String, Object>(inputs);
        attributes.putAll(JsonFields.plainObject(fields.optionalObject(state, "outputs", path), PreviewJsonReader::marker));
        boolean custom = fields.bool(state, "custom", path, false);
        return new PlannedResource(urn.text(), type, urn.name(),
                custom ? fields.optionalString(state, "id", path) : null,
                fields.optionalString(state, "parent", path),
                custom,
                Collections.unmodifiableMap(inputs),
                fields.bool(state, "protect", path, false),
                fields.bool(state, "retainOnDelete", path, false),
                Collections.unmodifiableMap(attributes));
    }

    /** The plan value of a special JSON value, or null when the node is an ordinary value. */
    static Object marker(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            if (text.equals(EngineMarkers.UNKNOWN)) {
                return PlannedResource.COMPUTED;
            }
            return text.equals(BLINDED_SECRET) ? PlannedResource.SECRET : null;
        }
        JsonNode signature = node.isObject() ? node.get(EngineMarkers.SIGNATURE_KEY) : null;
        if (signature == null) {
            return null;
        }
        return switch (signature.asText()) {
            // Never look inside: the envelope may hold the plain value or its ciphertext.
            case EngineMarkers.SECRET_SIG -> PlannedResource.SECRET;
            case EngineMarkers.RESOURCE_SIG -> node.path("urn").asText(PlannedResource.COMPUTED);
            case EngineMarkers.OUTPUT_SIG -> node.path("secret").asBoolean(false) ? PlannedResource.SECRET
                    : node.has("value") ? JsonFields.plain(node.get("value"), PreviewJsonReader::marker) : PlannedResource.COMPUTED;
            case EngineMarkers.ASSET_SIG, EngineMarkers.ARCHIVE_SIG -> asset(node);
            default -> null;
        };
    }

    private static Map<String, Object> asset(JsonNode node) {
        var description = new LinkedHashMap<String, Object>();
        for (String key : List.of("path", "uri", "hash")) {
            if (node.hasNonNull(key)) {
                description.put(key, node.get(key).asText());
            }
        }
        return Collections.unmodifiableMap(description);
    }

    /** A preview the engine could not finish says so in an error diagnostic; its steps are partial. */
    private static void failedPreview(JsonNode root, String source) {
        for (JsonNode diagnostic : root.path("diagnostics")) {
            if ("error".equals(diagnostic.path("severity").asText())) {
                throw new PlanFileException(source + ": the preview failed, so its steps are incomplete: "
                        + diagnostic.path("message").asText().strip() + "; expected the output of a preview that succeeded");
            }
        }
    }
}
