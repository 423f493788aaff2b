package com.portfolio.infra;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.policy.PolicyReportPrinter;
import com.portfolio.infra.policy.PolicyRule;
import com.portfolio.infra.policy.ReportStyle;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates the policy over a plan and prints its report, for every verb that does. A rule or a
 * printer that throws is a crash of the tool ({@link ExitCodes#CRASHED}, with the error and the
 * rule's id), never a violation: a defect in a rule must neither pass for a broken stack nor hide
 * one.
 */
final class PolicyRun {

    /** Prints a report for people. */
    @FunctionalInterface
    interface ReportPrinter {
        void print(PolicyReport report, PrintStream out);
    }

    /** The rules and the report printer a verb uses; tests pass failing ones. */
    record Tools(List<PolicyRule> rules, ReportPrinter printer) {
        static Tools standard() {
            return standard(ReportStyle.FULL);
        }

        /** The standard rules, printed in the given style. */
        static Tools standard(ReportStyle style) {
            return new Tools(PolicyEngine.standard().rules(), (report, out) -> PolicyReportPrinter.print(report, out, style));
        }
    }

    /** The policy step failed: a rule threw, or the printer did. */
    static final class PolicyCrashedException extends RuntimeException {
        PolicyCrashedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PolicyRun() {
    }

    /** @throws PolicyCrashedException naming the rule that threw */
    static PolicyReport evaluate(Plan plan, Tools tools) {
        try {
            return new PolicyEngine(tools.rules()).evaluate(plan);
        } catch (RuntimeException e) {
            throw new PolicyCrashedException(culprit(e, tools.rules()) + " failed on stack " + plan.stack() + ": " + e, e);
        }
    }

    /**
     * The rule in whose {@code check} the error arose: the innermost frame of a rule's class.
     * Found from the stack rather than by wrapping the rules, so the rules reach the engine as
     * they are.
     */
    static String culprit(Throwable error, List<PolicyRule> rules) {
        Map<String, String> idsByClass = rules.stream().collect(Collectors.toMap(r -> r.getClass().getName(), PolicyRule::id,
                (a, b) -> a + "/" + b));
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String id = idsByClass.get(frame.getClassName());
                if (id != null) {
                    return "policy rule " + id;
                }
            }
        }
        return "the policy engine";
    }

    /** @throws PolicyCrashedException when the printer throws */
    static void print(PolicyReport report, Tools tools, PrintStream out) {
        try {
            tools.printer().print(report, out);
        } catch (RuntimeException e) {
            throw new PolicyCrashedException("the policy report could not be printed: " + e, e);
        }
    }

    /** Reports the crash ({@link Failure}) and returns its exit code. */
    static int crashed(PolicyCrashedException e, PrintStream err, boolean verbose) {
        return Failure.report(e.getMessage(), e.getCause(), err, verbose);
    }
}
