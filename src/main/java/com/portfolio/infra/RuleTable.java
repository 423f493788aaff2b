package com.portfolio.infra;

import com.portfolio.infra.policy.PolicyRule;
import com.portfolio.infra.policy.Severity;
import com.portfolio.infra.policy.Stacks;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rule table, generated from the rules themselves (id, severity, stacks, resources, what it
 * checks, source, fix): one line per rule for a terminal, or the Markdown of
 * {@code docs/POLICY-RULES.md}, which is the project's reference for its policy.
 */
final class RuleTable {

    /** The command that writes the doc; the staleness test names it. */
    static final String REGENERATE = "bash scripts/policy-rules-doc.sh";

    private RuleTable() {
    }

    /** One line per rule: id, severity, stacks, then resources, what holds and the fix. */
    static String plain(List<PolicyRule> rules) {
        int idWidth = rules.stream().mapToInt(r -> r.id().length()).max().orElse(0);
        var text = new StringBuilder();
        for (PolicyRule r : rules) {
            text.append(String.format("%-" + idWidth + "s  %-9s  %-4s  %s: %s. Fix: %s%n", r.id(), lower(r.severity()),
                    lower(r.stacks()), r.resources(), r.invariant(), r.fix()));
        }
        return text.toString();
    }

    static String markdown(List<PolicyRule> rules) {
        String excepted = rules.stream().filter(PolicyRule::exceptionAllowed).map(PolicyRule::id)
                .collect(Collectors.joining(", "));
        long mandatory = rules.stream().filter(r -> r.severity() == Severity.MANDATORY).count();
        long prodOnly = rules.stream().filter(r -> r.stacks() == Stacks.PROD).count();
        var md = new StringBuilder();
        md.append("# Policy rules\n\n");
        md.append("<!-- Generated from the rule classes (src/main/java/com/portfolio/infra/policy/rules) by\n");
        md.append("     `java -jar target/portfolio-infra.jar rules --markdown`. Do not edit by hand; regenerate with\n");
        md.append("     `").append(REGENERATE).append("`. A test fails when this file is stale. -->\n\n");
        md.append("This table is the reference for the project's policy: `plan` and `check` evaluate every rule below over\n");
        md.append("the planned resources of a stack, and the tests do the same for `dev` and `prod`. ").append(rules.size())
                .append(" rules, ").append(mandatory).append(" of them mandatory, ").append(prodOnly)
                .append(" scoped to `prod`.\n\n");
        md.append("## Severities and stacks\n\n");
        md.append("- **mandatory**: a violation fails `plan` and `check` (exit code 1), the test suite and CI.\n");
        md.append("- **advisory**: a violation is reported and fails nothing.\n");
        md.append("- Stacks **both**: the rule holds as written in every stack. **prod**: it holds as written in `prod`;\n");
        md.append("  in any other stack its violations are reported as advisories, marked \"(holds in prod only)\".\n\n");
        md.append("## Exceptions\n\n");
        md.append("A resource may be excused from a rule only where the rule allows it (today: ")
                .append(excepted.isEmpty() ? "none" : excepted).append("), by the tag\n");
        md.append("`policy-exception:<RULE-ID>` whose value says why. The violation on that resource then counts as an\n");
        md.append("advisory, and `plan` lists every exception in use. A tag with an empty reason, an unknown rule id, or\n");
        md.append("a rule that allows no exception is itself a mandatory violation.\n\n");
        md.append("## Sources\n\n");
        md.append("FSBP: AWS Security Hub Foundational Security Best Practices control. AG: Pulumi AWSGuard rule.\n");
        md.append("ckv: checkov check. SR: AWS serverless-rules rule. Other entries name the AWS documentation.\n\n");
        md.append("## Rules\n\n");
        md.append("| id | severity | stacks | resources | what it checks | source | how to fix |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (PolicyRule r : rules) {
            md.append("| ").append(r.id())
                    .append(" | ").append(lower(r.severity()))
                    .append(" | ").append(lower(r.stacks()))
                    .append(" | ").append(cell(r.resources()))
                    .append(" | ").append(cell(r.invariant()))
                    .append(" | ").append(cell(r.source()))
                    .append(" | ").append(cell(r.fix()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase();
    }

    /** Text in a table cell: Markdown's special characters escaped, so `*KEY*` stays as written. */
    static String cell(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\', '*', '_', '`', '|', '[', ']' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
