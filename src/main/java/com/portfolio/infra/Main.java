package com.portfolio.infra;

import com.portfolio.infra.buildengine.AwsBuildService;
import com.portfolio.infra.buildengine.ExtraInputs;
import com.portfolio.infra.buildengine.FingerprintCommand;
import com.portfolio.infra.buildengine.StackRecipes;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.packaging.PulumiBuildLog;
import com.portfolio.infra.support.CommonPool;
import com.pulumi.Pulumi;
import com.pulumi.deployment.Deployment;
import java.io.PrintStream;
import java.nio.file.Path;
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

    static final String USAGE = """
            usage: java -jar target/portfolio-infra.jar <command> [options]

            Plans and checks the portfolio stacks offline; without a command it is the Pulumi
            program that `pulumi up` and `pulumi preview` run.

            Commands:
              plan         plan a stack offline and check it against the policy
              check        check a written plan or a `pulumi preview --json` against the policy
              diff         compare two plans or previews: resources and policy findings
              rules        print the policy's rule table
              fingerprint  print a build package's fingerprint (why did it rebuild?)

            Options:
              -h, --help   show this help (or a command's: plan --help) and exit
              --version    print the version and exit

            Exit codes (plan, check, diff):
              0  clean   1  a mandatory policy violation   2  bad usage, configuration or input
              3  a defect: the program, a policy rule or a printer failed

            Examples:
              java -jar target/portfolio-infra.jar plan -s dev
              java -jar target/portfolio-infra.jar plan --stack=prod --json - | jq .policy
              java -jar target/portfolio-infra.jar check preview.json --environment production""";

    private Main() {
    }

    public static void main(String[] args) {
        CommonPool.guard();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return runUnderEngine(System.getenv(), out, err, PolicyRun.Tools.standard());
        }
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        return guarded(args[0], () -> dispatch(args, out, err), err, verbose);
    }

    /**
     * Runs a verb; an exception it lets escape is a defect, reported as one line and its causes
     * (the stack trace with {@code --verbose}), and exits {@link ExitCodes#CRASHED}: uncaught,
     * the JVM would exit 1, a policy violation's code.
     */
    static int guarded(String verb, IntSupplier command, PrintStream err, boolean verbose) {
        try {
            return command.getAsInt();
        } catch (RuntimeException e) {
            return Failure.report(verb + " failed: " + e, e, err, verbose);
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
                yield ExitCodes.OK;
            }
            case "--version", "version" -> {
                out.println("portfolio-infra " + version(Main.class.getPackage().getImplementationVersion()));
                yield ExitCodes.OK;
            }
            default -> {
                err.println("error: unknown command \"" + args[0] + "\"; expected one of plan, check, diff, rules, "
                        + "fingerprint (--help lists them)");
                yield ExitCodes.BAD_INPUT;
            }
        };
    }

    /** The jar manifest's Implementation-Version (set by the pom), or "dev" when run from classes. */
    static String version(String manifestVersion) {
        return manifestVersion == null || manifestVersion.isBlank() ? "dev" : manifestVersion;
    }

    /** The recipe a package folder is built with in a stack, from the stack file of the project holding it. */
    private static ExtraInputs stackRecipe(Path packageDir, String stack) {
        try {
            Path projectDir = ProjectFile.find(packageDir);
            StackSettings settings = StackSettingsParser.parse(ProjectFile.projectName(projectDir), stack,
                    RawConfig.fromStackFile(ProjectFile.stackFile(projectDir, stack)), projectDir);
            return StackRecipes.of(projectDir, settings, packageDir);
        } catch (SettingsException e) {
            throw new IllegalArgumentException("stack " + stack + ": " + String.join("; ", e.problems()));
        }
    }

    /**
     * The Pulumi program under the engine, which passes the stack and its whole configuration in
     * the environment. Bad configuration, or a plan of the same settings that fails the policy
     * ({@link PolicyGate}), stops it before any resource is registered. {@code Pulumi.run} exits
     * the JVM itself with the engine's result.
     */
    static int runUnderEngine(Map<String, String> environment, PrintStream err) {
        return runUnderEngine(environment, System.out, err, PolicyRun.Tools.standard());
    }

    /** As {@link #runUnderEngine(Map, PrintStream)}, with the gate's report on {@code out} and the given rules. */
    static int runUnderEngine(Map<String, String> environment, PrintStream out, PrintStream err, PolicyRun.Tools policy) {
        String project = environment.get("PULUMI_PROJECT");
        String stack = environment.get("PULUMI_STACK");
        if (project == null || stack == null) {
            err.println("error: not started by the Pulumi engine (PULUMI_PROJECT / PULUMI_STACK are not set); "
                    + "run `pulumi up --stack <stack>`, or plan offline with `plan --stack <stack>`");
            err.println("(`java -jar target/portfolio-infra.jar --help` lists the commands)");
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
        PolicyGate.Result gate = PolicyGate.check(environment, settings, projectDir, policy, out, err);
        if (!gate.proceed()) {
            return gate.exitCode();
        }
        Pulumi.run(ctx -> {
            // The engine shows these as warnings of the stack, on every preview and update.
            parsed.warnings().forEach(ctx.log()::warn);
            PortfolioProgram.define(ctx, settings, new PortfolioProgram.Environment(projectDir,
                    new AwsBuildService(settings.region(), settings.awsProfile(), Deployment.getInstance().isDryRun(),
                            new PulumiBuildLog(ctx.log())), !Deployment.getInstance().isDryRun(),
                    PortfolioProgram.websiteBuild(projectDir, environment)));
        });
        return 0;
    }
}
