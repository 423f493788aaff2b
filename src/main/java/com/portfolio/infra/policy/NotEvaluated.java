package com.portfolio.infra.policy;

/**
 * A check a rule could not make because an input it needs is only known after deployment
 * ({@code <computed>} in the plan): reported instead of passing silently.
 *
 * @param rule  the rule id
 * @param urn   the resource the input belongs to
 * @param input the input's path, e.g. {@code kmsKeyId}
 */
public record NotEvaluated(String rule, String urn, String input) {

    /** E.g. {@code not evaluated: kmsKeyId of network-flow-log is computed}. */
    public String message() {
        return "not evaluated: " + input + " of " + PolicyReportPrinter.logicalName(urn) + " is computed";
    }
}
