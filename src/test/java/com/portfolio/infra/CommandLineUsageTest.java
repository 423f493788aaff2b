package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line users meet before any plan runs: help, version, usage errors, finding the project. */
class CommandLineUsageTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"plan", "check", "diff", "rules", "fingerprint"})
    void everyVerbHasHelpWithOptionsExitCodesAndExamples(String verb) {
        for (String flag : new String[] {"--help", "-h"}) {
            CommandRun run = CommandRun.main(verb, flag);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.err());
            assertTrue(run.out().startsWith("usage: " + verb + " "), run.out());
            for (String section : new String[] {"\nOptions:\n", "  -h, --help ", "\nExit codes:\n", "\nExamples:\n"}) {
                assertTrue(run.out().contains(section), verb + " help lacks " + section + ":\n" + run.out());
            }
        }
    }

    @Test
    void theProgramHasHelpAndAVersion() {
        CommandRun help = CommandRun.main("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("\nCommands:\n  plan ") && help.out().contains("fingerprint") && help.out().contains("--version"),
                help.out());
        CommandRun version = CommandRun.main("--version");
        assertEquals(new CommandRun(0, "portfolio-infra dev\n", ""), version, "from classes, without a jar manifest");
        assertEquals("1.0.0", Main.version("1.0.0"));
        assertEquals("dev", Main.version(null));
    }

    @Test
    void theStackCanBeGivenInEachSpellingButOnlyOnce() {
        CommandRun twice = CommandRun.main("plan", "-s", "dev", "--stack=prod");
        assertEquals(2, twice.exitCode());
        assertEquals("error: --stack is given twice (-s \"dev\" and --stack \"prod\"); give it once\n" + PlanCommand.USAGE + "\n",
                twice.err());
        assertEquals(2, CommandRun.main("plan", "--stack=dev", "--verbose", "-v").exitCode());
    }

    @Test
    void aJsonPathThatCannotBeWrittenFailsBeforePlanning() throws Exception {
        CommandRun missingFolder = CommandRun.main("plan", "-s", "dev", "--json", temp.resolve("no/such/plan.json").toString());
        assertEquals(new CommandRun(2, "", "error: --json " + temp.resolve("no/such/plan.json") + ": its folder "
                + temp.resolve("no/such") + " does not exist; create it first\n"), missingFolder);
        CommandRun folder = CommandRun.main("plan", "-s", "dev", "--json", temp.toString());
        assertEquals(2, folder.exitCode());
        assertTrue(folder.err().startsWith("error: --json " + temp + ": is a folder; expected a file path"), folder.err());
    }

    @Test
    void theProjectIsFoundUpwardsAndAYamlErrorKeepsItsPositionAndCaret() throws Exception {
        Files.writeString(temp.resolve("Pulumi.yaml"), "name: portfolio\nruntime: java\n");
        Files.writeString(temp.resolve("Pulumi.test.yaml"), """
                # line 1
                config:
                  aws:region: us-east-1
                  portfolio:availabilityZones: 2
                  portfolio:vpcCidr: 10.0.0.0/16
                  portfolio:natGateways: single
                  portfolio:logRetentionDays: 30
                  ml-training:force-rebuild: false
                  lambda-layer:force-rebuild: false
                    ml-training:gpuBuild: false
                """);
        Path deeper = Files.createDirectories(temp.resolve("src/main"));

        CommandRun run = CommandRun.main("plan", "--stack", "test", "--dir", deeper.toString());

        assertEquals(2, run.exitCode());
        assertEquals("error: stack test has 1 configuration problem:\n"
                + "  " + temp.resolve("Pulumi.test.yaml") + ":10:25: not valid YAML: mapping values are not allowed here\n"
                + "      ml-training:gpuBuild: false\n"
                + "                          ^\n", run.err());
    }

    @Test
    void aMissingStackListsTheStacksThatExist() throws Exception {
        Files.writeString(temp.resolve("Pulumi.yaml"), "name: portfolio\nruntime: java\n");
        Files.writeString(temp.resolve("Pulumi.qa.yaml"), "config: {}\n");
        Files.writeString(temp.resolve("Pulumi.demo.yaml"), "config: {}\n");

        CommandRun run = CommandRun.main("plan", "-s", "staging", "--dir", temp.toString());

        assertEquals(new CommandRun(2, "", "error: stack staging has 1 configuration problem:\n  no stack \"staging\" in " + temp
                + " (no Pulumi.staging.yaml); its stacks are: demo, qa; create one with `pulumi stack init staging`\n"), run);
    }

    @Test
    void outsideAnyProjectTheErrorSaysWhereItLooked() {
        CommandRun run = CommandRun.main("plan", "-s", "dev", "--dir", temp.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no Pulumi.yaml in " + temp + " or any folder above it"), run.err());
    }
}
