package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/** Evaluation and assertions shared by the rule tests. */
final class Violations {
    private Violations() {
    }

    static PolicyReport evaluate(TestPlan plan) {
        return CompliantPlanTest.engine().evaluate(plan.build());
    }

    /** Asserts that {@code rule} reports {@code resource} with a message containing every part; returns it. */
    static Violation assertViolation(TestPlan plan, String rule, String resource, String... messageParts) {
        PolicyReport report = evaluate(plan);
        String urn = plan.urn(resource);
        return report.violationsOf(rule).stream()
                .filter(v -> v.urn().equals(urn))
                .filter(v -> Arrays.stream(messageParts).allMatch(v.message()::contains))
                .findFirst()
                .orElseGet(() -> fail("expected " + rule + " on " + resource + " with " + Arrays.toString(messageParts)
                        + ", got:\n" + CompliantPlanTest.print(report)));
    }

    static void assertNoViolation(TestPlan plan, String rule) {
        PolicyReport report = evaluate(plan);
        assertTrue(report.violationsOf(rule).isEmpty(), () -> CompliantPlanTest.print(report));
    }
}
