package com.portfolio.infra.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GIVEN a budget and an address WHEN the program plans THEN one budget alerts it at 80% forecast and 100% actual. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackBudgetTest {

    private static final String BUDGET = "aws:budgets/budget:Budget";

    @Test
    void aBudgetWithTheLimitAndBothAlertsForTheStacksCosts() {
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("portfolio:monthlyBudget", "55",
                "portfolio:budgetEmail", "me@example.com")));
        PlannedResource budget = TestStacks.named(plan, BUDGET, "budget-monthly");
        assertEquals("55", budget.inputs().get("limitAmount"));
        assertEquals("USD", budget.inputs().get("limitUnit"));
        assertEquals("MONTHLY", budget.inputs().get("timeUnit"));
        assertEquals("COST", budget.inputs().get("budgetType"));
        assertEquals(List.of(Map.of("name", "TagKeyValue", "values", List.of("user:stack$dev"))), budget.inputs().get("costFilters"));
        assertEquals(List.of(
                Map.of("notificationType", "FORECASTED", "comparisonOperator", "GREATER_THAN", "threshold", 80.0,
                        "thresholdType", "PERCENTAGE", "subscriberEmailAddresses", List.of("me@example.com")),
                Map.of("notificationType", "ACTUAL", "comparisonOperator", "GREATER_THAN", "threshold", 100.0,
                        "thresholdType", "PERCENTAGE", "subscriberEmailAddresses", List.of("me@example.com"))),
                budget.inputs().get("notifications"));
        assertEquals("dev", budget.tags().get("stack"));
    }

    @Test
    void noAddressNoBudget() {
        Plan plan = TestStacks.plan(TestStacks.dev());
        assertEquals(0, plan.ofType(BUDGET).count());
    }
}
