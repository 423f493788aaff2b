package com.portfolio.infra.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource as the program registered it: what the offline plan records, prints, writes as
 * JSON and hands to the policy rules.
 *
 * <p>{@code inputs} holds the resource's inputs under their Pulumi (camelCase) names as plain
 * values: {@code String}, {@code Boolean}, {@code Number}, {@code List<Object>},
 * {@code Map<String, Object>}. A value the plan cannot know is the string {@link #COMPUTED}, a
 * secret is {@link #SECRET}. JSON-valued inputs (IAM policies, definitions) stay strings.
 *
 * @param urn            the resource's URN
 * @param type           the Pulumi type token, e.g. {@code aws:s3/bucketV2:BucketV2}
 * @param name           the logical name
 * @param id             the physical id ({@code null} for component resources)
 * @param parentUrn      the parent's URN, {@code null} for the stack itself
 * @param custom         true for cloud resources, false for components and the stack
 * @param inputs         the inputs, as described above
 * @param protect        the {@code protect} resource option
 * @param retainOnDelete the {@code retainOnDelete} resource option
 * @param state          what the resource's outputs would be: its inputs plus the computed
 *                       attributes the plan's engine gives it ({@code arn}, domain names, ...);
 *                       the plan's JSON writes the attributes that are not inputs
 */
public record PlannedResource(
        String urn,
        String type,
        String name,
        String id,
        String parentUrn,
        boolean custom,
        Map<String, Object> inputs,
        boolean protect,
        boolean retainOnDelete,
        Map<String, Object> state) {

    /** Stands for a value that is only known after deployment. */
    public static final String COMPUTED = "<computed>";
    /** Stands for a secret value, which the plan never shows. */
    public static final String SECRET = "<secret>";

    public PlannedResource {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        inputs = inputs == null ? Map.of() : inputs;
        state = state == null ? inputs : state;
    }

    /** The input at a dotted path (list elements by index, e.g. {@code rules.0.status}), if present. */
    public Optional<Object> input(String dottedPath) {
        return valueAt(inputs, dottedPath);
    }

    /** The value at a dotted path below {@code root} (a Map or List of plan values), if present. */
    public static Optional<Object> valueAt(Object root, String dottedPath) {
        Object current = root;
        for (String part : dottedPath.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(part);
                current = index < list.size() ? list.get(index) : null;
            } else {
                return Optional.empty();
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    /** The resource's ARN as the plan's engine gives it, or {@code null}. */
    public String arn() {
        return state.get("arn") instanceof String arn ? arn : null;
    }

    /**
     * The {@code tags} input as a map of strings (empty if the resource has none). An Auto Scaling
     * group writes its tags as a list of {@code {key, value, propagateAtLaunch}}: read alike.
     */
    public Map<String, String> tags() {
        Object tags = inputs.get("tags");
        var result = new java.util.LinkedHashMap<String, String>();
        if (tags instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        } else if (tags instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> tag && tag.get("key") != null) {
                    result.put(String.valueOf(tag.get("key")), String.valueOf(tag.get("value")));
                }
            }
        }
        return result;
    }
}
