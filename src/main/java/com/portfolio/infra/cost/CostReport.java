package com.portfolio.infra.cost;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The cost of a stack as {@code plan} prints it, and as the {@code cost} section of its JSON. */
public final class CostReport {

    private CostReport() {
    }

    public static void print(CostEstimate e, PrintStream out) {
        out.println("Cost in " + e.region() + " (USD a month; AWS list prices as of " + e.asOf() + ", from AWS's public price list):");
        if (!e.priced()) {
            out.println("  note: " + e.note());
            printBudget(e, out);
            return;
        }
        out.println("  Fixed, whether used or not, per component:");
        e.fixedByComponent().forEach((component, total) -> {
            out.printf(Locale.ROOT, "    %-28s %9s%n", component, usd(total));
            e.fixed().stream().filter(line -> line.component().equals(component)).forEach(line ->
                    out.printf(Locale.ROOT, "      %-26s %9s  %s: %s%n", line.resource(), usd(line.monthlyUsd()), line.item(), line.detail()));
        });
        out.printf(Locale.ROOT, "    %-28s %9s%n", "total fixed", usd(e.fixedTotal()));
        out.println("  By use (at the usage assumed, portfolio:usageAssumptions):");
        for (CostEstimate.UsageLine line : e.usage()) {
            out.println("    " + line.item() + (line.components().isEmpty() ? "" : " [" + String.join(", ", line.components()) + "]")
                    + ": " + line.unitPrices() + "; at " + line.assumption() + ": " + range(line.lowUsd(), line.highUsd()));
        }
        out.println("    total by use at the assumptions: " + range(e.usageLow(), e.usageHigh()));
        if (e.notPriced().isEmpty()) {
            out.println("  Not priced: none");
        } else {
            out.println("  Not priced (not counted in the totals above):");
            e.notPriced().forEach(u -> out.println("    " + u.component() + "/" + u.resource() + " (" + u.type() + "): " + u.reason()));
        }
        printBudget(e, out);
    }

    private static void printBudget(CostEstimate e, PrintStream out) {
        out.println("  Budget: " + usd(e.budgetUsd()) + " a month (portfolio:monthlyBudget)"
                + (e.priced() ? "; fixed cost " + usd(e.fixedTotal()) + (e.overBudget() ? " exceeds it" : " is within it") : ""));
        out.println("  Budget alerts: " + (e.budgetEmail() != null
                ? "AWS Budgets e-mails " + e.budgetEmail() + " at 80% of the budget forecast and 100% actual"
                : "none: no AWS Budgets budget, portfolio:budgetEmail is not set"));
        if (e.overBudget()) {
            out.println("  advisory: the fixed cost " + usd(e.fixedTotal()) + " exceeds portfolio:monthlyBudget " + usd(e.budgetUsd())
                    + "; lower it (fewer interface endpoints or zones, portfolio:natGateways instance outside prod) or raise the budget");
        }
    }

    /** The {@code cost} section of the plan's JSON: the same figures, in dollars rounded to cents. */
    public static Map<String, Object> json(CostEstimate e) {
        var node = new LinkedHashMap<String, Object>();
        node.put("region", e.region());
        node.put("currency", "USD");
        node.put("asOf", e.asOf());
        node.put("source", e.source());
        node.put("priced", e.priced());
        node.put("note", e.note());
        node.put("monthlyBudget", e.budgetUsd());
        node.put("budgetEmail", e.budgetEmail());
        node.put("fixedMonthly", cents(e.fixedTotal()));
        node.put("overBudget", e.overBudget());
        var components = new LinkedHashMap<String, Object>();
        e.fixedByComponent().forEach((component, total) -> components.put(component, cents(total)));
        node.put("fixedByComponent", components);
        node.put("fixed", e.fixed().stream().map(line -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("component", line.component());
            m.put("resource", line.resource());
            m.put("type", line.type());
            m.put("item", line.item());
            m.put("monthly", cents(line.monthlyUsd()));
            m.put("detail", line.detail());
            return m;
        }).toList());
        node.put("usage", e.usage().stream().map(line -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("item", line.item());
            m.put("components", line.components());
            m.put("unitPrices", line.unitPrices());
            m.put("assumption", line.assumption());
            m.put("monthlyLow", cents(line.lowUsd()));
            m.put("monthlyHigh", cents(line.highUsd()));
            return m;
        }).toList());
        node.put("usageMonthlyLow", cents(e.usageLow()));
        node.put("usageMonthlyHigh", cents(e.usageHigh()));
        node.put("assumptions", e.assumptions());
        node.put("notPriced", e.notPriced().stream().map(u -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("component", u.component());
            m.put("resource", u.resource());
            m.put("type", u.type());
            m.put("reason", u.reason());
            return m;
        }).toList());
        return node;
    }

    static String usd(double amount) {
        return String.format(Locale.ROOT, "$%.2f", amount);
    }

    static String range(double low, double high) {
        return Math.abs(high - low) < 0.005 ? usd(low) : usd(low) + "-" + usd(high);
    }

    private static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }

    /** The lines {@link #print} writes, for tests and callers that collect them. */
    static List<String> lines(CostEstimate e) {
        var buffer = new java.io.ByteArrayOutputStream();
        print(e, new PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        return buffer.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
}
