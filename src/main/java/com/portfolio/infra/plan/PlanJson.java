package com.portfolio.infra.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON, in exactly this shape: {@code {"project","stack","environment","resources":[{"urn","type",
 * "name","id","parent","custom","inputs","outputs","options":{"protect","retainOnDelete"}}],
 * "outputs":{},"policy":{"rules","applied","mandatory","advisory","exceptions","violations":[{"rule",
 * "severity","urn","message"}],"notEvaluated":[{"rule","urn","input","message"}]}}}. A resource's
 * {@code outputs} are the attributes the engine computed beyond its inputs; with them the file is
 * enough to evaluate the policy again ({@link PlanJsonReader}). Whole numbers are written without
 * a fraction, as they were written in the program.
 */
public final class PlanJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One violation as the JSON carries it. */
    public record ViolationEntry(String rule, String severity, String urn, String message) {
    }

    /** A check that could not be made because an input is only known after deployment. */
    public record NotEvaluatedEntry(String rule, String urn, String input, String message) {
    }

    /**
     * The policy section, the same numbers as the verdict line; {@code rules} is 0 when the policy
     * was not evaluated.
     *
     * @param applied    how many rules had resources of their types to check
     * @param exceptions how many valid exception tags the plan carries
     */
    public record PolicySection(int rules, int applied, long mandatory, long advisory, int exceptions,
                                List<ViolationEntry> violations, List<NotEvaluatedEntry> notEvaluated) {
    }

    private PlanJson() {
    }

    public static String write(Plan plan, PolicySection policy) {
        return write(plan, policy, Map.of());
    }

    /** @param sections more top-level sections after {@code policy}, e.g. {@code cost}, in their map's order */
    public static String write(Plan plan, PolicySection policy, Map<String, Object> sections) {
        var root = new LinkedHashMap<String, Object>();
        root.put("project", plan.project());
        root.put("stack", plan.stack());
        root.put("environment", plan.environment().word());
        root.put("resources", plan.resources().stream().map(PlanJson::resource).toList());
        root.put("outputs", normalise(plan.outputs()));
        var policyNode = new LinkedHashMap<String, Object>();
        policyNode.put("rules", policy.rules());
        policyNode.put("applied", policy.applied());
        policyNode.put("mandatory", policy.mandatory());
        policyNode.put("advisory", policy.advisory());
        policyNode.put("exceptions", policy.exceptions());
        policyNode.put("violations", policy.violations().stream().map(v -> {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("rule", v.rule());
            entry.put("severity", v.severity());
            entry.put("urn", v.urn());
            entry.put("message", v.message());
            return entry;
        }).toList());
        policyNode.put("notEvaluated", policy.notEvaluated().stream().map(n -> {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("rule", n.rule());
            entry.put("urn", n.urn());
            entry.put("input", n.input());
            entry.put("message", n.message());
            return entry;
        }).toList());
        root.put("policy", policyNode);
        root.putAll(sections);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON", e);
        }
    }

    private static Map<String, Object> resource(PlannedResource r) {
        var node = new LinkedHashMap<String, Object>();
        node.put("urn", r.urn());
        node.put("type", r.type());
        node.put("name", r.name());
        node.put("id", r.id());
        node.put("parent", r.parentUrn());
        node.put("custom", r.custom());
        node.put("inputs", normalise(r.inputs()));
        node.put("outputs", normalise(computedOutputs(r)));
        var options = new LinkedHashMap<String, Object>();
        options.put("protect", r.protect());
        options.put("retainOnDelete", r.retainOnDelete());
        node.put("options", options);
        return node;
    }

    /**
     * What the plan's engine gave the resource beyond its inputs (ARN, computed names, domain
     * names): the rules follow references through them, so a plan read back must have them. Only
     * names that are not inputs, so that nothing an input holds as a secret is written in plain.
     */
    private static Map<String, Object> computedOutputs(PlannedResource r) {
        var outputs = new java.util.TreeMap<String, Object>();
        r.state().forEach((name, value) -> {
            if (!r.inputs().containsKey(name)) {
                outputs.put(name, value);
            }
        });
        return outputs;
    }

    /** The value with whole numbers (which arrive as doubles) as longs, also inside maps and lists. */
    static Object normalise(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            var result = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> result.put(String.valueOf(k), normalise(v)));
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PlanJson::normalise).toList();
        }
        return value;
    }
}
