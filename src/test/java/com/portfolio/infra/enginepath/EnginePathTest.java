package com.portfolio.infra.enginepath;

import static com.portfolio.infra.enginepath.ProgramLaunch.PROJECT;
import static com.portfolio.infra.enginepath.ProgramLaunch.PROJECT_DIR;
import static com.portfolio.infra.enginepath.ProgramLaunch.STACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.PortfolioProgram;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.enginepath.ProgramLaunch.Run;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the program as `pulumi preview` does: a separate JVM started with the environment the CLI's
 * language host sets, talking gRPC to a resource monitor and an engine served by the test
 * ({@link FakeEngine}, started by {@link ProgramLaunch}). The update path is in
 * {@link EngineUpdateTest}.
 *
 * <p>Builds reach no cloud: AWS credentials are made unavailable, so a preview's cache read fails
 * at once with "no credentials" and the preview reports fingerprints only, as documented.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EnginePathTest {

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
        Plan plan = OfflinePlanner.run(PROJECT, STACK, settings.environment(), settings.region(), ctx -> PortfolioProgram.define(ctx, settings,
                new PortfolioProgram.Environment(PROJECT_DIR, new OfflineBuildService())));
        offlinePlan = plan.resources().stream().map(r -> r.type() + "::" + r.name()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Run launch(String mainClass, boolean dryRun, Map<String, String> config, List<String> secretKeys)
            throws Exception {
        return ProgramLaunch.run(ProgramLaunch.Spec.of(mainClass, dryRun, config).withSecretKeys(secretKeys),
                new FakeEngine(PROJECT, STACK, config.get("aws:region")), scratch);
    }

    @Test
    void aPreviewRegistersWhatTheOfflinePlanHasAndReadsTheEngineConfiguration() throws Exception {
        // vpcCidr with a value other than the stack file's, to see it is the one read.
        var config = new TreeMap<>(devConfig);
        config.put("portfolio:vpcCidr", "10.42.0.0/16");
        Run run = launch("com.portfolio.infra.Main", true, config, List.of());

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
        Run run = launch("com.portfolio.infra.EngineMainWithTestRule", true, config, List.of());

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
        Run run = launch("com.portfolio.infra.Main", true, config, List.of());

        assertEquals(2, run.exitCode(), run.describe());
        assertEquals(List.of(), run.engine().registrations().stream().map(r -> r.type() + "::" + r.name()).toList());
        assertTrue(run.err().startsWith("error: stack dev has 1 configuration problem:\n  portfolio:availabilityZones: got \"seven\""),
                run.describe());
    }

    /**
     * A secret under the engine (PULUMI_CONFIG_SECRET_KEYS) for a key that is not sensitive is refused
     * exactly as the offline plan refuses a {@code secure:} value for it in the stack file: a value
     * stored encrypted must not be registered in plain text by one path and refused by the other.
     */
    @Test
    void aSecretValueForAKeyThatIsNotSensitiveIsRefusedUnderTheEngineAsInTheStackFile() throws Exception {
        Path stackFile = scratch.resolve("Pulumi.dev.yaml");
        Files.writeString(stackFile, Files.readString(PROJECT_DIR.resolve("Pulumi.dev.yaml"))
                .replace("portfolio:vpcCidr: 10.10.0.0/16", "portfolio:vpcCidr:\n    secure: AAABAHsecretciphertext"));
        List<String> offlineProblems = assertThrows(SettingsException.class, () -> StackSettingsParser.parse(PROJECT,
                STACK, RawConfig.fromStackFile(stackFile), PROJECT_DIR)).problems();
        assertEquals(1, offlineProblems.size(), offlineProblems.toString());
        assertTrue(offlineProblems.get(0).startsWith("portfolio:vpcCidr: is a secret"), offlineProblems.toString());

        var config = new TreeMap<>(devConfig);
        config.put("portfolio:vpcCidr", "10.42.0.0/16");
        Run run = launch("com.portfolio.infra.Main", true, config, List.of("portfolio:vpcCidr"));

        assertEquals(2, run.exitCode(), run.describe());
        assertEquals("error: stack dev has 1 configuration problem:\n  " + offlineProblems.get(0) + "\n", run.err(),
                run.describe());
        assertEquals(List.of(), run.engine().registrations());
    }
}
