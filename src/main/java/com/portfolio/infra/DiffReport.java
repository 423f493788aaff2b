package com.portfolio.infra;

import com.portfolio.infra.plan.PlanDiff;
import com.portfolio.infra.plan.PlanFiles.PlanFile;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.policy.PolicyReportPrinter;
import com.portfolio.infra.policy.Violation;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints what {@code diff} found, as plain text for a terminal or as Markdown for a pull request's
 * summary. A secret's value is never printed, nor the plain value on the other side of a change
 * that makes a value secret or no longer secret.
 */
final class DiffReport {

    /** Values longer than this are cut: a changed policy shows by path, not whole. */
    static final int MAX_VALUE_CHARS = 160;

    private final PlanFile before;
    private final PlanFile after;
    private final PlanDiff diff;
    private final PolicyDelta delta;
    private final PolicyReport beforeReport;
    private final PolicyReport afterReport;

    DiffReport(PlanFile before, PlanFile after, PlanDiff diff, PolicyReport beforeReport, PolicyReport afterReport) {
        this.before = before;
        this.after = after;
        this.diff = diff;
        this.beforeReport = beforeReport;
        this.afterReport = afterReport;
        this.delta = PolicyDelta.between(beforeReport, afterReport);
    }

    PolicyDelta delta() {
        return delta;
    }

    // ---- plain text

    void printText(PrintStream out) {
        out.printf("Changes from %s to %s:%n", describe(before), describe(after));
        out.println("  " + counts());
        if (!diff.isEmpty()) {
            out.println();
        }
        for (PlannedResource r : diff.added()) {
            out.println("+ " + r.type() + "  " + r.name());
        }
        for (PlanDiff.Update u : diff.updated()) {
            out.println("~ " + u.after().type() + "  " + u.after().name());
            for (PlanDiff.Change c : u.changes()) {
                out.println("    " + c.path() + ": " + change(c));
            }
        }
        for (PlannedResource r : diff.removed()) {
            out.println("- " + r.type() + "  " + r.name());
        }
        out.println();
        if (delta.isEmpty()) {
            out.println("Policy findings: none introduced, none cleared.");
        }
        printFindings("Policy findings this change introduces", "+", delta.introduced(), out);
        printFindings("Policy findings it clears", "-", delta.cleared(), out);
        out.println("old " + policySummary(beforeReport));
        out.println("new " + policySummary(afterReport));
    }

    private static void printFindings(String heading, String mark, List<Violation> findings, PrintStream out) {
        if (findings.isEmpty()) {
            return;
        }
        out.println(heading + " (" + findings.size() + "):");
        for (Violation v : findings) {
            out.printf("  %s %s [%s] %s: %s%n", mark, v.rule(), v.severity(), logicalName(v.urn()), v.message());
        }
    }

    // ---- Markdown

