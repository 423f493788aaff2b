package com.portfolio.infra;

import com.portfolio.infra.plan.PlanDiff;
import com.portfolio.infra.plan.PlanFileException;
import com.portfolio.infra.plan.PlanFiles;
import com.portfolio.infra.policy.PolicyReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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

    static final String USAGE = "usage: diff <old plan or preview JSON file> <new plan or preview JSON file> [--markdown]";

    private DiffCommand() {
    }

    /** The parsed command line. */
    record Options(Path before, Path after, boolean markdown) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, PolicyRun.Tools.standard());
    }

    static int run(String[] args, PrintStream out, PrintStream err, PolicyRun.Tools policy) {
        Options options;
        try {
            options = parse(args);
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
            return PolicyRun.crashed(e, err);
        }
    }

    static Options parse(String[] args) {
        List<Path> files = new ArrayList<>();
        boolean markdown = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--markdown")) {
                markdown = true;
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
            } else {
                files.add(CheckCommand.path(arg));
            }
        }
        if (files.size() != 2) {
            throw new IllegalArgumentException("expected two files, the old plan and the new one; got " + files.size()
                    + (files.isEmpty() ? "" : " (" + files.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("") + ")"));
        }
        return new Options(files.get(0), files.get(1), markdown);
    }
}
