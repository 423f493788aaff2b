package com.portfolio.infra;

import com.portfolio.infra.buildengine.AwsBuildService;
import com.portfolio.infra.buildengine.ExtraInputs;
import com.portfolio.infra.buildengine.FingerprintCommand;
import com.portfolio.infra.packaging.PulumiBuildLog;
import com.portfolio.infra.buildengine.StackRecipes;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.pulumi.Pulumi;
import com.pulumi.deployment.Deployment;
import java.io.PrintStream;
import java.nio.file.Path;
import com.portfolio.infra.support.CommonPool;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Entry point. With no arguments it is the Pulumi program the engine runs ({@code pulumi up},
 * {@code preview}); {@code plan} runs the offline plan; {@code check} evaluates the policy over a
 * written plan or preview, {@code diff} compares two, {@code rules} prints the rule table;
 * {@code fingerprint} prints a build fingerprint.
 */
public final class Main {

    private static final String USAGE = """
            usage:
              java -jar target/portfolio-infra.jar plan --stack <stack> [--json <file>] [--dir <project folder>]
              java -jar target/portfolio-infra.jar check <plan or preview JSON file> [--stack <stack>] [--environment production|development]
              java -jar target/portfolio-infra.jar diff <old JSON file> <new JSON file> [--markdown]
              java -jar target/portfolio-infra.jar rules [--markdown]
              java -jar target/portfolio-infra.jar fingerprint <dir> [--files] [--stack <stack>]
              (no arguments: the Pulumi program, as run by `pulumi up` / `pulumi preview`)""";

    private Main() {
    }

    public static void main(String[] args) {
        CommonPool.guard();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return runUnderEngine(System.getenv(), err);
        }
        return guarded(args[0], () -> dispatch(args, out, err), err);
    }

    /**
     * Runs a verb; an exception it lets escape is a defect, reported with its stack trace, and
     * exits {@link ExitCodes#CRASHED}: uncaught, the JVM would exit 1, a policy violation's code.
     */
    static int guarded(String verb, IntSupplier command, PrintStream err) {
        try {
            return command.getAsInt();
        } catch (RuntimeException e) {
            err.println("error: " + verb + " failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.CRASHED;
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) {
        return switch (args[0]) {
            case "plan" -> PlanCommand.run(args, out, err);
            case "check" -> CheckCommand.run(args, out, err);
            case "diff" -> DiffCommand.run(args, out, err);
            case "rules" -> RulesCommand.run(args, out, err);
            case "fingerprint" -> FingerprintCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err,
                    Main::stackRecipe);
            case "help", "--help", "-h" -> {
                out.println(USAGE);
                yield 0;
            }
            default -> {
                err.println("error: unknown command \"" + args[0] + "\"");
                err.println(USAGE);
                yield 2;
            }
        };
    }

    /** The recipe a package folder is built with in a stack, from the stack file in this folder. */
    private static ExtraInputs stackRecipe(Path packageDir, String stack) {
        Path projectDir = Path.of("");
        try {
            StackSettings settings = StackSettingsParser.parse(ProjectFile.projectName(projectDir), stack,
                    RawConfig.fromStackFile(projectDir.resolve("Pulumi." + stack + ".yaml")), projectDir);
            return StackRecipes.of(projectDir, settings, packageDir);
        } catch (SettingsException e) {
            throw new IllegalArgumentException("stack " + stack + ": " + String.join("; ", e.problems()));
        }
    }

    /**
     * The Pulumi program under the engine, which passes the stack and its whole configuration in
     * the environment. Bad configuration stops it before any resource is registered.
     */
    static int runUnderEngine(Map<String, String> environment, PrintStream err) {
        String project = environment.get("PULUMI_PROJECT");
        String stack = environment.get("PULUMI_STACK");
        if (project == null || stack == null) {
            err.println("error: not started by the Pulumi engine (PULUMI_PROJECT / PULUMI_STACK are not set); "
                    + "run `pulumi up --stack <stack>`, or plan offline with `plan --stack <stack>`");
            err.println(USAGE);
            return 2;
        }
        // The engine starts the program in the project folder.
        Path projectDir = Path.of("").toAbsolutePath();
        StackSettingsParser.Parsed parsed;
        try {
            parsed = StackSettingsParser.read(project, stack, RawConfig.fromEngineEnvironment(environment), projectDir);
        } catch (SettingsException e) {
            PlanCommand.printSettingsProblems(stack, e.problems(), err);
            return 2;
        }
        StackSettings settings = parsed.settings();
        Pulumi.run(ctx -> {
            // The engine shows these as warnings of the stack, on every preview and update.
            parsed.warnings().forEach(ctx.log()::warn);
            PortfolioProgram.define(ctx, settings, new PortfolioProgram.Environment(projectDir,
                    new AwsBuildService(settings.region(), settings.awsProfile(), Deployment.getInstance().isDryRun(),
                            new PulumiBuildLog(ctx.log()))));
        });
        return 0;
    }
}
