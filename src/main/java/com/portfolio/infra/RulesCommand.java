package com.portfolio.infra;

import com.portfolio.infra.policy.PolicyEngine;
import java.io.PrintStream;

/**
 * {@code rules [--markdown]}: prints the policy's rule table, one line per rule, or as the
 * Markdown document {@code docs/POLICY-RULES.md}.
 */
final class RulesCommand {

    static final String USAGE = "usage: rules [--markdown]";

    private RulesCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean markdown = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--markdown")) {
                markdown = true;
            } else {
                err.println("error: unknown argument \"" + args[i] + "\"");
                err.println(USAGE);
                return ExitCodes.BAD_INPUT;
            }
        }
        var rules = PolicyEngine.standard().rules();
        out.print(markdown ? RuleTable.markdown(rules) : RuleTable.plain(rules));
        return ExitCodes.OK;
    }
}
