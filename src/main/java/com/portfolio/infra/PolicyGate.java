package com.portfolio.infra;

import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.policy.PolicyReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The policy check that runs before {@code pulumi up} or {@code preview} registers anything: the
 * same program, with the same settings, planned offline in-process, then every rule over that plan.
 * A mandatory violation stops the run, so a stack that fails the policy is never deployed, from a
 * laptop either, not only where CI runs {@code plan}.
 *
 * <p>The offline planner and {@code Pulumi.run} share the SDK's process-wide deployment state, so
 * the gate finishes (and the planner cleans up) before the engine's run starts.
 */
final class PolicyGate {

    /** Set to {@code 1} to deploy without the gate, for one run; every such run prints a warning. */
    static final String SKIP_VARIABLE = "PORTFOLIO_SKIP_POLICY";

    /**
     * What the gate decided.
     *
     * @param exitCode      {@link ExitCodes#OK} when the run may go on, else the code to exit with
     * @param elapsedMillis wall time of the gate alone (plan and rules), 0 when skipped
     */
    record Result(int exitCode, long elapsedMillis) {
        boolean proceed() {
            return exitCode == ExitCodes.OK;
        }
    }

    private PolicyGate() {
    }

    /**
     * Runs the gate, unless {@value #SKIP_VARIABLE} says to skip it.
     *
     * @param environment the process environment (for {@value #SKIP_VARIABLE})
     * @param out         where a passing gate reports its one line
     * @param err         where a skip warning, a blocking report or a failure goes
     */
    static Result check(Map<String, String> environment, StackSettings settings, Path projectDir, PolicyRun.Tools tools,
                        PrintStream out, PrintStream err) {
        String skip = environment.get(SKIP_VARIABLE);
        if (skip != null && !skip.isEmpty() && !skip.equals("0")) {
            if (!skip.equals("1")) {
                err.println("error: " + SKIP_VARIABLE + "=\"" + skip + "\" is not understood; expected 1 (deploy without "
                        + "the policy gate) or 0 / unset (check the policy first). Nothing was deployed.");
                return new Result(ExitCodes.BAD_INPUT, 0);
            }
            err.println("warning: " + SKIP_VARIABLE + "=1: the policy gate is skipped; stack " + settings.stack()
                    + " is deployed without checking the project's policy. Unset it to check again.");
            return new Result(ExitCodes.OK, 0);
        }

        long start = System.nanoTime();
        Plan plan;
        try {
            plan = OfflinePlanner.run(settings.project(), settings.stack(), settings.environment(), settings.region(),
                    ctx -> PortfolioProgram.define(ctx, settings,
                            new PortfolioProgram.Environment(projectDir, new OfflineBuildService())));
        } catch (OfflinePlanner.PlanFailedException e) {
            err.println("error: the policy gate could not plan stack " + settings.stack() + ": " + e.getMessage()
                    + "; nothing was deployed (`plan --stack " + settings.stack() + "` shows the same error)");
            return new Result(ExitCodes.CRASHED, millisSince(start));
        }
        PolicyReport report;
        try {
            report = PolicyRun.evaluate(plan, tools);
        } catch (PolicyRun.PolicyCrashedException e) {
            return new Result(PolicyRun.crashed(e, err, false), millisSince(start));
        }
        long elapsed = millisSince(start);
        if (report.hasMandatory()) {
            try {
                PolicyRun.print(report, tools, err);
            } catch (PolicyRun.PolicyCrashedException e) {
                return new Result(PolicyRun.crashed(e, err, false), elapsed);
            }
            err.printf("error: stack %s has %d mandatory policy violation%s; nothing was deployed "
                            + "(policy gate, %s; `plan --stack %s` prints the same report)%n",
                    settings.stack(), report.mandatoryCount(), report.mandatoryCount() == 1 ? "" : "s",
                    seconds(elapsed), settings.stack());
            return new Result(ExitCodes.POLICY_VIOLATION, elapsed);
        }
        out.printf("policy gate: stack %s meets every mandatory rule (%d advisory finding%s; "
                        + "`plan --stack %s` lists them), checked in %s%n",
                settings.stack(), report.advisoryCount(), report.advisoryCount() == 1 ? "" : "s", settings.stack(),
                seconds(elapsed));
        return new Result(ExitCodes.OK, elapsed);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
