package com.portfolio.infra.enginepath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.PortfolioProgram;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the program as `pulumi preview` / `pulumi up` do: a separate JVM started with the
 * environment the CLI's language host sets, talking gRPC to a resource monitor and an engine
 * served by the test ({@link FakeEngine}). The variable names are those the SDK reads
 * (com.pulumi.deployment.internal.DeploymentImpl.DeploymentState and .Config, 1.36.1):
 * PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_ORGANIZATION,
 * PULUMI_ROOT_DIRECTORY, PULUMI_DRY_RUN, PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS. The language host
 * also sets PULUMI_PARALLEL, which the Java SDK does not read.
 *
 * <p>Builds reach no cloud: AWS credentials are made unavailable, so a preview's cache read fails
 * at once with "no credentials" and the preview reports fingerprints only, as documented.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EnginePathTest {

    private static final String PROJECT = "portfolio";
    private static final String STACK = "dev";
    private static final Path PROJECT_DIR = Path.of("").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> devConfig;
    private static Set<String> offlinePlan;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void planOffline() {
        RawConfig raw = RawConfig.fromStackFile(PROJECT_DIR.resolve("Pulumi.dev.yaml"));
        devConfig = new TreeMap<>();
        raw.keys().forEach(key -> devConfig.put(key, raw.get(key).orElseThrow().text()));
        StackSettings settings = StackSettingsParser.parse(PROJECT, STACK, raw, PROJECT_DIR);
        Plan plan = OfflinePlanner.run(PROJECT, STACK, settings.region(), ctx -> PortfolioProgram.define(ctx, settings,
                new PortfolioProgram.Environment(PROJECT_DIR, new OfflineBuildService())));
        offlinePlan = plan.resources().stream().map(r -> r.type() + "::" + r.name()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** One run of the program: its exit code, what it printed, and what the engine received. */
    record Run(int exitCode, String out, String err, FakeEngine engine) {
        Set<String> registered() {
            return engine.registrations().stream().map(r -> r.type() + "::" + r.name()).collect(Collectors.toCollection(TreeSet::new));
        }

        FakeEngine.Registration only(String type) {
            var found = engine.registrations().stream().filter(r -> r.type().equals(type)).toList();
            assertEquals(1, found.size(), "registrations of " + type);
            return found.get(0);
        }

        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err + "\n--- engine log\n"
                    + String.join("\n", engine.logs());
        }
    }

    private static Run launch(String mainClass, boolean dryRun, Map<String, String> config, List<String> secretKeys,
                              Map<String, String> extraEnvironment) throws Exception {
        var engine = new FakeEngine(PROJECT, STACK, config.get("aws:region"));
        try {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xss2m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, mainClass);
            var builder = new ProcessBuilder(command).directory(PROJECT_DIR.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("PULUMI_") || name.startsWith("PORTFOLIO_"));
            // No credentials anywhere and no instance metadata: a cache read fails at once.
            env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-credentials").toString());
            env.put("AWS_CONFIG_FILE", scratch.resolve("no-config").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("PULUMI_MONITOR", engine.address());
            env.put("PULUMI_ENGINE", engine.address());
            env.put("PULUMI_PROJECT", PROJECT);
            env.put("PULUMI_STACK", STACK);
            env.put("PULUMI_ORGANIZATION", "organization");
            env.put("PULUMI_ROOT_DIRECTORY", PROJECT_DIR.toString());
            env.put("PULUMI_DRY_RUN", String.valueOf(dryRun));
            env.put("PULUMI_PARALLEL", "4");
            env.put("PULUMI_CONFIG", JSON.writeValueAsString(config));
            env.put("PULUMI_CONFIG_SECRET_KEYS", JSON.writeValueAsString(secretKeys));
            env.putAll(extraEnvironment);
            File out = Files.createTempFile(scratch, "out", ".txt").toFile();
            File err = Files.createTempFile(scratch, "err", ".txt").toFile();
            Process process = builder.redirectOutput(out).redirectError(err).start();
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the program did not finish in 150 s:\n" + Files.readString(err.toPath()));
            }
            return new Run(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()), engine);
        } finally {
            engine.close();
        }
    }

    @Test
    void aPreviewRegistersWhatTheOfflinePlanHasAndReadsASecretSetting() throws Exception {
        // vpcCidr given as a secret, with a value other than the stack file's, to see it is the one read.
        // Known gap: the settings drop the secret flag, so it registers in plain (no secret marker).
        var config = new TreeMap<>(devConfig);
        config.put("portfolio:vpcCidr", "10.42.0.0/16");
        Run run = launch("com.portfolio.infra.Main", true, config, List.of("portfolio:vpcCidr"), Map.of());

        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().matches("(?s)policy gate: stack dev meets every mandatory rule .*checked in \\d+\\.\\d s\n.*"),
                run.describe());
        assertEquals(offlinePlan, run.registered());
        // The Java SDK registers its stack resource; it never asks for or sets the engine's root resource.
        assertEquals("urn:pulumi:dev::portfolio::pulumi:pulumi:Stack::portfolio-dev", run.only("pulumi:pulumi:Stack").urn());
        var vpc = run.only("aws:ec2/vpc:Vpc");
        assertEquals("10.42.0.0/16", FakeEngine.plain(vpc.inputs().getFieldsOrThrow("cidrBlock")));
        // The preview could not read the build cache (no credentials) and said so, reporting fingerprints.
        assertTrue(run.engine().logs().stream().anyMatch(line -> line.contains("cannot read the build cache")
                && line.contains("reporting fingerprints only")), run.describe());
    }

    @Test
    void theGateStopsAViolatingStackBeforeAnythingRegisters() throws Exception {
        var config = new TreeMap<>(devConfig);
        config.put("portfolio:vpcCidr", "10.99.0.0/16");
        Run run = launch("com.portfolio.infra.EngineMainWithTestRule", true, config, List.of(), Map.of());

        assertEquals(1, run.exitCode(), run.describe());
        assertEquals(List.of(), run.engine().registrations().stream().map(r -> r.type() + "::" + r.name()).toList());
        assertEquals(List.of(), run.engine().invokes());
        assertTrue(run.err().contains("TEST-CIDR-01 [MANDATORY]\n  - network-vpc\n"), run.describe());
        assertTrue(run.err().contains("error: stack dev has 1 mandatory policy violation; nothing was deployed"), run.describe());
    }

    @Test
    void badConfigurationStopsTheRunBeforeAnythingRegisters() throws Exception {
        var config = new TreeMap<>(devConfig);
        config.put("portfolio:availabilityZones", "seven");
        Run run = launch("com.portfolio.infra.Main", true, config, List.of(), Map.of());

        assertEquals(2, run.exitCode(), run.describe());
        assertEquals(List.of(), run.engine().registrations().stream().map(r -> r.type() + "::" + r.name()).toList());
        assertTrue(run.err().startsWith("error: stack dev has 1 configuration problem:\n  portfolio:availabilityZones: got \"seven\""),
                run.describe());
    }
}
