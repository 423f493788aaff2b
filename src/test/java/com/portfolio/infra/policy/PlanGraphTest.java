package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the rules find resources and their names, ARNs and account in a plan. */
class PlanGraphTest {
    private static PlannedResource resource(String type, String name, Map<String, Object> inputs, Map<String, Object> state) {
        return new PlannedResource("urn:" + name, type, name, name + "-id", null, true, inputs, false, false, state);
    }

    @Test
    void theStacksArnsAndAccountComeFromItsResourcesKnownArns() {
        var known = resource(Types.QUEUE, "q", Map.of(), Map.of("arn", "arn:aws:sqs:us-east-1:123456789012:q"));
        var computed = resource(Types.QUEUE, "c", Map.of(), Map.of("arn", PlannedResource.COMPUTED));
        var none = resource(Types.QUEUE, "n", Map.of(), Map.of());
        var global = resource(Types.BUCKET, "b", Map.of(), Map.of("arn", "arn:aws:s3:::b"));
        var graph = new PlanGraph(new Plan("p", "dev", List.of(known, computed, none, global), Map.of()));

        assertEquals(Set.of("arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:s3:::b"), graph.stackArns());
        assertEquals(Set.of("123456789012"), graph.accountIds());
    }

    @Test
    void aBlankNameIdentifiesNothing() {
        var blank = resource(Types.QUEUE, "q", Map.of("name", " "), Map.of("name", ""));
        var graph = new PlanGraph(new Plan("p", "dev", List.of(blank), Map.of()));
        assertEquals(Set.of("q-id"), PlanGraph.identities(blank));
        assertTrue(graph.resolve(Types.QUEUE, " ").isEmpty());
        assertTrue(graph.resolve(Types.QUEUE, "q-id").isPresent());
    }

    @Test
    void theAwsNameFallsBackToTheComputedNameButNotToAPlaceholder() {
        assertEquals(Optional.of("given"), PlanGraph.awsName(resource(Types.TABLE, "t", Map.of("name", "given"), Map.of("name", "other"))));
        assertEquals(Optional.of("auto-123"), PlanGraph.awsName(resource(Types.TABLE, "t", Map.of(), Map.of("name", "auto-123"))));
        assertEquals(Optional.empty(), PlanGraph.awsName(resource(Types.TABLE, "t", Map.of(), Map.of("name", PlannedResource.COMPUTED))));
    }

    @Test
    void aSubnetsZoneMayBeGivenById() {
        assertEquals(Optional.of("use1-az2"), PlanGraph.zoneOf(resource(Types.SUBNET, "s", Map.of("availabilityZoneId", "use1-az2"), null)));
        assertEquals(Optional.of("us-east-1a"), PlanGraph.zoneOf(resource(Types.SUBNET, "s",
                Map.of("availabilityZone", "us-east-1a", "availabilityZoneId", "use1-az2"), null)));
    }

    @Test
    void describeNamesTheResourceAndItsTypeName() {
        assertEquals("q (Queue)", PlanGraph.describe(resource(Types.QUEUE, "q", Map.of(), null)));
        assertFalse(PlanGraph.tagged(resource(Types.QUEUE, "q", Map.of(), null), "purpose", "job-queue"));
    }
}
