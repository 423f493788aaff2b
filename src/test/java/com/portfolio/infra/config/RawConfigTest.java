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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RawConfigTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "12.10|12.10", "1e3|1e3", "0x10|0x10", "010|010", "0o10|0o10", "yes|yes", "no|no", "on|on", "off|off",
            "True|True", "~|``", "``|``", "null|``", "'12.10'|12.10", "\"010\"|010", "'~'|~", "2.5.1|2.5.1"})
    void aScalarIsReadAsTheTextWrittenNotAsTheNumberOrBooleanYamlWouldMakeOfIt(String yaml, String text) throws Exception {
        assertEquals(RawValue.plain(text), read("config:\n  ml-training:cudaVersion: " + yaml + "\n")
                .get("ml-training:cudaVersion").orElseThrow());
    }

    /** Settings, or the problems that stopped them: what the program would act on. */
    private Object outcome(RawConfig raw) {
        try {
            return StackSettingsParser.read("portfolio", "dev", raw, Path.of("."));
        } catch (SettingsException e) {
            return e.problems();
        }
    }

    /** The configuration as the Pulumi CLI hands it to the program: every scalar as the text written. */
    private static RawConfig engine(Map<String, String> config) throws Exception {
        return RawConfig.fromEngineEnvironment(Map.of("PULUMI_CONFIG", JSON.writeValueAsString(config)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "ml-training:cudaVersion|12.10|12.10", "ml-training:cudaVersion|12.4|12.4", "ml-training:cudaVersion|1e3|1e3",
            "ml-training:cudaVersion|0x10|0x10", "ml-training:cudaVersion|~|``", "ml-training:cudaVersion|``|``",
            "portfolio:availabilityZones|010|010", "portfolio:availabilityZones|0x3|0x3", "portfolio:availabilityZones|3.0|3.0",
            "ml-training:gpuBuild|yes|yes", "ml-training:gpuBuild|no|no", "ml-training:gpuBuild|on|on",
            "ml-training:gpuBuild|off|off", "ml-training:gpuBuild|true|true", "ml-training:torchVersion|2.6|2.6",
            "lambda-layer:buildTimeoutMinutes|1e3|1e3"})
    void trickyValuesGiveTheSameOutcomeFromTheStackFileAndFromTheEngine(String key, String yaml, String cliText)
            throws Exception {
        RawConfig fromFile = read("config:\n  aws:region: us-east-1\n  " + key + ": " + yaml + "\n");
        RawConfig fromEngine = engine(Map.of("aws:region", "us-east-1", key, cliText));
        assertEquals(outcome(fromEngine), outcome(fromFile));
    }

    @Test
    void cudaTwelveTenStaysTwelveTenAndIsNotTakenForTwelveOne() throws Exception {
        Object outcome = outcome(read("config:\n  aws:region: us-east-1\n  ml-training:cudaVersion: 12.10\n"
                + "  ml-training:buildImage: 123456789012.dkr.ecr.us-east-1.amazonaws.com/cuda:12.10\n"));
        assertEquals("12.10", ((StackSettingsParser.Parsed) outcome).settings().mlTraining().cudaVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pulumi.dev.yaml", "Pulumi.prod.yaml"})
    void eachShippedStackGivesTheSameSettingsFromItsFileAndFromTheEngine(String file) throws Exception {
        // The CLI's view of the file: scalars as written (these files hold no number YAML would rewrite),
        // lists as JSON.
        Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of(file)))).get("config");
        var cli = new java.util.TreeMap<String, String>();
        for (var entry : config.entrySet()) {
            Object value = entry.getValue();
            cli.put((String) entry.getKey(), value instanceof List<?> ? JSON.writeValueAsString(value) : String.valueOf(value));
        }
        String stack = file.replace("Pulumi.", "").replace(".yaml", "");
        var fromEngine = StackSettingsParser.read("portfolio", stack, engine(cli), Path.of("."));
        var fromFile = StackSettingsParser.read("portfolio", stack, RawConfig.fromStackFile(Path.of(file)), Path.of("."));
        assertEquals(fromEngine, fromFile);
    }

    @Test
    void anUnquotedNumberInAListIsRefusedWithTheQuotedFormAsTheFix() throws Exception {
        RawConfig raw = read("config:\n  aws:region: us-east-1\n  lambda-layer:sharedWith:\n    - 123456789012\n");
        assertEquals(List.of("lambda-layer:sharedWith: element 123456789012 is a number, not text; expected 12-digit AWS "
                + "account ids or organization ids such as o-a1b2c3d4e5, quoted in the stack file where YAML would read a "
                + "number or boolean, e.g. - \"123456789012\""), outcome(raw));
    }

    @Test
    void aMisspeltTopLevelKeyIsNamedInsteadOfEveryRequiredKeyBeingMissing() throws Exception {
        var problems = assertThrows(SettingsException.class, () -> read("confg:\n  aws:region: us-east-1\n")).problems();
        assertEquals(List.of(dir.resolve("Pulumi.test.yaml") + ": top-level key \"confg\" is not one a stack file has, "
                + "so nothing reads it; did you mean config? (expected only config, secretsprovider, encryptedkey, "
                + "encryptionsalt, environment)"), problems);
    }

    @Test
    void aConfigKeyOutsideConfigIsNamedAsSuch() throws Exception {
        var problems = assertThrows(SettingsException.class, () -> read("""
                config:
                  aws:region: us-east-1
                portfolio:vpcCidr: 10.9.0.0/16
                """)).problems();
        assertEquals(List.of(dir.resolve("Pulumi.test.yaml") + ": \"portfolio:vpcCidr\" is a top-level key, outside "
                + "`config:`, so nothing reads it; expected it indented under `config:`"), problems);
    }

    @Test
    void theStackFilesOwnTopLevelKeysAreAccepted() throws Exception {
        RawConfig config = read("""
                secretsprovider: awskms://alias/pulumi
                encryptedkey: AQICAHh
                encryptionsalt: v1:abc
                environment:
                  - shared/aws
                config:
                  aws:region: us-east-1
                """);
        assertEquals(List.of("aws:region"), List.copyOf(config.keys()));
    }

    @Test
    void aKeySetTwiceIsRefused() throws Exception {
        var problems = assertThrows(SettingsException.class,
                () -> read("config:\n  aws:region: us-east-1\n  aws:region: eu-west-1\n")).problems();
        assertEquals(List.of(dir.resolve("Pulumi.test.yaml") + ": config key aws:region is set twice; expected it once"),
                problems);
    }
}
