package com.portfolio.infra.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything one run of the program registered, in registration order, and its stack outputs.
 *
 * @param project   the Pulumi project name
 * @param stack     the stack name ({@code dev}, {@code prod}, ...)
 * @param resources every registered resource, the stack itself included
 * @param outputs   the stack outputs as plain values (see {@link PlannedResource} for the encoding)
 */
public record Plan(String project, String stack, List<PlannedResource> resources, Map<String, Object> outputs) {

    public Plan {
        resources = List.copyOf(resources);
        outputs = outputs == null ? Map.of() : outputs;
    }

    /** The resources of one Pulumi type token, e.g. {@code aws:s3/bucketV2:BucketV2}. */
    public Stream<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type));
    }

    public Optional<PlannedResource> byUrn(String urn) {
        return resources.stream().filter(r -> r.urn().equals(urn)).findFirst();
    }

    public boolean isProd() {
        return "prod".equals(stack);
    }
}
