package com.portfolio.infra.policy;

import com.portfolio.infra.support.Terminal;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a {@link PolicyReport} for people: mandatory findings first, then advisories, each
 * grouped by rule with the resource, what was found and how to fix it (the stack setting to
 * change when a setting decides it); then the exceptions in use, the checks not evaluated, and
 * the one-line verdict. Outside prod, the advisories that hold in prod only are one line unless
 * the style is verbose: they are expected there, and listing them buries what is not.
 */
public final class PolicyReportPrinter {

    /** What the engine appends to the message of a prod-only rule's finding in another stack. */
    static final String PROD_ONLY = " (holds in prod only)";

    private PolicyReportPrinter() {
    }

    /** Every finding, without colour. */
    public static void print(PolicyReport report, PrintStream out) {
        print(report, out, ReportStyle.FULL);
    }

    public static void print(PolicyReport report, PrintStream out, ReportStyle style) {
        Terminal terminal = style.terminal();
        List<Violation> collapsed = style.verbose() ? List.of()
                : report.violations().stream().filter(PolicyReportPrinter::holdsInProdOnly).toList();
        Map<String, List<Violation>> groups = new LinkedHashMap<>();
        report.violations().stream().filter(v -> !collapsed.contains(v))
                .sorted(Comparator.comparing(Violation::severity))
                .forEach(v -> groups.computeIfAbsent(v.rule() + " " + v.severity(), k -> new ArrayList<>()).add(v));
        for (List<Violation> violations : groups.values()) {
            Violation first = violations.get(0);
            out.printf("%s [%s]%n", terminal.bold(first.rule()), severity(first.severity(), terminal));
            for (Violation v : violations) {
                out.printf("  - %s%n", logicalName(v.urn()));
                out.printf("    urn: %s%n", terminal.dim(v.urn()));
                out.printf("    %s%n", v.message());
                out.printf("    fix: %s%n", fix(v));
            }
        }
        if (!collapsed.isEmpty()) {
            Map<String, Long> byRule = collapsed.stream()
                    .collect(Collectors.groupingBy(Violation::rule, LinkedHashMap::new, Collectors.counting()));
            String rules = byRule.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            out.printf("%s %s that hold%s in prod only (%s): run with --verbose to list them%n",
                    collapsed.size(), collapsed.size() == 1 ? "advisory" : "advisories", collapsed.size() == 1 ? "s" : "", rules);
        }
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

    static boolean holdsInProdOnly(Violation v) {
        return v.severity() == Severity.ADVISORY && v.message().endsWith(PROD_ONLY);
    }

    private static String severity(Severity severity, Terminal terminal) {
        return severity == Severity.MANDATORY ? terminal.red(severity.name()) : terminal.yellow(severity.name());
    }

    /** The rule's fix, led by the stack setting that makes it when there is one. */
    static String fix(Violation v) {
        return SettingFixes.of(v.rule())
                .map(setting -> "set `" + setting + "` in Pulumi." + stackOf(v.urn()) + ".yaml. " + v.fix())
                .orElse(v.fix());
    }

    /** The stack a URN belongs to: {@code urn:pulumi:<stack>::<project>::...}. */
    static String stackOf(String urn) {
        String rest = urn.startsWith("urn:pulumi:") ? urn.substring("urn:pulumi:".length()) : urn;
        int end = rest.indexOf("::");
        return end < 0 ? "<stack>" : rest.substring(0, end);
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
