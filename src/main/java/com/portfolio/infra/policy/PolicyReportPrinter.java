package com.portfolio.infra.policy;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a {@link PolicyReport} for people: violations grouped by rule, exceptions, a summary. */
public final class PolicyReportPrinter {
    private PolicyReportPrinter() {
    }

    public static void print(PolicyReport report, PrintStream out) {
        Map<String, List<Violation>> byRule = new LinkedHashMap<>();
        for (Violation v : report.violations()) {
            byRule.computeIfAbsent(v.rule(), k -> new java.util.ArrayList<>()).add(v);
        }
        byRule.forEach((rule, violations) -> {
            out.printf("%s [%s]%n", rule, violations.get(0).severity());
            for (Violation v : violations) {
                out.printf("  - %s%s%n", v.severity() == violations.get(0).severity() ? "" : "[" + v.severity() + "] ", logicalName(v.urn()));
                out.printf("    urn: %s%n", v.urn());
                out.printf("    %s%n", v.message());
                out.printf("    fix: %s%n", v.fix());
            }
        });
        if (!report.exceptions().isEmpty()) {
            out.println("exceptions in use:");
            for (ExceptionUse e : report.exceptions()) {
                out.printf("  - %s on %s: %s%s%n", e.rule(), logicalName(e.urn()), e.reason(), state(e));
            }
        }
        if (!report.notEvaluated().isEmpty()) {
            out.println("not evaluated (inputs known only after deployment):");
            for (NotEvaluated n : report.notEvaluated()) {
                out.printf("  - %s: %s%n", n.rule(), n.message());
            }
        }
        out.println(summary(report));
    }

    private static String state(ExceptionUse e) {
        if (e.expired()) {
            return String.format(" (exception for %s on %s expired on %s: no longer applies)", e.rule(), logicalName(e.urn()), e.until());
        }
        String until = e.until() == null ? "" : ", until " + e.until();
        return e.suppressed() ? " (suppressed a violation" + until + ")" : " (nothing to suppress" + until + ")";
    }

    /**
     * One line, e.g. {@code policy: 62 rules, 23 applied, 0 mandatory, 12 advisory violations, 0
     * exceptions}, followed by {@code , 2 not evaluated} when checks could not be made.
     */
    public static String summary(PolicyReport report) {
        int exceptions = report.exceptions().size();
        String line = String.format("policy: %d rules, %d applied, %d mandatory, %d advisory violations, %d exception%s",
                report.rules(), report.applied(), report.mandatoryCount(), report.advisoryCount(), exceptions,
                exceptions == 1 ? "" : "s");
        return report.notEvaluated().isEmpty() ? line : line + ", " + report.notEvaluated().size() + " not evaluated";
    }

    /** The last {@code ::} segment of a URN is the logical name. */
    static String logicalName(String urn) {
        int at = urn.lastIndexOf("::");
        return at < 0 ? urn : urn.substring(at + 2);
    }
}
