package com.portfolio.infra;

import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.support.CommandLine;
import com.portfolio.infra.support.CommandLine.Option;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code rules [--markdown]}: prints the policy's rule table, one line per rule, or as the
 * Markdown document {@code docs/POLICY-RULES.md}.
 */
final class RulesCommand {

    static final CommandLine COMMAND = new CommandLine("rules", "", 0, 0, """
            Prints the policy's rule table: id, severity, stacks, resources, what the rule checks,
            its source and how to fix a violation. docs/POLICY-RULES.md is this table as Markdown.""",
            List.of(Option.flag("markdown", null, "write the Markdown document docs/POLICY-RULES.md holds")),
            List.of("0  printed", "2  bad usage"),
            List.of("java -jar target/portfolio-infra.jar rules | grep SEC-S3",
                    "java -jar target/portfolio-infra.jar rules --markdown > docs/POLICY-RULES.md"));

    static final String USAGE = COMMAND.usage();

    private RulesCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.Parsed parsed;
        try {
            parsed = COMMAND.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return ExitCodes.BAD_INPUT;
        }
        if (parsed.help()) {
            out.print(COMMAND.help());
            return ExitCodes.OK;
        }
        var rules = PolicyEngine.standard().rules();
        out.print(parsed.flag("markdown") ? RuleTable.markdown(rules) : RuleTable.plain(rules));
        return ExitCodes.OK;
    }
}
