package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.portfolio.infra.config.Environment;
import com.portfolio.infra.plan.PlanFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The plan JSON records the stack's environment, and {@code check} judges by it, not by the stack's name. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheckEnvironmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path devPlanWith(String environment) throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(WrittenPlans.of("dev").json().toFile());
        if (environment == null) {
            plan.remove("environment");
        } else {
            plan.put("environment", environment);
        }
        Path file = temp.resolve("plan-" + environment + ".json");
        Files.writeString(file, plan.toString());
        return file;
    }

    @Test
    void theWrittenPlanRecordsEachStacksEnvironment() throws Exception {
        assertEquals("development", JSON.readTree(WrittenPlans.of("dev").json().toFile()).path("environment").asText());
        assertEquals("production", JSON.readTree(WrittenPlans.of("prod").json().toFile()).path("environment").asText());
    }

    @Test
    void theRecordedEnvironmentDecidesWhetherProductionRulesAreMandatory() throws Exception {
        CommandRun asRecorded = CommandRun.main("check", devPlanWith("production").toString());
        assertEquals(1, asRecorded.exitCode(), asRecorded.out());
        assertTrue(asRecorded.out().contains("REL-DDB-02 [MANDATORY]"), asRecorded.out());

        CommandRun withoutIt = CommandRun.main("check", devPlanWith(null).toString());
        assertEquals(0, withoutIt.exitCode(), "no environment recorded: the default of the name dev, development");
    }

    @Test
    void theEnvironmentOptionOverridesTheFile() throws Exception {
        Path dev = devPlanWith("development");
        CommandRun asProduction = CommandRun.main("check", dev.toString(), "--environment", "production");
        assertEquals(1, asProduction.exitCode(), asProduction.out());
        assertTrue(asProduction.out().startsWith("Policy check of stack dev as production (given by --environment), "),
                asProduction.out());
        assertTrue(asProduction.out().contains("OPS-PROT-01 [MANDATORY]"), asProduction.out());

        CommandRun backToDevelopment = CommandRun.main("check", devPlanWith("production").toString(),
                "--environment", "development");
        assertEquals(0, backToDevelopment.exitCode(), backToDevelopment.out());
    }

    @Test
    void aBadEnvironmentIsBadUsage() {
        CommandRun run = CommandRun.main("check", "a.json", "--environment", "prod");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: --environment: got \"prod\"; expected production or development\n"),
                run.err());
    }

    @Test
    void aPreviewIsJudgedByTheEnvironmentItsConfigOrOutputsRecord() throws Exception {
        assertEquals(Environment.DEVELOPMENT, PlanFiles.read(CheckCommandTest.PREVIEW).plan().environment(),
                "a preview of stack dev without the output: the name's default");
        String preview = Files.readString(CheckCommandTest.PREVIEW);
        String exported = preview.replace("\"stackKeyArn\": ", "\"environment\": \"production\", \"stackKeyArn\": ");
        Path file = temp.resolve("preview-exported.json");
        Files.writeString(file, exported);
        assertEquals(Environment.PRODUCTION, PlanFiles.read(file).plan().environment(), "from the stack output");

        String configured = preview.replace("\"config\": {", "\"config\": {\"portfolio:environment\": \"production\", ");
        file = temp.resolve("preview-configured.json");
        Files.writeString(file, configured);
        assertEquals(Environment.PRODUCTION, PlanFiles.read(file).plan().environment(), "from the stack's config");
    }
}
