package com.portfolio.infra.enginepath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts the program in a JVM of its own with the environment the Pulumi CLI's language host sets,
 * against a {@link FakeEngine}. The variable names are those the SDK reads
 * (com.pulumi.deployment.internal.DeploymentImpl.DeploymentState and .Config, 1.36.1):
 * PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_ORGANIZATION,
 * PULUMI_ROOT_DIRECTORY, PULUMI_DRY_RUN, PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS. The language host
 * also sets PULUMI_PARALLEL, which the Java SDK does not read.
 *
 * <p>By default the program finds no AWS credentials (nor instance metadata), so a cache read fails
 * at once; a test that serves AWS locally passes credentials and endpoints in {@code extraEnvironment}.
 */
final class ProgramLaunch {

    static final String PROJECT = "portfolio";
    static final String STACK = "dev";
    static final Path PROJECT_DIR = Path.of("").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 150;

    /**
     * What to start.
     *
     * @param mainClass        the program's main class
     * @param dryRun           true as under {@code pulumi preview}, false as under {@code pulumi up}
     * @param config           the stack's configuration, as PULUMI_CONFIG carries it
     * @param secretKeys       the keys the engine marks secret (PULUMI_CONFIG_SECRET_KEYS)
     * @param extraEnvironment further variables, set last (they override the defaults above)
     * @param extraClassPath   entries added after the test class path
     */
    record Spec(String mainClass, boolean dryRun, Map<String, String> config, List<String> secretKeys,
                Map<String, String> extraEnvironment, List<Path> extraClassPath) {

        static Spec of(String mainClass, boolean dryRun, Map<String, String> config) {
            return new Spec(mainClass, dryRun, config, List.of(), Map.of(), List.of());
        }

        Spec withSecretKeys(List<String> keys) {
            return new Spec(mainClass, dryRun, config, keys, extraEnvironment, extraClassPath);
        }

        Spec withEnvironment(Map<String, String> environment) {
            return new Spec(mainClass, dryRun, config, secretKeys, environment, extraClassPath);
        }

        Spec withClassPath(List<Path> entries) {
            return new Spec(mainClass, dryRun, config, secretKeys, extraEnvironment, entries);
        }
    }

    /** One run of the program: its exit code, what it printed, what the engine received, and how long it took. */
    record Run(int exitCode, String out, String err, FakeEngine engine, long millis) {
        Set<String> registered() {
            return engine.registrations().stream().map(r -> r.type() + "::" + r.name())
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        FakeEngine.Registration only(String type) {
            var found = engine.registrations().stream().filter(r -> r.type().equals(type)).toList();
            assertEquals(1, found.size(), "registrations of " + type);
            return found.get(0);
        }

        boolean logged(String text) {
            return engine.logs().stream().anyMatch(line -> line.contains(text));
        }

        String describe() {
            return "exit " + exitCode + " after " + millis + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err
                    + "\n--- engine log\n" + String.join("\n", engine.logs());
        }
    }

    private ProgramLaunch() {
    }

    /** Runs the program against {@code engine} (closed afterwards); {@code scratch} holds its output files. */
    static Run run(Spec spec, FakeEngine engine, Path scratch) throws Exception {
        try {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> entries = new ArrayList<>(List.of(classPath));
            spec.extraClassPath().forEach(entry -> entries.add(entry.toString()));
            var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xss2m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", String.join(File.pathSeparator, entries), spec.mainClass());
            var builder = new ProcessBuilder(command).directory(PROJECT_DIR.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("PULUMI_") || name.startsWith("PORTFOLIO_"));
            env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-credentials").toString());
            env.put("AWS_CONFIG_FILE", scratch.resolve("no-config").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("PULUMI_MONITOR", engine.address());
            env.put("PULUMI_ENGINE", engine.address());
            env.put("PULUMI_PROJECT", PROJECT);
            env.put("PULUMI_STACK", STACK);
            env.put("PULUMI_ORGANIZATION", "organization");
            env.put("PULUMI_ROOT_DIRECTORY", PROJECT_DIR.toString());
            env.put("PULUMI_DRY_RUN", String.valueOf(spec.dryRun()));
            env.put("PULUMI_PARALLEL", "4");
            env.put("PULUMI_CONFIG", JSON.writeValueAsString(spec.config()));
            env.put("PULUMI_CONFIG_SECRET_KEYS", JSON.writeValueAsString(spec.secretKeys()));
            env.putAll(spec.extraEnvironment());
            File out = Files.createTempFile(scratch, "out", ".txt").toFile();
            File err = Files.createTempFile(scratch, "err", ".txt").toFile();
            long start = System.nanoTime();
            Process process = builder.redirectOutput(out).redirectError(err).start();
            try {
                if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("the program did not finish in " + WAIT_SECONDS + " s:\n"
                            + Files.readString(err.toPath()) + "\n--- engine log\n" + String.join("\n", engine.logs()));
                }
            } finally {
                // Also when a test's @Timeout interrupts the wait: the program must not outlive its test.
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Run(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()), engine, millis);
        } finally {
            engine.close();
        }
    }
}
