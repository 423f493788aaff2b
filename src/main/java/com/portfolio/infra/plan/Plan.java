package com.portfolio.infra.plan;

import com.portfolio.infra.config.Environment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything one run of the program registered, in registration order, and its stack outputs.
 *
 * @param project   the Pulumi project name
 * @param stack     the stack name ({@code dev}, {@code prod}, ...)
 * @param environment whether the stack is production (the stack's {@code portfolio:environment}):
 *                  decides whether the rules that hold in production only are mandatory
 * @param resources every registered resource, the stack itself included
 * @param outputs   the stack outputs as plain values (see {@link PlannedResource} for the encoding)
 */
public record Plan(String project, String stack, Environment environment, List<PlannedResource> resources,
                   Map<String, Object> outputs) {

    public Plan {
        environment = java.util.Objects.requireNonNull(environment, "environment");
        resources = List.copyOf(resources);
        outputs = outputs == null ? Map.of() : outputs;
    }

    /** A plan whose environment is not recorded: the default of its stack's name ({@link Environment#defaultFor}). */
    public Plan(String project, String stack, List<PlannedResource> resources, Map<String, Object> outputs) {
        this(project, stack, Environment.defaultFor(stack), resources, outputs);
    }

    /** The same plan judged as a stack of another environment. */
    public Plan withEnvironment(Environment other) {
        return new Plan(project, stack, other, resources, outputs);
    }

    /** The resources of one Pulumi type token, e.g. {@code aws:s3/bucketV2:BucketV2}. */
    public Stream<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type));
    }

    public Optional<PlannedResource> byUrn(String urn) {
        return resources.stream().filter(r -> r.urn().equals(urn)).findFirst();
    }

    /**
     * The component a resource belongs to: its nearest ancestor that is a component resource, not
     * the stack; empty for what the stack holds directly.
     */
    public Optional<PlannedResource> componentOf(PlannedResource resource) {
        String parent = resource.parentUrn();
        while (parent != null) {
            var ancestor = byUrn(parent).orElse(null);
            if (ancestor == null || ancestor.type().equals("pulumi:pulumi:Stack")) {
                break;
            }
            if (!ancestor.custom()) {
                return Optional.of(ancestor);
            }
            parent = ancestor.parentUrn();
        }
        return Optional.empty();
    }

    public boolean isProduction() {
        return environment.isProduction();
    }
}
