package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.PortfolioProgram;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.StackNames;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.testsupport.TestStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack-name budget of the settings holds for the program as it is: GIVEN the longest stack
 * name the settings accept WHEN the program is planned THEN every name built from it is one AWS
 * accepts; one character more breaks the tightest name. A component that builds a new name from
 * the stack without listing it in {@link StackNames#DERIVED} fails here.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackNameBudgetTest {

    private static final int BUDGET = StackNames.maxLength("portfolio");

    /**
     * The project with one more route whose folder name has the most characters routes allow, so
     * the tightest name is as long as it can be.
     */
    private static Path projectWithLongestRoute(Path dir) throws IOException {
        for (String folder : List.of("lambda-layer", "ml-packages", "routes", "functions", "content")) {
            copy(Path.of(folder), dir.resolve(folder));
        }
        copy(Path.of("routes/health"), dir.resolve("routes/" + LONGEST_ROUTE));
        Files.writeString(dir.resolve("routes/" + LONGEST_ROUTE + "/route.json"), Files.readString(
                Path.of("routes/health/route.json")).replace("/api/health", "/api/longest"));
        return dir;
    }

    private static final String LONGEST_ROUTE = "r".repeat(28);

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !f.toString().contains("__pycache__")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static Plan plan(StackSettings s, Path projectDir) {
        return OfflinePlanner.run(s.project(), s.stack(), s.environment(), s.region(), ctx -> PortfolioProgram.define(ctx, s,
                new PortfolioProgram.Environment(projectDir, new OfflineBuildService())));
    }

    private static List<Violation> applyViolations(Plan plan) {
        return PolicyEngine.standard().evaluate(plan).violationsOf("APPLY-01");
    }

    @Test
    void theLongestAcceptedStackNameKeepsEveryNameLegal(@TempDir Path dir) throws IOException {
        StackSettings settings = TestStacks.settings("s".repeat(BUDGET), Map.of());
        List<Violation> violations = applyViolations(plan(settings, projectWithLongestRoute(dir)));
        assertEquals(List.of(), violations, "a name built from the stack is over its limit at the longest accepted stack "
                + "name; list it in StackNames.DERIVED");
    }

    @Test
    void oneCharacterMoreBreaksTheTightestName(@TempDir Path dir) throws IOException {
        StackSettings valid = TestStacks.settings("s".repeat(BUDGET), Map.of());
        // The parser refuses this stack; built directly, it shows what AWS would say.
        StackSettings tooLong = new StackSettings(valid.project(), "s".repeat(BUDGET + 1), valid.environment(), valid.region(), valid.awsProfile(),
                valid.network(), valid.logRetentionDays(), valid.mlTraining(), valid.lambdaLayer(), valid.api(), valid.training(), valid.fleet(),
                valid.cost(), valid.website());
        List<Violation> violations = applyViolations(plan(tooLong, projectWithLongestRoute(dir)));
        assertEquals(1, violations.size(), violations.toString());
        String message = violations.get(0).message();
        assertTrue(message.startsWith("api-" + LONGEST_ROUTE + " (Function): name \"portfolio-sss"), message);
        assertTrue(message.contains("is 65 characters long; AWS accepts from 1 to 64 characters"), message);
    }
}
