package com.portfolio.infra.cost;

import com.portfolio.infra.config.CostSettings;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Prices a plan: fixed cost per resource (grouped by the component that parents it), use by kind, and what is not priced. */
public final class CostEstimator {

    private CostEstimator() {
    }

    public static CostEstimate estimate(Plan plan, String region, CostSettings cost, PriceTable table) {
        var assumptions = new java.util.TreeMap<>(cost.usage().values());
        Optional<PriceTable.Region> prices = table.region(region);
        if (prices.isEmpty()) {
            return new CostEstimate(region, false, "the price table (as of " + table.asOf() + ") has no prices for " + region
                    + "; it knows " + String.join(", ", table.regions()) + ". No figures for this stack.",
                    table.asOf(), table.source(), List.of(), List.of(), List.of(), assumptions,
                    cost.monthlyBudgetUsd(), cost.budgetEmail());
        }
        var context = new ResourcePricing.Context(prices.get(), table.hoursPerMonth(), plan, cost.usage());
        var fixed = new ArrayList<CostEstimate.FixedLine>();
        var usage = new ArrayList<CostEstimate.UsageLine>();
        var unpriced = new ArrayList<CostEstimate.Unpriced>();
        var kinds = new LinkedHashMap<String, TreeSet<String>>();
        for (PlannedResource r : plan.resources()) {
            if (!r.custom() || r.type().startsWith("pulumi:providers:")) {
                continue;
            }
            String component = componentOf(plan, r);
            ResourcePricing.Pricer pricer = ResourcePricing.PRICED.get(r.type());
            if (pricer == null) {
                if (!ResourcePricing.FREE.containsKey(r.type())) {
                    unpriced.add(new CostEstimate.Unpriced(component, r.name(), r.type(),
                            "the price table does not know this type"));
                }
                continue;
            }
            ResourcePricing.Priced priced = pricer.price(r, context);
            if (priced.unpricedReason() != null) {
                unpriced.add(new CostEstimate.Unpriced(component, r.name(), r.type(), priced.unpricedReason()));
                continue;
            }
            priced.fixed().forEach(f -> fixed.add(new CostEstimate.FixedLine(component, r.name(), r.type(), f.item(),
                    f.monthlyUsd(), f.detail())));
            priced.usageKinds().forEach(kind -> kinds.computeIfAbsent(kind, k -> new TreeSet<>()).add(component));
            priced.ownUsage().forEach(line -> usage.add(new CostEstimate.UsageLine(line.item(), List.of(component),
                    line.unitPrices(), line.assumption(), line.lowUsd(), line.highUsd())));
        }
        kinds.forEach((kind, components) ->
                usage.add(UsageKinds.line(kind, List.copyOf(components), prices.get(), cost.usage())));
        return new CostEstimate(region, true, null, table.asOf(), table.source(), fixed, usage, unpriced, assumptions,
                cost.monthlyBudgetUsd(), cost.budgetEmail());
    }

    /** The logical name of the component resource that parents a resource: its nearest non-stack component ancestor. */
    public static String componentOf(Plan plan, PlannedResource resource) {
        return plan.componentOf(resource).map(ancestor -> ancestor.name()).orElse("(stack)");
    }
}