    void printMarkdown(PrintStream out) {
        String stacks = before.plan().stack().equals(after.plan().stack()) ? "stack `" + after.plan().stack() + "`"
                : "stack `" + before.plan().stack() + "` to `" + after.plan().stack() + "`";
        out.println("### Plan diff, " + stacks);
        out.println();
        out.println(code(before.file().toString()) + " (" + before.format().label() + ") to " + code(after.file().toString())
                + " (" + after.format().label() + "): **" + counts() + "**");
        out.println();
        if (!diff.isEmpty()) {
            out.println("| change | type | name |");
            out.println("|---|---|---|");
            diff.added().forEach(r -> out.println("| add | " + code(r.type()) + " | " + code(r.name()) + " |"));
            diff.updated().forEach(u -> out.println("| update | " + code(u.after().type()) + " | " + code(u.after().name()) + " |"));
            diff.removed().forEach(r -> out.println("| remove | " + code(r.type()) + " | " + code(r.name()) + " |"));
            out.println();
        }
        if (!diff.updated().isEmpty()) {
            int changes = diff.updated().stream().mapToInt(u -> u.changes().size()).sum();
            out.println("<details><summary>Changed inputs (" + changes + ")</summary>");
            out.println();
            out.println("| resource | input | old | new |");
            out.println("|---|---|---|---|");
            for (PlanDiff.Update u : diff.updated()) {
                for (PlanDiff.Change c : u.changes()) {
                    String[] sides = sides(c);
                    out.println("| " + code(u.after().name()) + " | " + code(c.path()) + " | " + code(sides[0]) + " | "
                            + code(sides[1]) + (sides[2].isEmpty() ? "" : " " + text(sides[2])) + " |");
                }
            }
            out.println();
            out.println("</details>");
            out.println();
        }
        out.println("**Policy:** " + (delta.isEmpty() ? "no finding introduced or cleared"
                : delta.introduced().size() + " finding" + plural(delta.introduced().size()) + " introduced, "
                + delta.cleared().size() + " cleared") + ". New plan: " + afterReport.mandatoryCount() + " mandatory, "
                + afterReport.advisoryCount() + " advisory violation" + plural((int) afterReport.advisoryCount()) + ".");
        out.println();
        if (!delta.isEmpty()) {
            out.println("| | rule | severity | resource | finding |");
            out.println("|---|---|---|---|---|");
            delta.introduced().forEach(v -> out.println(findingRow("introduced", v)));
            delta.cleared().forEach(v -> out.println(findingRow("cleared", v)));
            out.println();
        }
    }

    private static String findingRow(String what, Violation v) {
        return "| " + what + " | " + v.rule() + " | " + v.severity().name().toLowerCase() + " | " + code(logicalName(v.urn()))
                + " | " + text(v.message()) + " |";
    }

    // ---- shared

    private String counts() {
        return diff.added().size() + " to add, " + diff.updated().size() + " to update, " + diff.removed().size()
                + " to remove, " + diff.unchanged() + " unchanged";
    }

    private static String describe(PlanFile file) {
        return file.file() + " (" + file.format().label() + ", stack " + file.plan().stack() + ")";
    }

    private static String change(PlanDiff.Change c) {
        String[] sides = sides(c);
        return sides[0] + " -> " + sides[1] + (sides[2].isEmpty() ? "" : "  " + sides[2]);
    }

    /** The old and new value as shown, and a note; with a secret on either side, no value is shown. */
    static String[] sides(PlanDiff.Change c) {
        if (!c.involvesSecret()) {
            return new String[] {PlanDiff.show(c.before(), MAX_VALUE_CHARS), PlanDiff.show(c.after(), MAX_VALUE_CHARS), ""};
        }
        boolean wasSecret = PlannedResource.SECRET.equals(c.before());
        boolean isSecret = PlannedResource.SECRET.equals(c.after());
        String old = c.before() == PlanDiff.ABSENT ? PlanDiff.ABSENT.toString() : wasSecret ? PlannedResource.SECRET : "<hidden>";
        String now = c.after() == PlanDiff.ABSENT ? PlanDiff.ABSENT.toString() : isSecret ? PlannedResource.SECRET : "<hidden>";
        String note = wasSecret && c.after() != PlanDiff.ABSENT && !isSecret ? "(no longer secret)"
                : isSecret && c.before() != PlanDiff.ABSENT && !wasSecret ? "(now secret)" : "";
        return new String[] {old, now, note};
    }

    static String policySummary(PolicyReport report) {
        return PolicyReportPrinter.summary(report);
    }

    private static String logicalName(String urn) {
        int at = urn.lastIndexOf("::");
        return at < 0 ? urn : urn.substring(at + 2);
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    /** Inline code that survives a Markdown table: HTML-escaped, pipes as entities. */
    static String code(String value) {
        return "<code>" + escapeHtml(value).replace("|", "&#124;") + "</code>";
    }

    /** Plain text in a Markdown table cell. */
    static String text(String value) {
        return escapeHtml(value).replace("|", "\\|").replace("\n", " ");
    }

    private static String escapeHtml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
