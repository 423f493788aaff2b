package com.portfolio.infra;

import com.portfolio.infra.plan.PlanDiff;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.policy.Violation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The policy findings a change introduces and those it clears: the violations of the new plan
 * that the old one did not have, and the other way round. A finding is its rule, severity,
 * resource (by {@link PlanDiff#resourceKey}) and message, so a finding whose message changes (a count, a value)
 * shows as cleared and introduced.
 */
record PolicyDelta(List<Violation> introduced, List<Violation> cleared) {

    PolicyDelta {
        introduced = List.copyOf(introduced);
        cleared = List.copyOf(cleared);
    }

    static PolicyDelta between(PolicyReport before, PolicyReport after) {
        return new PolicyDelta(minus(after.violations(), before.violations()), minus(before.violations(), after.violations()));
    }

    boolean isEmpty() {
        return introduced.isEmpty() && cleared.isEmpty();
    }

    private record Key(String rule, String severity, String urn, String message) {
        static Key of(Violation v) {
            return new Key(v.rule(), v.severity().name(), PlanDiff.resourceKey(v.urn()), v.message());
        }
    }

    private static List<Violation> minus(List<Violation> these, List<Violation> those) {
        Set<Key> known = new LinkedHashSet<>();
        those.forEach(v -> known.add(Key.of(v)));
        return these.stream().filter(v -> !known.contains(Key.of(v))).toList();
    }
}
