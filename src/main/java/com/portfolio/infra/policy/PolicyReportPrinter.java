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
                out.printf("  - %s on %s: %s%s%n", e.rule(), logicalName(e.urn()), e.reason(),
                        e.suppressed() ? " (suppressed a violation)" : " (nothing to suppress)");
            }
        }
        out.println(summary(report));
    }

    /** E.g. {@code policy: 54 rules, 0 mandatory, 3 advisory violations, 1 exception}. */
    public static String summary(PolicyReport report) {
        int exceptions = report.exceptions().size();
        return String.format("policy: %d rules, %d mandatory, %d advisory violations, %d exception%s",
                report.rules(), report.mandatoryCount(), report.advisoryCount(), exceptions, exceptions == 1 ? "" : "s");
    }

    /** The last {@code ::} segment of a URN is the logical name. */
    static String logicalName(String urn) {
        int at = urn.lastIndexOf("::");
        return at < 0 ? urn : urn.substring(at + 2);
    }
}
