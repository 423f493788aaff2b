package com.portfolio.infra.plan;

import java.util.List;
import java.util.TreeSet;

/**
 * What a plan creates, counted as {@code pulumi preview} counts "N to create": every resource
 * the program registers, the stack resource and component resources included, but not the
 * default providers the engine adds on its own (the display hides them and leaves them out of
 * the summary). An explicitly declared provider is a resource of the program and counts.
 *
 * @param total      everything counted: {@code stacks + components + cloud}
 * @param stacks     the {@code pulumi:pulumi:Stack} resource (1)
 * @param components component resources (not custom)
 * @param cloud      custom resources, i.e. what exists in AWS, plus explicit providers
 * @param protectedCount resources with {@code protect} or {@code retainOnDelete}
 * @param zones      the distinct availability zones the subnets use, sorted
 */
public record PlanCounts(int total, int stacks, int components, int cloud, int protectedCount, List<String> zones) {

    public static PlanCounts of(Plan plan) {
        List<PlannedResource> counted = plan.resources().stream().filter(r -> !isDefaultProvider(r)).toList();
        int stacks = (int) counted.stream().filter(r -> r.type().equals("pulumi:pulumi:Stack")).count();
        int components = (int) counted.stream().filter(r -> !r.custom() && !r.type().equals("pulumi:pulumi:Stack")).count();
        int cloud = (int) counted.stream().filter(PlannedResource::custom).count();
        int protectedCount = (int) counted.stream().filter(r -> r.protect() || r.retainOnDelete()).count();
        var zones = new TreeSet<String>();
        counted.stream().filter(r -> r.type().equals("aws:ec2/subnet:Subnet"))
                .forEach(r -> r.input("availabilityZone").map(String::valueOf).ifPresent(zones::add));
        return new PlanCounts(counted.size(), stacks, components, cloud, protectedCount, List.copyOf(zones));
    }

    /** The provider the engine registers when a resource names none: {@code pulumi:providers:<pkg>::default[_<version>]}. */
    static boolean isDefaultProvider(PlannedResource resource) {
        return resource.type().startsWith("pulumi:providers:")
                && (resource.name().equals("default") || resource.name().startsWith("default_"));
    }
}
