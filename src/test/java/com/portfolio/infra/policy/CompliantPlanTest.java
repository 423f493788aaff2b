package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.policy.rules.StandardRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GIVEN a plan built to the rules WHEN evaluated THEN no rule reports anything: no false positives. */
class CompliantPlanTest {
    /** A fixed day, so that the runtime table's dates do not make the test age. */
    static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

    static PolicyEngine engine() {
        return new PolicyEngine(StandardRules.all(TODAY), Clock.fixed(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));
    }

    static Stream<String> ruleIds() {
        return StandardRules.all(TODAY).stream().map(PolicyRule::id);
    }

    @Test
    void aCompliantProdPlanHasNoViolations() {
        PolicyReport report = engine().evaluate(CompliantPlan.build("prod").build());

        assertEquals(List.of(), report.violations(), () -> print(report));
        assertFalse(report.hasMandatory());
        assertEquals(StandardRules.all(TODAY).size(), report.rules());
    }

    /** The dev stack leaves stateful resources unprotected: only prod-scoped rules may speak, as advisories. */
    @Test
    void theDevVariantOnlyHasAdvisoriesFromProdScopedRules() {
        PolicyReport report = engine().evaluate(CompliantPlan.build("dev").build());
        var prodScoped = StandardRules.all(TODAY).stream().filter(r -> r.stacks() == Stacks.PROD).map(PolicyRule::id).toList();

        assertFalse(report.hasMandatory(), () -> print(report));
        report.violations().forEach(v -> {
            assertEquals(Severity.ADVISORY, v.severity());
            assertTrue(prodScoped.contains(v.rule()), v::toString);
        });
    }

    @ParameterizedTest(name = "{0} holds on the compliant prod plan")
    @MethodSource("ruleIds")
    void everyRulePassesTheCompliantPlan(String ruleId) {
        PolicyReport report = engine().evaluate(CompliantPlan.build("prod").build());

        assertEquals(List.of(), report.violationsOf(ruleId));
    }

    static String print(PolicyReport report) {
        var bytes = new ByteArrayOutputStream();
        PolicyReportPrinter.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
