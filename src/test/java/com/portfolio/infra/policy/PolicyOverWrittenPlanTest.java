package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanFiles;
import com.portfolio.infra.plan.PlanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GIVEN a plan with one of everything the rules judge, written as JSON and read back WHEN the
 * policy is evaluated over both THEN the findings are the same: the file holds all the rules need
 * (ARNs and computed names they follow references by, deletion options, numbers), so {@code check}
 * of a written plan reports what {@code plan} reported.
 */
class PolicyOverWrittenPlanTest {

    @TempDir
    Path temp;

    private List<String> findings(Plan plan) {
        return CompliantPlanTest.engine().evaluate(plan).violations().stream()
                .map(v -> v.rule() + " " + v.severity() + " " + v.urn() + " " + v.message()).toList();
    }

    private Plan writtenAndReadBack(Plan plan) throws Exception {
        Path file = temp.resolve("plan.json");
        Files.writeString(file, PlanJson.write(plan, new PlanJson.PolicySection(0, 0, 0, 0, 0, List.of(), List.of())));
        return PlanFiles.read(file).plan();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "dev"})
    void theCompliantPlanHasTheSameFindingsReadBackFromItsJson(String stack) throws Exception {
        Plan plan = CompliantPlan.build(stack).build();

        assertEquals(findings(plan), findings(writtenAndReadBack(plan)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "dev"})
    void aPlanWithViolationsHasTheSameFindingsReadBackFromItsJson(String stack) throws Exception {
        TestPlan test = CompliantPlan.build(stack);
        test.get("jobs-table").set("pointInTimeRecovery.enabled", false);
        test.get("worker").set("tracingConfig.mode", "PassThrough").set("timeout", 900);
        test.get("builder").set("environment.privilegedMode", true).tag("policy-exception:SEC-CB-02", "docker builds");
        Plan plan = test.build();
        List<String> expected = findings(plan);
        assertFalse(expected.isEmpty());

        assertEquals(expected, findings(writtenAndReadBack(plan)));
    }
}
