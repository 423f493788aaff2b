package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlanJson;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of evaluating every rule over one plan.
 *
 * @param rules        how many rules were evaluated
 * @param applied      how many of them had something to check: the plan has resources of the
 *                     types they judge (a rule over types the stack does not have did not apply)
 * @param violations   every violation, in rule order
 * @param exceptions   every valid {@code policy-exception:*} tag found on a resource
 * @param notEvaluated the checks that could not be made because an input is computed
 */
public record PolicyReport(int rules, int applied, List<Violation> violations, List<ExceptionUse> exceptions,
                           List<NotEvaluated> notEvaluated) {

    public PolicyReport {
        violations = List.copyOf(violations);
        exceptions = List.copyOf(exceptions);
        notEvaluated = List.copyOf(notEvaluated);
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

    /** The report as the plan's JSON carries it. */
    public PlanJson.PolicySection jsonSection() {
        return new PlanJson.PolicySection(rules, applied, mandatoryCount(), advisoryCount(), exceptions.size(),
                violations.stream().map(v -> new PlanJson.ViolationEntry(v.rule(), v.severity().name().toLowerCase(Locale.ROOT),
                        v.urn(), v.message())).toList(),
                notEvaluated.stream().map(n -> new PlanJson.NotEvaluatedEntry(n.rule(), n.urn(), n.input(), n.message())).toList());
    }

    /** The checks of one rule that were not evaluated. */
    public List<NotEvaluated> notEvaluatedOf(String ruleId) {
        return notEvaluated.stream().filter(n -> n.rule().equals(ruleId)).toList();
    }
}
