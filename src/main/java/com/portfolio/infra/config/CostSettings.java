package com.portfolio.infra.config;

import java.util.Map;

/**
 * What the stack may cost and who hears when it costs more.
 *
 * @param monthlyBudgetUsd {@code portfolio:monthlyBudget}, in US dollars a month; the plan reports
 *                         an advisory when the fixed cost exceeds it, and the AWS Budgets budget
 *                         alerts against it; @default 200 in a production stack, 40 otherwise
 * @param budgetEmail      {@code portfolio:budgetEmail}, the address the budget alerts (80% of the
 *                         limit forecast, 100% actual); @default none, and then no budget is created
 * @param usage            {@code portfolio:usageAssumptions}, the monthly usage the plan's usage
 *                         estimate assumes; @default {@link UsageAssumptions#DEFAULTS}
 */
public record CostSettings(int monthlyBudgetUsd, String budgetEmail, UsageAssumptions usage) {

    public boolean hasBudgetEmail() {
        return budgetEmail != null;
    }

    /**
     * Monthly usage the estimate assumes, by name; every name of {@link #DEFAULTS} has a value.
     *
     * @param values quantity per month by name, e.g. {@code natDataGb -> 20}
     */
    public record UsageAssumptions(Map<String, Double> values) {

        /** Every assumption with its default and what it counts (its unit is in its name). */
        public static final Map<String, Double> DEFAULTS = Map.ofEntries(
                Map.entry("natDataGb", 20.0),
                Map.entry("endpointDataGb", 5.0),
                Map.entry("apiRequests", 100_000.0),
                Map.entry("lambdaGbSeconds", 25_000.0),
                Map.entry("siteRequests", 200_000.0),
                Map.entry("cdnDataGb", 10.0),
                Map.entry("dynamoWrites", 100_000.0),
                Map.entry("dynamoReads", 500_000.0),
                Map.entry("dynamoStorageGb", 1.0),
                Map.entry("s3StorageGb", 20.0),
                Map.entry("efsStorageGb", 20.0),
                Map.entry("logIngestGb", 2.0),
                Map.entry("buildMinutes", 120.0),
                Map.entry("trainingInstanceHours", 20.0),
                Map.entry("queueRequests", 100_000.0),
                Map.entry("notifications", 1_000.0),
                Map.entry("stateTransitions", 10_000.0));

        public UsageAssumptions {
            values = Map.copyOf(values);
        }

        public static UsageAssumptions defaults() {
            return new UsageAssumptions(DEFAULTS);
        }

        public double get(String name) {
            Double value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no usage assumption named " + name + "; known: "
                        + new java.util.TreeSet<>(DEFAULTS.keySet()));
            }
            return value;
        }
    }
}
