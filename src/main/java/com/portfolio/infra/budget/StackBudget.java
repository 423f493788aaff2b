package com.portfolio.infra.budget;

import com.portfolio.infra.config.CostSettings;
import com.portfolio.infra.config.StackContext;
import com.pulumi.aws.budgets.Budget;
import com.pulumi.aws.budgets.BudgetArgs;
import com.pulumi.aws.budgets.inputs.BudgetCostFilterArgs;
import com.pulumi.aws.budgets.inputs.BudgetNotificationArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * An AWS Budgets cost budget for the stack: the monthly limit of {@code portfolio:monthlyBudget},
 * counting the costs tagged with this stack, with e-mail alerts when the month's forecast passes
 * 80% of it and when the actual cost passes 100%. AWS Budgets counts a tag only once it is
 * activated as a cost allocation tag (Billing console, once per account): until then the budget
 * sees nothing. The first two budgets of an account cost nothing.
 */
public final class StackBudget extends ComponentResource {

    public static final String TYPE = "portfolio:budget:StackBudget";
    private static final String COMPONENT = "budget";
    /** Early enough to act on before the month ends. */
    public static final double FORECAST_PERCENT = 80;
    public static final double ACTUAL_PERCENT = 100;

    /**
     * @param context where the stack is deployed
     * @param cost    the limit and the address; the address must be set
     */
    public record Args(StackContext context, CostSettings cost) {
        public Args {
            if (!cost.hasBudgetEmail()) {
                throw new IllegalArgumentException("a stack budget needs portfolio:budgetEmail; got none");
            }
        }
    }

    public StackBudget(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var cost = args.cost();
        new Budget(name + "-monthly", BudgetArgs.builder()
                .budgetType("COST")
                .timeUnit("MONTHLY")
                .limitAmount(Integer.toString(cost.monthlyBudgetUsd()))
                .limitUnit("USD")
                // The stack's own costs: every resource carries its stack tag (OPS-TAG-01).
                .costFilters(BudgetCostFilterArgs.builder().name("TagKeyValue")
                        .values("user:stack$" + context.settings().stack()).build())
                .notifications(
                        alert("FORECASTED", FORECAST_PERCENT, cost.budgetEmail()),
                        alert("ACTUAL", ACTUAL_PERCENT, cost.budgetEmail()))
                .tags(context.tags(COMPONENT))
                .build(), CustomResourceOptions.builder().parent(this).build());
        registerOutputs(Map.of());
    }

    private static BudgetNotificationArgs alert(String kind, double percent, String email) {
        return BudgetNotificationArgs.builder()
                .notificationType(kind)
                .comparisonOperator("GREATER_THAN")
                .threshold(percent)
                .thresholdType("PERCENTAGE")
                .subscriberEmailAddresses(email)
                .build();
    }
}
