package com.portfolio.infra;

import com.portfolio.infra.plan.PlannedResource;
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

/**
 * A mandatory rule that only a setting can break: the VPC must not use {@link #FORBIDDEN}. No real
 * setting can make the program fail the project's policy (the settings refuse what would), so the
 * gate's tests break this one instead, through {@code portfolio:vpcCidr}.
 */
final class ForbiddenCidrRule extends Rule {

    static final String ID = "TEST-CIDR-01";
    static final String FORBIDDEN = "10.99.0.0/16";

    ForbiddenCidrRule() {
        super(ID, Severity.MANDATORY, Stacks.BOTH, "ec2 Vpc", "the VPC does not use " + FORBIDDEN, "-",
                "Set portfolio:vpcCidr to another block.");
    }

    @Override
    public void check(PlanGraph plan, Findings out) {
        for (PlannedResource vpc : plan.ofType("aws:ec2/vpc:Vpc")) {
            if (FORBIDDEN.equals(vpc.inputs().get("cidrBlock"))) {
                out.add(vpc, "%s uses %s", PlanGraph.describe(vpc), FORBIDDEN);
            }
        }
    }

    /** The standard rules and this one. */
    static PolicyRun.Tools withStandardRules() {
        List<PolicyRule> rules = new ArrayList<>(PolicyEngine.standard().rules());
        rules.add(new ForbiddenCidrRule());
        return new PolicyRun.Tools(rules, PolicyReportPrinter::print);
    }
}
