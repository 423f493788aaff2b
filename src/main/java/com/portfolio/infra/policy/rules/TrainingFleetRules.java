package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spot training fleet: the Auto Scaling group tagged {@code component=training-fleet} (the tag
 * by which the control plane's handlers recognise its instances). Other groups, such as a
 * development stack's NAT instance, are not its business.
 */
final class TrainingFleetRules {
    static final String COMPONENT_TAG = "component";
    static final String TRAINING_FLEET = "training-fleet";
    /** Strategies that weigh how likely a pool is to be reclaimed, not only its price. */
    static final Set<String> CAPACITY_STRATEGIES = Set.of("capacity-optimized", "price-capacity-optimized");

    private TrainingFleetRules() {
    }

    static List<PlannedResource> fleetGroups(PlanGraph plan) {
        return plan.ofType(Types.AUTOSCALING_GROUP).stream()
                .filter(g -> PlanGraph.tagged(g, COMPONENT_TAG, TRAINING_FLEET)).toList();
    }

    static final class SpotFromZero extends Rule {
        SpotFromZero() {
            super("REL-FLEET-01", MANDATORY, BOTH,
                    "autoscaling Group tagged component=training-fleet",
                    "the training fleet scales from 0 (minSize 0, no desiredCapacity managed), is 100% spot "
                            + "(capacity-optimized or price-capacity-optimized) over >= 2 instance types with capacity "
                            + "rebalancing, in private subnets of >= 2 AZs",
                    "EC2 Spot best practices, Auto Scaling docs",
                    "Set minSize 0 and leave desiredCapacity unset; give mixedInstancesPolicy onDemandBaseCapacity 0, "
                            + "onDemandPercentageAboveBaseCapacity 0, spotAllocationStrategy capacity-optimized and an "
                            + "override per instance type (2 or more); capacityRebalance true; vpcZoneIdentifiers of "
                            + "private subnets in 2 or more zones.",
                    List.of(Types.AUTOSCALING_GROUP));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource group : fleetGroups(plan)) {
                String name = group.name();
                double min = Values.number(group, "minSize").orElse(Double.NaN);
                if (min != 0) {
                    out.add(group, "training fleet %s has minSize %s; expected 0 (idle GPU instances cost money)", name,
                            Double.isNaN(min) ? "unset" : Values.show(min));
                }
                Values.at(group, "desiredCapacity").ifPresent(desired -> out.add(group, "training fleet %s sets "
                        + "desiredCapacity %s; expected it unset (the workflow and the scaling policies own it, and an "
                        + "update would reset a running fleet)", name, desired instanceof Number n ? Values.show(n.doubleValue()) : desired));
                checkSpot(group, out);
                if (!out.computed(group, "capacityRebalance") && !Values.isTrue(group, "capacityRebalance")) {
                    out.add(group, "training fleet %s has capacityRebalance %s; expected true", name,
                            Values.at(group, "capacityRebalance").orElse("unset"));
                }
                checkSubnets(plan, group, out);
            }
        }

        private static void checkSpot(PlannedResource group, Findings out) {
            if (out.computed(group, "mixedInstancesPolicy")) {
                return;
            }
            String name = group.name();
            if (Values.at(group, "mixedInstancesPolicy").isEmpty()) {
                out.add(group, "training fleet %s has no mixedInstancesPolicy; expected 100%% spot over 2 or more "
                        + "instance types", name);
                return;
            }
            String distribution = "mixedInstancesPolicy.instancesDistribution.";
            // AWS's defaults when unset: base 0, 100% on-demand above it, lowest-price.
            double base = Values.number(group, distribution + "onDemandBaseCapacity").orElse(0.0);
            double above = Values.number(group, distribution + "onDemandPercentageAboveBaseCapacity").orElse(100.0);
            if (base != 0 || above != 0) {
                out.add(group, "training fleet %s runs on-demand capacity (onDemandBaseCapacity %s, "
                        + "onDemandPercentageAboveBaseCapacity %s); expected 0 and 0 (100%% spot)", name,
                        Values.show(base), Values.show(above));
            }
            String strategy = Values.string(group, distribution + "spotAllocationStrategy").orElse("lowest-price (unset)");
            if (!CAPACITY_STRATEGIES.contains(strategy)) {
                out.add(group, "training fleet %s has spotAllocationStrategy %s; expected one of %s", name, strategy,
                        new TreeSet<>(CAPACITY_STRATEGIES));
            }
            Set<String> types = new LinkedHashSet<>();
            for (Map<String, Object> override : Values.objects(group, "mixedInstancesPolicy.launchTemplate.overrides")) {
                Values.string(override, "instanceType").ifPresent(types::add);
            }
            if (types.size() < 2) {
                out.add(group, "training fleet %s has %d distinct instance type(s) %s; expected 2 or more, so that one "
                        + "reclaimed spot pool cannot take the whole fleet", name, types.size(), types);
            }
        }

        private static void checkSubnets(PlanGraph plan, PlannedResource group, Findings out) {
            if (out.computed(group, "vpcZoneIdentifiers")) {
                return;
            }
            List<String> subnets = Values.strings(group, "vpcZoneIdentifiers");
            List<String> notPrivate = new ArrayList<>();
            for (String ref : subnets) {
                Optional<PlannedResource> subnet = plan.resolve(Types.SUBNET, ref);
                if (subnet.isEmpty() || !PlanGraph.tagged(subnet.get(), Conventions.TIER, Conventions.PRIVATE)) {
                    notPrivate.add(ref + subnet.map(s -> " (tier " + PlanGraph.tag(s, Conventions.TIER) + ")")
                            .orElse(" (not declared in this stack)"));
                }
            }
            if (!notPrivate.isEmpty()) {
                out.add(group, "training fleet %s launches into %s; expected private subnets only", group.name(), notPrivate);
            }
            if (out.anyComputed(plan, Types.SUBNET, "availabilityZone", "availabilityZoneId")) {
                return;
            }
            Set<String> zones = new TreeSet<>();
            subnets.forEach(ref -> plan.subnetZone(ref).ifPresent(zones::add));
            if (zones.size() < 2) {
                out.add(group, "training fleet %s spans %d zone(s) %s; expected 2 or more, so one zone's spot capacity "
                        + "or outage cannot stop every job", group.name(), zones.size(), zones);
            }
        }
    }
}
