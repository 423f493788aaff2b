package com.portfolio.infra;

import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.PolicyReportPrinter;
import com.portfolio.infra.policy.PolicyRule;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Severity;
import com.portfolio.infra.policy.Stacks;
import java.util.ArrayList;
import java.util.List;

/** Policy tools with a defect: a rule that throws, or a printer that does. */
final class FailingPolicy {
    private FailingPolicy() {
    }

    /** A rule whose check throws, as a rule with a bug would. */
    static final class ThrowingRule extends Rule {
        ThrowingRule() {
            super("TEST-BUG-01", Severity.MANDATORY, Stacks.BOTH, "every resource", "nothing", "-", "Fix the rule.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            throw new IllegalStateException("index 3 out of bounds for a rule with a bug");
        }
    }

    /** The standard rules with a throwing rule among them. */
    static PolicyRun.Tools throwingRule() {
        List<PolicyRule> rules = new ArrayList<>(PolicyEngine.standard().rules());
        rules.add(3, new ThrowingRule());
        return new PolicyRun.Tools(rules, PolicyReportPrinter::print);
    }

    /** The standard rules, and a printer that fails after its first line. */
    static PolicyRun.Tools throwingPrinter() {
        return new PolicyRun.Tools(PolicyEngine.standard().rules(), (report, out) -> {
            out.println("partial report");
            throw new UnsupportedOperationException("the printer has a bug");
        });
    }
}
