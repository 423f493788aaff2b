package com.portfolio.infra;

import com.portfolio.infra.build.AwsBuildService;
import com.portfolio.infra.build.ExtraInputs;
import com.portfolio.infra.build.FingerprintCommand;
import com.portfolio.infra.build.PulumiBuildLog;
import com.portfolio.infra.build.StackRecipes;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.pulumi.Pulumi;
import com.pulumi.deployment.Deployment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point. With no arguments it is the Pulumi program the engine runs ({@code pulumi up},
 * {@code preview}); {@code plan} runs the offline plan; {@code fingerprint} prints a build
 * fingerprint.
 */
public final class Main {

    private static final String USAGE = """
            usage:
              java -jar target/portfolio-infra.jar plan --stack <stack> [--json <file>] [--dir <project folder>]
              java -jar target/portfolio-infra.jar fingerprint <dir> [--files] [--stack <stack>]
              (no arguments: the Pulumi program, as run by `pulumi up` / `pulumi preview`)""";

    private Main() {
    }

    public static void main(String[] args) {
        guardCommonPool();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The deployment runner busy-waits on the common ForkJoinPool; with two CPUs the pool has a
     * single worker and newer JDKs livelock there, and JDK 17 spawns a thread per async step.
     * The property only takes effect before the pool is first used, so this runs first.
     */
    public static void guardCommonPool() {
        String property = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors())));
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return runUnderEngine(System.getenv(), err);
        }
        return switch (args[0]) {
            case "plan" -> PlanCommand.run(args, out, err);
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
        StackSettings settings;
        try {
            settings = StackSettingsParser.parse(project, stack, RawConfig.fromEngineEnvironment(environment), projectDir);
        } catch (SettingsException e) {
            PlanCommand.printSettingsProblems(stack, e.problems(), err);
            return 2;
        }
        Pulumi.run(ctx -> PortfolioProgram.define(ctx, settings, new PortfolioProgram.Environment(projectDir,
                new AwsBuildService(settings.region(), settings.awsProfile(), Deployment.getInstance().isDryRun(),
                        new PulumiBuildLog(ctx.log())))));
        return 0;
    }
}
