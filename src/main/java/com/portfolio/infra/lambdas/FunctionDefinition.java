package com.portfolio.infra.lambdas;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a function's definition file ({@code route.json}, {@code function.json}) declares about it,
 * validated: its size and time limit and the exact actions it needs on each resource it names.
 *
 * @param memoryMb       memory, 128..10240
 * @param timeoutSeconds time limit
 * @param grants         per resource kind, resource key to the actions on it (each list non-empty,
 *                       actions of that kind's service only, no wildcard); kinds without grants
 *                       map to an empty map
 * @param ec2Reads       EC2 read actions ({@code ec2:DescribeTags}, ...); IAM grants them on
 *                       {@code *} only, as EC2's Describe actions have no resource-level permissions
 */
public record FunctionDefinition(int memoryMb, int timeoutSeconds, Map<ResourceKind, Map<String, List<String>>> grants,
                                 List<String> ec2Reads) {

    /** EC2 read actions a definition may declare: they reveal instances' metadata, never change anything. */
    public static final List<String> EC2_READS = List.of("ec2:DescribeInstanceStatus", "ec2:DescribeInstances",
            "ec2:DescribeTags");

    public FunctionDefinition(int memoryMb, int timeoutSeconds, Map<ResourceKind, Map<String, List<String>>> grants) {
        this(memoryMb, timeoutSeconds, grants, List.of());
    }

    public FunctionDefinition {
        ec2Reads = List.copyOf(ec2Reads);
        var copy = new EnumMap<ResourceKind, Map<String, List<String>>>(ResourceKind.class);
        for (ResourceKind kind : ResourceKind.values()) {
            var byKey = new LinkedHashMap<String, List<String>>();
            grants.getOrDefault(kind, Map.of()).forEach((key, actions) -> byKey.put(key, List.copyOf(actions)));
            copy.put(kind, java.util.Collections.unmodifiableMap(byKey));
        }
        grants = java.util.Collections.unmodifiableMap(copy);
    }

    /** The actions granted on the resources of one kind, by key. */
    public Map<String, List<String>> grants(ResourceKind kind) {
        return grants.get(kind);
    }

    /** Whether the function needs any resource at all. */
    public boolean needsNoResource() {
        return grants.values().stream().allMatch(Map::isEmpty) && ec2Reads.isEmpty();
    }
}
