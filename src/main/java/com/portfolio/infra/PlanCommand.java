package com.portfolio.infra;

import com.portfolio.infra.buildengine.BuiltPackage;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.buildengine.Reason;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.cost.CostEstimate;
import com.portfolio.infra.cost.CostEstimator;
import com.portfolio.infra.cost.CostReport;
import com.portfolio.infra.cost.PriceTable;
import com.portfolio.infra.cost.StackDiagram;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanCounts;
import com.portfolio.infra.plan.PlanJson;
import com.portfolio.infra.plan.PlanPrinter;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.policy.ReportStyle;
import com.portfolio.infra.support.CommandLine;
import com.portfolio.infra.support.CommandLine.Option;
import com.portfolio.infra.support.Terminal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code plan --stack <stack> [--json <file>|-] [--diagram <file>] [--dir <folder>] [--verbose]}: the offline plan.
 * Finds the project upwards from the working folder, reads {@code Pulumi.<stack>.yaml}, runs the
 * program under the mock engine, prints what it would deploy and the policy result, and
 * optionally writes the plan as JSON (to standard output with {@code --json -}, the text then
 * going to standard error).
 *
 * <p>Exit codes: 0 planned cleanly; 1 a mandatory policy violation; 2 bad usage or configuration;
 * 3 the program, a policy rule or a printer failed (see {@link ExitCodes}).
 */
public final class PlanCommand {

    static final int OK = ExitCodes.OK;
    static final int POLICY_VIOLATION = ExitCodes.POLICY_VIOLATION;
    static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    static final int PROGRAM_FAILED = ExitCodes.CRASHED;

    static final CommandLine COMMAND = new CommandLine("plan", "", 0, 0, """
            Runs the program against a mock engine with the stack's Pulumi.<stack>.yaml (no AWS account,
            no Pulumi CLI, no network), prints the resource tree, counts, outputs and builds, then
            evaluates every policy rule. The last lines are the verdict: a line starting with
            "policy:", then "Plan: N to create ..." counted as `pulumi preview` counts them.
            The project is found upwards from the working folder, as `pulumi` finds it.""",
            List.of(Option.value("stack", 's', "<stack>", "the stack to plan, e.g. dev").mandatory(),
                    Option.value("json", null, "<file>|-", "also write the plan as JSON to a file, or to standard output "
                            + "with - (the text then goes to standard error)"),
                    Option.value("diagram", null, "<file>", "also write a Mermaid flowchart of the stack (components as "
                            + "groups, main resources, the links that matter); a .md file gets it in a ```mermaid block"),
                    Option.value("dir", null, "<folder>", "a folder inside the project (default: the working folder)"),
                    Option.flag("verbose", 'v', "list every finding, also the advisories that hold in prod only; "
                            + "show the stack trace of a failure")),
            List.of("0  planned; no mandatory policy violation", "1  a mandatory policy violation",
                    "2  bad usage, a bad stack file, or a --json path that cannot be written",
                    "3  a defect: the program, a policy rule or a printer failed"),
            List.of("java -jar target/portfolio-infra.jar plan -s dev",
                    "java -jar target/portfolio-infra.jar plan --stack=prod --json target/plan-prod.json",
                    "java -jar target/portfolio-infra.jar plan -s dev --json - 2>/dev/null | jq '.policy'"));

    static final String USAGE = COMMAND.usage();

    private PlanCommand() {
    }

    /**
     * The parsed command line.
     *
     * @param json null for none; {@code -} for standard output
     */
    record Options(String stack, String json, Path dir, boolean verbose, String diagram) {
        boolean jsonToStdout() {
            return "-".equals(json);
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, null);
    }

