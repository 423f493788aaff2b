package com.portfolio.infra;

import com.portfolio.infra.config.Environment;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanFileException;
import com.portfolio.infra.plan.PlanFiles;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.policy.ReportStyle;
import com.portfolio.infra.support.CommandLine;
import com.portfolio.infra.support.CommandLine.Option;
import com.portfolio.infra.support.Terminal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code check <file> [--stack <stack>] [--environment <environment>] [--verbose]}: evaluates every policy rule over a plan that is already
 * written, one from {@code plan --json} or from {@code pulumi preview --json}, and prints the same
 * report as {@code plan}. It runs no program and no engine, so it takes about a JVM start.
 *
 * <p>The environment, which decides whether the production-only rules are mandatory, is the one the
 * file records (a plan's {@code environment}, a preview's stack output of that name), else the
 * default of the file's stack name. {@code --stack} judges the file as another stack, in that
 * name's default environment; {@code --environment} sets the environment outright. Exit codes as
 * {@code plan}'s ({@link ExitCodes}).
 */
final class CheckCommand {

    static final CommandLine COMMAND = new CommandLine("check", "<file>", 1, 1, """
            Evaluates every policy rule over a plan already written, by `plan --json` or by
            `pulumi preview --json --show-sames`, and prints the same report as `plan`. No program
            runs and no engine starts. The environment, which decides whether the production-only
            rules are mandatory, is the one the file records, else the default of its stack's name;
            --stack judges the file as another stack (in that name's default environment),
            --environment sets the environment outright.""",
            List.of(Option.value("stack", 's', "<stack>", "judge the plan as this stack's"),
                    Option.value("environment", null, "production|development",
                            "judge the plan as this environment's"),
                    Option.flag("verbose", 'v', "list every finding, also the advisories that hold in prod only; "
                            + "show the stack trace of a failure")),
            List.of("0  no mandatory policy violation", "1  a mandatory policy violation",
                    "2  bad usage, or a file that is not a plan or preview", "3  a defect: a policy rule or the printer failed"),
            List.of("java -jar target/portfolio-infra.jar check target/plan-dev.json",
                    "pulumi preview --json --show-sames --stack prod > preview.json && "
                            + "java -jar target/portfolio-infra.jar check preview.json"));

    static final String USAGE = COMMAND.usage();

    private CheckCommand() {
    }

    /** The parsed command line. */
    record Options(Path file, String stack, Environment environment, boolean verbose) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, null);
    }

    /** @param policy the policy tools, or null for the standard ones in the style the options ask for */
    static int run(String[] args, PrintStream out, PrintStream err, PolicyRun.Tools policy) {
        Options options;
        try {
            CommandLine.Parsed parsed = COMMAND.parse(Arrays.asList(args).subList(1, args.length));
            if (parsed.help()) {
                out.print(COMMAND.help());
                return ExitCodes.OK;
            }
            options = options(parsed);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return ExitCodes.BAD_INPUT;
        }
        PlanFiles.PlanFile file;
        try {
            file = PlanFiles.read(options.file());
        } catch (PlanFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        file.warnings().forEach(warning -> err.println("warning: " + options.file() + ": " + warning));
        Plan plan = file.plan();
        PolicyRun.Tools tools = policy != null ? policy
                : PolicyRun.Tools.standard(new ReportStyle(options.verbose(), Terminal.current()));
        String origin = "stack " + plan.stack();
        if (options.stack() != null && !options.stack().equals(plan.stack())) {
            origin = "stack " + options.stack() + " (given by --stack; the file is of stack " + plan.stack() + ")";
            plan = new Plan(plan.project(), options.stack(), plan.resources(), plan.outputs());
        }
        if (options.environment() != null && options.environment() != plan.environment()) {
            origin = origin + " as " + options.environment() + " (given by --environment)";
            plan = plan.withEnvironment(options.environment());
        }
        long cloudResources = plan.resources().stream()
                .filter(r -> r.custom() && !r.type().startsWith("pulumi:providers:")).count();
        out.printf("Policy check of %s, project %s: %s (%s, %d cloud resource%s)%n", origin, plan.project(),
                options.file(), file.format().label(), cloudResources, cloudResources == 1 ? "" : "s");
        try {
            PolicyReport report = PolicyRun.evaluate(plan, tools);
            PolicyRun.print(report, tools, out);
            return report.hasMandatory() ? ExitCodes.POLICY_VIOLATION : ExitCodes.OK;
        } catch (PolicyRun.PolicyCrashedException e) {
            return PolicyRun.crashed(e, err, options.verbose());
        }
    }

    private static Options options(CommandLine.Parsed parsed) {
        String stack = parsed.value("stack").orElse(null);
        if (stack != null && !stack.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("stack name \"" + stack + "\" has characters a stack name cannot have");
        }
        Environment environment = parsed.value("environment").map(word -> Environment.ofWord(word)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--environment: got \"" + word + "\"; expected production or development")))
                .orElse(null);
        return new Options(path(parsed.positional().get(0)), stack, environment, parsed.flag("verbose"));
    }

    /** The path a command-line argument names; an impossible one is bad usage. */
    static Path path(String arg) {
        try {
            return Path.of(arg);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("\"" + arg + "\" is not a file path (" + e.getReason() + ")");
        }
    }
}
