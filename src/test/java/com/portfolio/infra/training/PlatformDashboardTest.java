package com.portfolio.infra.training;

import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.StackNames;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.cost.CostEstimator;
import com.portfolio.infra.cost.PriceTable;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.ProviderSchema;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GIVEN the dev and prod stacks WHEN the program is planned under the mocks THEN the dashboard
 * graphs this stack's own queues, rules, workflow, build projects and fleet group, in its region,
 * is exported, priced, and passes the policy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlatformDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

    private static PlannedResource dashboard(Plan plan) {
        return named(plan, DASHBOARD, "training-dashboard-dashboard");
    }

    /** Each metric's dimension value, by dimension name. */
    private static Map<String, Set<String>> dimensionValues(JsonNode body) {
        var values = new TreeMap<String, Set<String>>();
        for (JsonNode widget : body.get("widgets")) {
            for (JsonNode row : widget.at("/properties/metrics")) {
                values.computeIfAbsent(row.get(2).asText(), k -> new TreeSet<>()).add(row.get(3).asText());
            }
        }
        return values;
    }

    private static Set<String> names(Plan plan, String type, java.util.function.Predicate<PlannedResource> which,
                                     String attribute) {
        return plan.ofType(type).filter(which).map(r -> String.valueOf(r.state().get(attribute)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyGraphShowsOnlyThisStacksResourcesInItsRegion() throws Exception {
        for (StackSettings settings : List.of(TestStacks.dev(), TestStacks.prod())) {
            Plan plan = TestStacks.plan(settings);
            PlannedResource dashboard = dashboard(plan);
            assertEquals(settings.namePrefix() + "-training-platform", dashboard.inputs().get("dashboardName"));
            JsonNode body = JSON.readTree((String) dashboard.inputs().get("dashboardBody"));

            Map<String, Set<String>> shown = dimensionValues(body);
            assertEquals(Set.of("QueueName", "AutoScalingGroupName", "RuleName", "StateMachineArn", "ProjectName"),
                    shown.keySet());
            assertEquals(names(plan, "aws:sqs/queue:Queue", r -> r.name().startsWith("jobs-"), "name"), shown.get("QueueName"));
            assertEquals(names(plan, "aws:cloudwatch/eventRule:EventRule", r -> r.name().startsWith("spot-"), "name"),
                    shown.get("RuleName"));
            assertEquals(names(plan, "aws:sfn/stateMachine:StateMachine", r -> true, "arn"), shown.get("StateMachineArn"));
            assertEquals(names(plan, "aws:codebuild/project:Project", r -> true, "name"), shown.get("ProjectName"));
            assertEquals(Set.of(settings.namePrefix() + "-fleet"), shown.get("AutoScalingGroupName"));
            assertEquals(2, shown.get("QueueName").size(), "the job queue and its dead-letter queue");
            assertEquals(2, shown.get("ProjectName").size(), "the ML packages and the layer");

            for (JsonNode widget : body.get("widgets")) {
                if (widget.get("type").asText().equals("metric")) {
                    assertEquals(settings.region(), widget.at("/properties/region").asText(), widget.toString());
                }
            }
            assertEquals((double) settings.training().deadLetterAlarmMessages(),
                    body.at("/widgets").findValue("annotations").at("/horizontal/0/value").asDouble());
            assertEquals("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name="
                    + settings.namePrefix() + "-training-platform", plan.outputs().get("dashboardUrl"));
        }
    }

    @Test
    void aFleetGroupNamedInTheSettingsIsTheOneGraphed() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("training:fleetAutoScalingGroup", "gpu-fleet")));
        JsonNode body = JSON.readTree((String) dashboard(plan).inputs().get("dashboardBody"));
        assertEquals(Set.of("gpu-fleet"), dimensionValues(body).get("AutoScalingGroupName"));
    }

    @Test
    void theDashboardTakesNoTagsAndPassesThePolicy() {
        // CloudWatch dashboards have no tags (the provider's DashboardArgs has none): the tag rule
        // must skip them rather than ask for what cannot be set.
        assertFalse(ProviderSchema.isTaggable(DASHBOARD));
        Plan plan = TestStacks.plan(TestStacks.dev());
        String urn = dashboard(plan).urn();
        var report = PolicyEngine.standard().evaluate(plan);
        assertEquals(List.of(), report.violations().stream().filter(v -> v.urn().equals(urn)).map(Object::toString).toList());
        assertEquals(0, report.mandatoryCount());
    }

    @Test
    void thePlanPricesTheDashboardInEveryRegionOfThePriceTable() {
        var settings = TestStacks.dev();
        var estimate = CostEstimator.estimate(TestStacks.plan(settings), settings.region(), settings.cost(),
                PriceTable.standard());
        var line = estimate.fixed().stream().filter(f -> f.type().equals(DASHBOARD)).findFirst()
                .orElseThrow(() -> new AssertionError("the dashboard is not priced: " + estimate.fixed()));
        assertEquals(3.00, line.monthlyUsd(), 1e-9);
        assertTrue(line.item().contains("first 3 are free"), line.item());
        var table = PriceTable.standard();
        assertFalse(table.regions().isEmpty());
        for (String region : table.regions()) {
            assertEquals(3.00, table.region(region).orElseThrow().price("dashboardMonth"), 1e-9, region);
        }
    }

    @Test
    void theStackNameBudgetKnowsTheDashboardName() {
        var entry = StackNames.DERIVED.stream().filter(d -> d.template().endsWith(PlatformDashboardBody.NAME_SUFFIX))
                .findFirst().orElseThrow(() -> new AssertionError("StackNames.DERIVED lacks the dashboard name"));
        assertEquals(255, entry.maxLength());
    }
}
