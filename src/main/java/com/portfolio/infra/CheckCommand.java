package com.portfolio.infra;

import com.portfolio.infra.config.Environment;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanFileException;
import com.portfolio.infra.plan.PlanFiles;
import com.portfolio.infra.policy.PolicyReport;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code check <file> [--stack <stack>]}: evaluates every policy rule over a plan that is already
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

    static final String USAGE = "usage: check <plan or preview JSON file> [--stack <stack>] "
            + "[--environment production|development]";

    private CheckCommand() {
    }

    /** The parsed command line. */
    record Options(Path file, String stack, Environment environment) {
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
        PlanFiles.PlanFile file;
        try {
            file = PlanFiles.read(options.file());
        } catch (PlanFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        file.warnings().forEach(warning -> err.println("warning: " + options.file() + ": " + warning));
        Plan plan = file.plan();
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
            PolicyReport report = PolicyRun.evaluate(plan, policy);
            PolicyRun.print(report, policy, out);
            return report.hasMandatory() ? ExitCodes.POLICY_VIOLATION : ExitCodes.OK;
        } catch (PolicyRun.PolicyCrashedException e) {
            return PolicyRun.crashed(e, err);
        }
    }

    static Options parse(String[] args) {
        Path file = null;
        String stack = null;
        Environment environment = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--environment")) {
                String word = i + 1 < args.length ? args[++i] : "";
                environment = Environment.ofWord(word).orElseThrow(() -> new IllegalArgumentException(
                        "--environment: got \"" + word + "\"; expected production or development"));
            } else if (arg.equals("--stack")) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--stack needs a value");
                }
                stack = args[++i];
                if (!stack.matches("[A-Za-z0-9_.-]+")) {
                    throw new IllegalArgumentException("stack name \"" + stack + "\" has characters a stack name cannot have");
                }
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
            } else if (file != null) {
                throw new IllegalArgumentException("one file at a time; got \"" + file + "\" and \"" + arg + "\"");
            } else {
                file = path(arg);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("the plan file is missing");
        }
        return new Options(file, stack, environment);
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
