package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawConfigTest {

    @TempDir
    Path dir;

    private RawConfig read(String yaml) throws Exception {
        Path file = dir.resolve("Pulumi.test.yaml");
        Files.writeString(file, yaml);
        return RawConfig.fromStackFile(file);
    }

    @Test
    void stackFileScalarsBecomeTextListsJsonAndSecureValuesUnknownSecrets() throws Exception {
        RawConfig config = read("""
                config:
                  aws:region: us-east-1
                  portfolio:availabilityZones: 3
                  portfolio:interfaceEndpoints:
                    - ssm
                    - logs
                  portfolio:alertEmail:
                    secure: v1:abcdef
                """);
        assertEquals(RawValue.plain("us-east-1"), config.get("aws:region").orElseThrow());
        assertEquals(RawValue.plain("3"), config.get("portfolio:availabilityZones").orElseThrow());
        assertEquals(RawValue.plain("[\"ssm\",\"logs\"]"), config.get("portfolio:interfaceEndpoints").orElseThrow());
        RawValue secret = config.get("portfolio:alertEmail").orElseThrow();
        assertTrue(secret.secret());
        assertFalse(secret.isKnown());
    }

    @Test
    void yesStaysTheWordYesAsInPulumisOwnReaderSoItIsNotTakenForTrue() throws Exception {
        RawConfig config = read("config:\n  ml-training:force-rebuild: yes\n");
        assertEquals("yes", config.get("ml-training:force-rebuild").orElseThrow().text());
    }

    @Test
    void aMissingStackFileOrBrokenYamlIsOneClearProblem() throws Exception {
        var missing = assertThrows(SettingsException.class,
                () -> RawConfig.fromStackFile(dir.resolve("Pulumi.nope.yaml"))).problems();
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).contains("Pulumi.nope.yaml: no such stack file"), missing.get(0));

        var broken = assertThrows(SettingsException.class, () -> read("config:\n  a: [unclosed\n")).problems();
        assertTrue(broken.get(0).contains("not valid YAML"), broken.get(0));
    }

    @Test
    void engineEnvironmentGivesEveryKeyAndMarksSecrets() {
        RawConfig config = RawConfig.fromEngineEnvironment(Map.of(
                "PULUMI_CONFIG", "{\"aws:region\":\"us-east-1\",\"portfolio:apiToken\":\"s3cr3t\"}",
                "PULUMI_CONFIG_SECRET_KEYS", "[\"portfolio:apiToken\"]"));
        assertEquals(List.of("aws:region", "portfolio:apiToken"), List.copyOf(config.keys()));
        assertFalse(config.get("aws:region").orElseThrow().secret());
        assertEquals(new RawValue("s3cr3t", true), config.get("portfolio:apiToken").orElseThrow());
    }

    @Test
    void theSameStackReadFromFileOrEngineGivesTheSameSettings() throws Exception {
        RawConfig fromFile = read("""
                config:
                  aws:region: eu-central-1
                  portfolio:availabilityZones: 3
                  portfolio:interfaceEndpoints: [logs]
                  ml-training:force-rebuild: true
                """);
        RawConfig fromEngine = RawConfig.fromEngineEnvironment(Map.of("PULUMI_CONFIG",
                "{\"aws:region\":\"eu-central-1\",\"portfolio:availabilityZones\":\"3\","
                        + "\"portfolio:interfaceEndpoints\":\"[\\\"logs\\\"]\",\"ml-training:force-rebuild\":\"true\"}"));
        assertEquals(StackSettingsParser.parse("portfolio", "dev", fromEngine, dir),
                StackSettingsParser.parse("portfolio", "dev", fromFile, dir));
    }
}
