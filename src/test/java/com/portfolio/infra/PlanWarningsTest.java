package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The settings' warnings are printed by every plan, before it. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlanWarningsTest {

    @TempDir
    Path project;

    @Test
    void aProdNamedDevelopmentStackWithForcedRebuildsIsWarnedAboutOnThePlan() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        Files.copy(here.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        for (String folder : new String[] {"lambda-layer", "ml-packages", "routes", "functions", "content"}) {
            try (var files = Files.walk(here.resolve(folder))) {
                for (Path file : files.toList()) {
                    Path target = project.resolve(here.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
        }
        Files.writeString(project.resolve("Pulumi.prod-copy.yaml"), Files.readString(here.resolve("Pulumi.dev.yaml"))
                .replace("ml-training:force-rebuild: false", "ml-training:force-rebuild: true")
                .replace("lambda-layer:force-rebuild: false", "lambda-layer:force-rebuild: true"));

        CommandRun plan = CommandRun.main("plan", "--stack", "prod-copy", "--dir", project.toString());

        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.err().startsWith("""
                warning: stack prod-copy: stack prod-copy has "prod" in its name but is a development stack \
                (portfolio:environment is development)"""), plan.err());
        assertTrue(plan.err().contains("\nwarning: stack prod-copy: every update rebuilds the ML packages trainkit "
                + "(ml-training:force-rebuild is true): set ml-training:force-rebuild back to false\n"), plan.err());
        assertTrue(plan.err().contains("\nwarning: stack prod-copy: every update rebuilds the Lambda layer "
                + "(lambda-layer:force-rebuild is true): set lambda-layer:force-rebuild back to false\n"), plan.err());
    }
}
