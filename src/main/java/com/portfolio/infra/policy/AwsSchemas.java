package com.portfolio.infra.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The constraints of AWS's published CloudFormation resource schemas, per Pulumi type, as
 * {@code scripts/aws_constraints.py} extracted them into the {@value #RESOURCE} resource.
 */
public final class AwsSchemas {

    public static final String RESOURCE = "/aws-constraints.json";

    /**
     * What the schemas say about one Pulumi type.
     *
     * @param cloudFormation the CloudFormation type it maps to, or null when nothing can be checked
     * @param nothingToCheck why nothing can be checked, or null when it maps
     * @param constraints    the constraints on its inputs
     */
    public record TypeEntry(String token, String cloudFormation, String nothingToCheck, List<InputConstraint> constraints) {
        public TypeEntry {
            constraints = List.copyOf(constraints);
        }
    }

    private static final AwsSchemas STANDARD = load(RESOURCE);

    private final String source;
    private final Map<String, TypeEntry> types;

    private AwsSchemas(String source, Map<String, TypeEntry> types) {
        this.source = source;
        this.types = Map.copyOf(types);
    }

    /** The committed resource. */
    public static AwsSchemas standard() {
        return STANDARD;
    }

    static AwsSchemas load(String resource) {
        try (InputStream in = AwsSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath; run scripts/aws_constraints.py");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static AwsSchemas parse(JsonNode document) {
        var types = new LinkedHashMap<String, TypeEntry>();
        document.path("types").fields().forEachRemaining(entry -> {
            String token = entry.getKey();
            JsonNode type = entry.getValue();
            if (type.has("nothingToCheck")) {
                types.put(token, new TypeEntry(token, null, type.get("nothingToCheck").asText(), List.of()));
                return;
            }
            String cloudFormation = type.path("cloudFormation").asText();
            var constraints = new ArrayList<InputConstraint>();
            for (JsonNode property : type.path("properties")) {
                constraints.addAll(constraintsOf(cloudFormation, property));
            }
            types.put(token, new TypeEntry(token, cloudFormation, null, constraints));
        });
        return new AwsSchemas(document.path("source").asText(), types);
    }

    private static List<InputConstraint> constraintsOf(String cloudFormation, JsonNode property) {
        String path = property.path("path").asText();
        String source = cloudFormation + "." + property.path("schema").asText();
        var found = new ArrayList<InputConstraint>();
        if (property.has("pattern")) {
            found.add(InputConstraint.schemaPattern(path, property.get("pattern").asText(), source));
        }
        Integer minLength = positive(property, "minLength");
        Integer maxLength = intOrNull(property, "maxLength");
        if (minLength != null || maxLength != null) {
            found.add(InputConstraint.length(InputConstraint.Family.SCHEMA_LENGTH, path, minLength, maxLength, source));
        }
        if (property.has("enum")) {
            var allowed = new ArrayList<Object>();
            property.get("enum").forEach(v -> allowed.add(v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText()));
            found.add(InputConstraint.oneOf(path, allowed, source));
        }
        if (property.has("minimum") || property.has("maximum")) {
            found.add(InputConstraint.range(InputConstraint.Family.SCHEMA_RANGE, path,
                    property.has("minimum") ? property.get("minimum").asDouble() : null,
                    property.has("maximum") ? property.get("maximum").asDouble() : null, source));
        }
        Integer minItems = positive(property, "minItems");
        Integer maxItems = intOrNull(property, "maxItems");
        if (minItems != null || maxItems != null) {
            found.add(InputConstraint.items(path, minItems, maxItems, source));
        }
        return found;
    }

    /** A lower bound of 0 says nothing. */
    private static Integer positive(JsonNode node, String field) {
        Integer value = intOrNull(node, field);
        return value == null || value == 0 ? null : value;
    }

    private static Integer intOrNull(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asInt() : null;
    }

    /** Where the constraints come from, e.g. the cfn-lint version. */
    public String source() {
        return source;
    }

    public Optional<TypeEntry> type(String token) {
        return Optional.ofNullable(types.get(token));
    }

    /** Every type the resource knows, mapped or explained. */
    public Map<String, TypeEntry> types() {
        return types;
    }
}
