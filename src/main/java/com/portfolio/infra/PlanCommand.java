package com.portfolio.infra;

import com.portfolio.infra.buildengine.BuiltPackage;
import com.portfolio.infra.buildengine.Reason;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanJson;
import com.portfolio.infra.plan.PlanPrinter;
import com.portfolio.infra.policy.PolicyReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code plan --stack <stack> [--json <file>] [--dir <project folder>]}: the offline plan. Reads
 * {@code Pulumi.<stack>.yaml}, runs the program under the mock engine, prints what it would
 * deploy and the policy result, and optionally writes the plan as JSON.
 *
 * <p>Exit codes: 0 planned cleanly; 1 a mandatory policy violation; 2 bad usage or configuration;
 * 3 the program, a policy rule or a printer failed (see {@link ExitCodes}).
 */
public final class PlanCommand {

    static final int OK = ExitCodes.OK;
    static final int POLICY_VIOLATION = ExitCodes.POLICY_VIOLATION;
    static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    static final int PROGRAM_FAILED = ExitCodes.CRASHED;

    private static final String USAGE = "usage: plan --stack <stack> [--json <file>] [--dir <project folder>]";

    private PlanCommand() {
    }

    /** The parsed command line. */
    record Options(String stack, Path json, Path projectDir) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, PolicyRun.Tools.standard());
    }

    static int run(String[] args, PrintStream out, PrintStream err, PolicyRun.Tools policy) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return BAD_INPUT;
        }
        StackSettings settings;
        try {
            String project = ProjectFile.projectName(options.projectDir());
            Path stackFile = options.projectDir().resolve("Pulumi." + options.stack() + ".yaml");
            var parsed = StackSettingsParser.read(project, options.stack(), RawConfig.fromStackFile(stackFile),
                    options.projectDir());
            settings = parsed.settings();
            printSettingsWarnings(options.stack(), parsed.warnings(), err);
        } catch (SettingsException e) {
            printSettingsProblems(options.stack(), e.problems(), err);
            return BAD_INPUT;
        }

        Plan plan;
        var builds = new OfflineBuildService();
        try {
            plan = OfflinePlanner.run(settings.project(), settings.stack(), settings.environment(), settings.region(),
                    ctx -> PortfolioProgram.define(ctx, settings, new PortfolioProgram.Environment(options.projectDir(), builds)));
        } catch (OfflinePlanner.PlanFailedException e) {
            err.println("error: the program failed while planning stack " + settings.stack() + ": " + e.getMessage());
            return PROGRAM_FAILED;
        }
        PlanPrinter.print(plan, out);
        out.println();
        printBuilds(builds.reported(), out);
        out.println();
        PolicyReport report;
        try {
            report = PolicyRun.evaluate(plan, policy);
            PolicyRun.print(report, policy, out);
        } catch (PolicyRun.PolicyCrashedException e) {
            return PolicyRun.crashed(e, err);
        }
        if (options.json() != null) {
            try {
                Files.writeString(options.json(), PlanJson.write(plan, report.jsonSection()));
            } catch (IOException e) {
                err.println("error: cannot write " + options.json() + ": " + e.getMessage());
                return BAD_INPUT;
            }
            out.println("plan written to " + options.json());
        }
        return report.hasMandatory() ? POLICY_VIOLATION : OK;
    }

    /**
     * What an update would build. Offline the cache cannot be read, so a package builds in an
     * update unless a marker for its fingerprint exists (`pulumi preview` tells which).
     */
    private static void printBuilds(List<BuiltPackage> packages, PrintStream out) {
        out.println("Builds (offline: the build cache is not consulted; an update builds a package "
                + "when no marker exists for its fingerprint):");
        var sorted = packages.stream().sorted(java.util.Comparator
                .comparing((BuiltPackage p) -> p.outcome().source().component().id()).thenComparing(BuiltPackage::name)).toList();
        for (BuiltPackage pkg : sorted) {
            boolean forced = pkg.outcome().reason() == Reason.FORCED;
            out.printf("  %s/%s  fingerprint %s%s%n", pkg.outcome().source().component(), pkg.name(), pkg.fingerprint(),
                    forced ? "  would build: forced" : "");
        }
    }

    /** One line per problem, after a heading naming the stack; never a stack trace. */
    static void printSettingsProblems(String stack, List<String> problems, PrintStream err) {
        err.println("error: stack " + stack + " has " + problems.size() + " configuration problem"
                + (problems.size() == 1 ? "" : "s") + ":");
        problems.forEach(problem -> err.println("  " + problem));
    }

    /** What is valid but probably not meant; printed before every plan and update. */
    static void printSettingsWarnings(String stack, List<String> warnings, PrintStream err) {
        warnings.forEach(warning -> err.println("warning: stack " + stack + ": " + warning));
    }

    static Options parse(String[] args) {
        String stack = null;
        Path json = null;
        Path dir = Path.of(".");
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (!List.of("--stack", "--json", "--dir").contains(flag)) {
                throw new IllegalArgumentException("unknown argument \"" + flag + "\"");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--stack" -> stack = value;
                case "--json" -> json = Path.of(value);
                default -> dir = Path.of(value);
            }
        }
        if (stack == null) {
            throw new IllegalArgumentException("--stack is required");
        }
        if (!stack.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("stack name \"" + stack + "\" has characters a stack name cannot have");
        }
        return new Options(stack, json, dir);
    }
}
