package com.portfolio.infra.policy;

import java.util.List;

/**
 * The outcome of evaluating every rule over one plan.
 *
 * @param rules      how many rules were evaluated
 * @param violations every violation, in rule order
 * @param exceptions every valid {@code policy-exception:*} tag found on a resource
 */
public record PolicyReport(int rules, List<Violation> violations, List<ExceptionUse> exceptions) {

    public PolicyReport {
        violations = List.copyOf(violations);
        exceptions = List.copyOf(exceptions);
    }

    public boolean hasMandatory() {
        return mandatoryCount() > 0;
    }

    public long mandatoryCount() {
        return violations.stream().filter(v -> v.severity() == Severity.MANDATORY).count();
    }

    public long advisoryCount() {
        return violations.stream().filter(v -> v.severity() == Severity.ADVISORY).count();
    }

    /** The violations of one rule. */
    public List<Violation> violationsOf(String ruleId) {
        return violations.stream().filter(v -> v.rule().equals(ruleId)).toList();
    }
}
