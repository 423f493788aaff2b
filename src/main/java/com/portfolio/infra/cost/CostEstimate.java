package com.portfolio.infra.cost;

import java.util.List;
import java.util.Map;

/**
 * What a stack costs a month, from a plan and the price table.
 *
 * @param region        the stack's region
 * @param priced        false when the table has no prices for the region: then only {@code note}
 * @param note          why there are no figures, or null
 * @param asOf          the date of the prices
 * @param source        where the prices come from
 * @param fixed         what bills whether used or not, one line per resource
 * @param usage         what bills by use, one line per kind of use, at the stack's assumptions
 * @param notPriced     resources of a type the table neither prices nor knows to be free
 * @param assumptions   the monthly usage assumed
 * @param budgetUsd     the stack's monthly budget
 * @param budgetEmail   who the AWS budget alerts, or null (then no budget resource)
 */
public record CostEstimate(String region, boolean priced, String note, String asOf, String source,
                           List<FixedLine> fixed, List<UsageLine> usage, List<Unpriced> notPriced,
                           Map<String, Double> assumptions, int budgetUsd, String budgetEmail) {

    /**
     * A resource that costs the same every month.
     *
     * @param component the component resource that parents it ({@code (stack)} for none)
     * @param detail    how the figure comes about, e.g. {@code 730 h x $0.045}
     */
    public record FixedLine(String component, String resource, String type, String item, double monthlyUsd, String detail) {
    }

    /**
     * A kind of use, priced by unit.
     *
     * @param components  the components whose resources bill this way
     * @param unitPrices  the unit prices, e.g. {@code $0.20 per million requests}
     * @param assumption  the usage assumed, e.g. {@code 100000 requests}
     * @param lowUsd      the estimate's low end at the assumption
     * @param highUsd     its high end (the same as the low end except for ranges such as spot)
     */
    public record UsageLine(String item, List<String> components, String unitPrices, String assumption,
                            double lowUsd, double highUsd) {
    }

    /** A resource the table cannot price: never counted as zero. */
    public record Unpriced(String component, String resource, String type, String reason) {
    }

    public double fixedTotal() {
        return fixed.stream().mapToDouble(FixedLine::monthlyUsd).sum();
    }

    public double usageLow() {
        return usage.stream().mapToDouble(UsageLine::lowUsd).sum();
    }

    public double usageHigh() {
        return usage.stream().mapToDouble(UsageLine::highUsd).sum();
    }

    /** The fixed cost per component, in the order of the components' names. */
    public Map<String, Double> fixedByComponent() {
        var totals = new java.util.TreeMap<String, Double>();
        fixed.forEach(line -> totals.merge(line.component(), line.monthlyUsd(), Double::sum));
        return totals;
    }

    public boolean overBudget() {
        return priced && fixedTotal() > budgetUsd;
    }
}