    /** @param policy the policy tools, or null for the standard ones in the style the options ask for */
    static int run(String[] args, PrintStream out, PrintStream err, PolicyRun.Tools policy) {
        Options options;
        try {
            CommandLine.Parsed parsed = COMMAND.parse(Arrays.asList(args).subList(1, args.length));
            if (parsed.help()) {
                out.print(COMMAND.help());
                return OK;
            }
            options = options(parsed);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return BAD_INPUT;
        }
        Terminal terminal = Terminal.current();
        // With --json -, standard output carries the JSON alone; the report goes to standard error.
        PrintStream text = options.jsonToStdout() ? err : out;

        Path jsonFile = null;
        if (options.json() != null && !options.jsonToStdout()) {
            jsonFile = CheckCommand.path(options.json());
            String problem = JsonTarget.problem(jsonFile);
            if (problem != null) {
                err.println("error: --json " + jsonFile + ": " + problem);
                return BAD_INPUT;
            }
        }

        Path diagramFile = null;
        if (options.diagram() != null) {
            diagramFile = CheckCommand.path(options.diagram());
            String problem = JsonTarget.problem(diagramFile);
            if (problem != null) {
                err.println("error: --diagram " + diagramFile + ": " + problem);
                return BAD_INPUT;
            }
        }

        Path projectDir;
        StackSettings settings;
        try {
            projectDir = relativeToWorkingFolder(ProjectFile.find(options.dir()));
            String project = ProjectFile.projectName(projectDir);
            Path stackFile = ProjectFile.stackFile(projectDir, options.stack());
            var parsed = StackSettingsParser.read(project, options.stack(), RawConfig.fromStackFile(stackFile),
                    projectDir);
            settings = parsed.settings();
            printSettingsWarnings(options.stack(), parsed.warnings(), err);
        } catch (SettingsException e) {
            printSettingsProblems(options.stack(), e.problems(), err);
            return BAD_INPUT;
        }

        // The rules and the constraint tables they load are made ready on a thread of their own
        // while the program plans: the two do not depend on each other.
        ReportStyle style = new ReportStyle(options.verbose(), terminal);
        CompletableFuture<PolicyRun.Tools> preparedTools = policy != null ? CompletableFuture.completedFuture(policy)
                : CompletableFuture.supplyAsync(() -> PolicyRun.Tools.standard(style), PlanCommand::startDaemon);
        Plan plan;
        var builds = new OfflineBuildService();
        Path programDir = projectDir;
        try {
            plan = OfflinePlanner.run(settings.project(), settings.stack(), settings.environment(), settings.region(),
                    ctx -> PortfolioProgram.define(ctx, settings, new PortfolioProgram.Environment(programDir, builds)));
        } catch (OfflinePlanner.PlanFailedException e) {
            return Failure.report("the program failed while planning stack " + settings.stack() + ": " + e.getMessage(),
                    e, err, options.verbose());
        }
        PolicyRun.Tools tools = preparedTools.join();
        PlanPrinter.print(plan, text);
        text.println();
        printBuilds(builds.reported(), text);
        text.println();
        CostEstimate cost = CostEstimator.estimate(plan, settings.region(), settings.cost(), PriceTable.standard());
        CostReport.print(cost, text);
        text.println();
        PolicyReport report;
        try {
            report = PolicyRun.evaluate(plan, tools);
            PolicyRun.print(report, tools, text);
        } catch (PolicyRun.PolicyCrashedException e) {
            return PolicyRun.crashed(e, err, options.verbose());
        }
        text.println(summary(PlanCounts.of(plan), settings.region(), builds.reported().size(), report, terminal));
        if (diagramFile != null) {
            String mermaid = StackDiagram.mermaid(plan);
            try {
                Files.writeString(diagramFile, diagramFile.toString().endsWith(".md") ? "```mermaid\n" + mermaid + "```\n" : mermaid);
            } catch (IOException e) {
                err.println("error: cannot write " + diagramFile + ": " + e.getMessage());
                return BAD_INPUT;
            }
            err.println("diagram written to " + diagramFile);
        }
        String json = PlanJson.write(plan, report.jsonSection(), Map.of("cost", CostReport.json(cost)));
        if (options.jsonToStdout()) {
            out.print(json);
            out.flush();
        } else if (jsonFile != null) {
            try {
                Files.writeString(jsonFile, json);
            } catch (IOException e) {
                err.println("error: cannot write " + jsonFile + ": " + e.getMessage());
                return BAD_INPUT;
            }
            err.println("plan written to " + jsonFile);
        }
        return report.hasMandatory() ? POLICY_VIOLATION : OK;
    }

