package com.portfolio.infra;

import com.portfolio.infra.plan.PlanDiff;
import com.portfolio.infra.plan.PlanFileException;
import com.portfolio.infra.plan.PlanFiles;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.support.CommandLine;
import com.portfolio.infra.support.CommandLine.Option;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code diff <old file> <new file> [--markdown]}: what a change does to a stack, from two plans
 * ({@code plan --json} or {@code pulumi preview --json} files): the resources it adds, updates
 * (each changed input by path, old and new value) and removes, and the policy findings it
 * introduces and clears, the policy being evaluated over both.
 *
 * <p>Exit codes: 0 whatever changed, as long as the new plan has no mandatory violation; 1 when it
 * has one (introduced by the change or not), as {@code plan} of it would; 2 bad usage or an
 * unreadable file; 3 a rule or printer failed.
 */
final class DiffCommand {

    static final CommandLine COMMAND = new CommandLine("diff", "<old file> <new file>", 2, 2, """
            Compares two plans or previews (`plan --json` or `pulumi preview --json` files, in any
            mix): the resources a change adds, updates (each changed input, old and new value) and
            removes, and the policy findings it introduces and clears.""",
            List.of(Option.flag("markdown", null, "write Markdown, for a pull request's summary"),
                    Option.flag("verbose", 'v', "show the stack trace of a failure")),
            List.of("0  whatever changed, the new plan has no mandatory violation",
                    "1  the new plan has a mandatory violation (introduced by the change or not)",
                    "2  bad usage or an unreadable file", "3  a defect: a policy rule or the printer failed"),
            List.of("java -jar target/portfolio-infra.jar diff base/plan-dev.json target/plan-dev.json",
                    "java -jar target/portfolio-infra.jar diff old.json new.json --markdown >> \"$GITHUB_STEP_SUMMARY\""));

    static final String USAGE = COMMAND.usage();

    private DiffCommand() {
    }

    /** The parsed command line. */
    record Options(Path before, Path after, boolean markdown, boolean verbose) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, PolicyRun.Tools.standard());
    }

    static int run(String[] args, PrintStream out, PrintStream err, PolicyRun.Tools policy) {
        Options options;
        try {
            CommandLine.Parsed parsed = COMMAND.parse(Arrays.asList(args).subList(1, args.length));
            if (parsed.help()) {
                out.print(COMMAND.help());
                return ExitCodes.OK;
            }
            options = new Options(CheckCommand.path(parsed.positional().get(0)), CheckCommand.path(parsed.positional().get(1)),
                    parsed.flag("markdown"), parsed.flag("verbose"));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return ExitCodes.BAD_INPUT;
        }
        PlanFiles.PlanFile before;
        PlanFiles.PlanFile after;
        try {
            before = PlanFiles.read(options.before());
            after = PlanFiles.read(options.after());
        } catch (PlanFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        for (PlanFiles.PlanFile file : List.of(before, after)) {
            file.warnings().forEach(warning -> err.println("warning: " + file.file() + ": " + warning));
        }
        try {
            PolicyReport beforeReport = PolicyRun.evaluate(before.plan(), policy);
            PolicyReport afterReport = PolicyRun.evaluate(after.plan(), policy);
            var report = new DiffReport(before, after, PlanDiff.between(before.plan(), after.plan()), beforeReport, afterReport);
            try {
                if (options.markdown()) {
                    report.printMarkdown(out);
                } else {
                    report.printText(out);
                }
            } catch (RuntimeException e) {
                throw new PolicyRun.PolicyCrashedException("the diff could not be printed: " + e, e);
            }
            return afterReport.hasMandatory() ? ExitCodes.POLICY_VIOLATION : ExitCodes.OK;
        } catch (PolicyRun.PolicyCrashedException e) {
            return PolicyRun.crashed(e, err, options.verbose());
        }
    }
}
