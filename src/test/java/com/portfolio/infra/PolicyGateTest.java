package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gate the engine path runs before registering anything: GIVEN settings and rules, WHEN the
 * gate plans them, THEN it lets the run go on, or stops it with the report `plan` prints.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PolicyGateTest {

    private static final StackSettings DEV = TestStacks.dev();
    private static final StackSettings FORBIDDEN_CIDR = TestStacks.settings("dev",
            Map.of("portfolio:vpcCidr", ForbiddenCidrRule.FORBIDDEN));

    private static CommandRun gate(Map<String, String> environment, StackSettings settings, PolicyRun.Tools tools,
                                   AtomicReference<PolicyGate.Result> result) {
        return CommandRun.of((out, err) -> {
            result.set(PolicyGate.check(environment, settings, Path.of("."), tools, out, err));
            return result.get().exitCode();
        });
    }

    @Test
    void aStackThatMeetsThePolicyGoesOnAndTheGateSaysHowLongItTook() {
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(), DEV, ForbiddenCidrRule.withStandardRules(), result);

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(result.get().proceed());
        assertTrue(run.out().matches("(?s)policy gate: stack dev meets every mandatory rule \\(\\d+ advisory findings?; "
                + "`plan --stack dev` lists them\\), checked in \\d+\\.\\d s\n"), run.out());
        assertEquals("", run.err());
        assertTrue(result.get().elapsedMillis() > 0);
    }

    @Test
    void aMandatoryViolationStopsTheRunWithThePlanReportOnStderr() {
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(), FORBIDDEN_CIDR, ForbiddenCidrRule.withStandardRules(), result);

        assertEquals(ExitCodes.POLICY_VIOLATION, run.exitCode());
        assertFalse(result.get().proceed());
        assertEquals("", run.out());
        // The report is PolicyReportPrinter's, as `plan` prints it: rule, resource, message, fix.
        assertTrue(run.err().contains(ForbiddenCidrRule.ID + " [MANDATORY]\n  - network-vpc\n"), run.err());
        assertTrue(run.err().matches("(?s).*\npolicy: \\d+ rules, \\d+ applied, 1 mandatory, \\d+ advisory violations.*"), run.err());
        assertTrue(run.err().contains("    fix: Set portfolio:vpcCidr to another block.\n"), run.err());
        assertTrue(run.err().matches("(?s).*\nerror: stack dev has 1 mandatory policy violation; nothing was deployed "
                + "\\(policy gate, \\d+\\.\\d s; `plan --stack dev` prints the same report\\)\n"), run.err());
    }

    /** The gate judges the stack's environment setting, as `plan` does, not its name's default. */
    @Test
    void theGateJudgesTheEnvironmentTheSettingsName() {
        StackSettings prodNamedDevelopment = TestStacks.settings("prod", Map.of(
                "portfolio:environment", "development", "portfolio:natGateways", "single"));
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(), prodNamedDevelopment, PolicyRun.Tools.standard(), result);

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(result.get().proceed());
    }

    @Test
    void skippingIsExplicitAndWarnsEveryRun() {
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(PolicyGate.SKIP_VARIABLE, "1"), FORBIDDEN_CIDR,
                ForbiddenCidrRule.withStandardRules(), result);

        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals("warning: PORTFOLIO_SKIP_POLICY=1: the policy gate is skipped; stack dev is deployed without "
                + "checking the project's policy. Unset it to check again.\n", run.err());
        assertEquals("", run.out());
        assertEquals(0, result.get().elapsedMillis());
    }

    @Test
    void zeroMeansCheck() {
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(PolicyGate.SKIP_VARIABLE, "0"), FORBIDDEN_CIDR,
                ForbiddenCidrRule.withStandardRules(), result);
        assertEquals(ExitCodes.POLICY_VIOLATION, run.exitCode());
    }

    @Test
    void aSkipValueThatIsNotOneIsRefusedWithWhatIsExpected() {
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(PolicyGate.SKIP_VARIABLE, "true"), DEV, ForbiddenCidrRule.withStandardRules(), result);

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("error: PORTFOLIO_SKIP_POLICY=\"true\" is not understood; expected 1 (deploy without the policy "
                + "gate) or 0 / unset (check the policy first). Nothing was deployed.\n", run.err());
    }

    @Test
    void aRuleThatThrowsIsACrashNamingTheRuleNotAPass() {
        var result = new AtomicReference<PolicyGate.Result>();
        CommandRun run = gate(Map.of(), DEV, FailingPolicy.throwingRule(), result);

        assertEquals(ExitCodes.CRASHED, run.exitCode());
        assertTrue(run.err().startsWith("error: policy rule TEST-BUG-01 failed on stack dev"), run.err());
    }
}