    private static Options options(CommandLine.Parsed parsed) {
        String stack = parsed.value("stack").orElseThrow();
        if (!stack.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("stack name \"" + stack + "\" has characters a stack name cannot have");
        }
        Path dir = CheckCommand.path(parsed.value("dir").orElse("."));
        return new Options(stack, parsed.value("json").orElse(null), dir, parsed.flag("verbose"),
                parsed.value("diagram").orElse(null));
    }

    /**
     * The last line: what {@code pulumi preview} would count as "N to create" and what it is made
     * of, where, what builds, and the verdict, e.g. {@code Plan: 96 to create (1 stack, 9
     * components, 86 cloud resources; 0 protected) in us-east-1, 2 zones; 2 packages to build or
     * find built; policy: 0 mandatory, 12 advisory}.
     */
    static String summary(PlanCounts counts, String region, int packages, PolicyReport report, Terminal terminal) {
        String verdict = "policy: " + report.mandatoryCount() + " mandatory, " + report.advisoryCount() + " advisory";
        return String.format("Plan: %d to create (%d stack, %d component%s, %d cloud resource%s; %d protected) in %s, %d zone%s; "
                        + "%d package%s to build or find built; %s",
                counts.total(), counts.stacks(), counts.components(), counts.components() == 1 ? "" : "s", counts.cloud(),
                counts.cloud() == 1 ? "" : "s", counts.protectedCount(), region, counts.zones().size(),
                counts.zones().size() == 1 ? "" : "s", packages, packages == 1 ? "" : "s",
                report.hasMandatory() ? terminal.red(verdict) : terminal.green(verdict));
    }

    /** The project folder as the user would name it from here, so messages show short paths. */
    private static Path relativeToWorkingFolder(Path absolute) {
        Path here = Path.of("").toAbsolutePath();
        if (absolute.equals(here)) {
            return Path.of(".");
        }
        return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
    }

    /**
     * What an update would build. Offline the cache cannot be read, so a package builds in an
     * update unless a marker for its fingerprint exists (`pulumi preview` tells which).
     */
    private static void printBuilds(List<BuiltPackage> packages, PrintStream out) {
        out.println("Builds (offline: the build cache is not consulted; an update builds a package "
                + "when no marker exists for its fingerprint):");
        var sorted = packages.stream().sorted(Comparator
                .comparing((BuiltPackage p) -> p.outcome().source().component().id()).thenComparing(BuiltPackage::name)).toList();
        for (BuiltPackage pkg : sorted) {
            boolean forced = pkg.outcome().reason() == Reason.FORCED;
            out.printf("  %s/%s  fingerprint %s%s%n", pkg.outcome().source().component(), pkg.name(), pkg.fingerprint(),
                    forced ? "  would build: forced" : "");
        }
    }

    /**
     * One entry per problem, after a heading naming the stack; never a stack trace. A problem of
     * several lines (a YAML error's line and caret) keeps its layout, indented as a whole.
     */
    static void printSettingsProblems(String stack, List<String> problems, PrintStream err) {
        err.println("error: stack " + stack + " has " + problems.size() + " configuration problem"
                + (problems.size() == 1 ? "" : "s") + ":");
        problems.forEach(problem -> problem.lines().forEach(line -> err.println("  " + line)));
    }

    /** What is valid but probably not meant; printed before every plan and update. */
    static void printSettingsWarnings(String stack, List<String> warnings, PrintStream err) {
        warnings.forEach(warning -> err.println("warning: stack " + stack + ": " + warning));
    }

    private static void startDaemon(Runnable task) {
        var thread = new Thread(task, "policy-preparation");
        thread.setDaemon(true);
        thread.start();
    }
}
