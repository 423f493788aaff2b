package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * REL-FLEET-01: the program's training fleet passes (beside a development NAT instance's group,
 * which the rule leaves alone); each weakening of the fleet's group is a mandatory violation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrainingFleetRulesTest {

    private static final String GROUP = "aws:autoscaling/group:Group";
    private static final String RULE = "REL-FLEET-01";
    private static final Plan PLAN = TestStacks.plan(TestStacks.settings("dev", Map.of("portfolio:natGateways", "instance")));

    private static List<String> messages(Plan plan) {
        return CompliantPlanTest.engine().evaluate(plan).violationsOf(RULE).stream().map(Violation::message).toList();
    }

    /** The plan with the fleet's group's inputs changed. */
    private static Plan changed(Consumer<Map<String, Object>> change) {
        var resources = PLAN.resources().stream().map(r -> {
            if (!r.type().equals(GROUP) || !r.name().equals("fleet-asg")) {
                return r;
            }
            var inputs = deepCopy(r.inputs());
            change.accept(inputs);
            return new PlannedResource(r.urn(), r.type(), r.name(), r.id(), r.parentUrn(), r.custom(), inputs, r.protect(),
                    r.retainOnDelete(), null);
        }).toList();
        return new Plan(PLAN.project(), PLAN.stack(), PLAN.environment(), resources, PLAN.outputs());
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> distribution(Map<String, Object> inputs) {
        return (Map<String, Object>) ((Map<String, Object>) inputs.get("mixedInstancesPolicy")).get("instancesDistribution");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> overrides(Map<String, Object> inputs) {
        return (List<Object>) ((Map<String, Object>) ((Map<String, Object>) inputs.get("mixedInstancesPolicy"))
                .get("launchTemplate")).get("overrides");
    }

    @Test
    void theProgramsFleetPassesAndTheNatInstancesGroupIsNotItsBusiness() {
        assertEquals(2, PLAN.ofType(GROUP).count(), "the fleet and the NAT instance");
        PolicyReport report = CompliantPlanTest.engine().evaluate(PLAN);
        assertEquals(List.of(), messages(PLAN));
        assertEquals(false, report.hasMandatory(), CompliantPlanTest.print(report));
        assertEquals(Severity.MANDATORY, CompliantPlanTest.engine().evaluate(changed(i -> i.put("minSize", 1.0)))
                .violationsOf(RULE).get(0).severity());
    }

    @Test
    void aMinimumOrAManagedDesiredCapacityIsRefused() {
        assertEquals(List.of("training fleet fleet-asg has minSize 1; expected 0 (idle GPU instances cost money)"),
                messages(changed(i -> i.put("minSize", 1.0))));
        assertEquals(List.of("training fleet fleet-asg sets desiredCapacity 2; expected it unset (the workflow and the scaling "
                + "policies own it, and an update would reset a running fleet)"), messages(changed(i -> i.put("desiredCapacity", 2.0))));
    }

    @Test
    void onDemandCapacityOrAPriceOnlyStrategyIsRefused() {
        assertEquals(List.of("training fleet fleet-asg runs on-demand capacity (onDemandBaseCapacity 0, "
                        + "onDemandPercentageAboveBaseCapacity 100); expected 0 and 0 (100% spot)"),
                messages(changed(i -> distribution(i).remove("onDemandPercentageAboveBaseCapacity"))));
        assertEquals(List.of("training fleet fleet-asg runs on-demand capacity (onDemandBaseCapacity 1, "
                        + "onDemandPercentageAboveBaseCapacity 0); expected 0 and 0 (100% spot)"),
                messages(changed(i -> distribution(i).put("onDemandBaseCapacity", 1.0))));
        assertEquals(List.of("training fleet fleet-asg has spotAllocationStrategy lowest-price; expected one of "
                        + "[capacity-optimized, price-capacity-optimized]"),
                messages(changed(i -> distribution(i).put("spotAllocationStrategy", "lowest-price"))));
        assertEquals(List.of(), messages(changed(i -> distribution(i).put("spotAllocationStrategy", "price-capacity-optimized"))));
        assertEquals(List.of("training fleet fleet-asg has no mixedInstancesPolicy; expected 100% spot over 2 or more instance types"),
                messages(changed(i -> i.remove("mixedInstancesPolicy"))));
    }

    @Test
    void oneInstanceTypeIsRefused() {
        assertEquals(List.of("training fleet fleet-asg has 1 distinct instance type(s) [g4dn.xlarge]; expected 2 or more, so "
                        + "that one reclaimed spot pool cannot take the whole fleet"),
                messages(changed(i -> overrides(i).subList(1, overrides(i).size()).clear())));
    }

    @Test
    void withoutCapacityRebalancingTheGroupIsRefused() {
        assertEquals(List.of("training fleet fleet-asg has capacityRebalance false; expected true"),
                messages(changed(i -> i.put("capacityRebalance", false))));
    }

    @Test
    void aPublicSubnetOrASingleZoneIsRefused() {
        String publicSubnet = PLAN.ofType("aws:ec2/subnet:Subnet").filter(s -> "public".equals(s.tags().get("tier")))
                .findFirst().orElseThrow().id();
        List<String> withPublic = messages(changed(i -> {
            var subnets = new ArrayList<Object>((List<?>) i.get("vpcZoneIdentifiers"));
            subnets.add(publicSubnet);
            i.put("vpcZoneIdentifiers", subnets);
        }));
        assertEquals(List.of("training fleet fleet-asg launches into [" + publicSubnet + " (tier public)]; expected private "
                + "subnets only"), withPublic);
        List<String> oneZone = messages(changed(i -> i.put("vpcZoneIdentifiers", List.of(((List<?>) i.get("vpcZoneIdentifiers")).get(0)))));
        assertEquals(1, oneZone.size(), oneZone.toString());
        assertTrue(oneZone.get(0).startsWith("training fleet fleet-asg spans 1 zone(s) ["), oneZone.get(0));
    }

    @Test
    void withoutItsComponentTagAGroupIsNotTheFleet() {
        assertEquals(List.of(), messages(changed(i -> {
            i.put("tags", List.of(Map.of("key", "component", "value", "something-else", "propagateAtLaunch", true)));
            i.put("minSize", 3.0);
        })));
    }
}
