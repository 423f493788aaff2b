package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.StackNames;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stack-name budget of the settings holds for the program as it is: GIVEN the longest stack
 * name the settings accept WHEN the program is planned THEN every name built from it is one AWS
 * accepts; one character more breaks the tightest name. A component that builds a new name from
 * the stack without listing it in {@link StackNames#DERIVED} fails here.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackNameBudgetTest {

    private static final int BUDGET = StackNames.maxLength("portfolio");

    private static List<Violation> applyViolations(Plan plan) {
        return PolicyEngine.standard().evaluate(plan).violationsOf("APPLY-01");
    }

    @Test
    void theLongestAcceptedStackNameKeepsEveryNameLegal() {
        StackSettings settings = TestStacks.settings("s".repeat(BUDGET), Map.of());
        List<Violation> violations = applyViolations(TestStacks.plan(settings));
        assertEquals(List.of(), violations, "a name built from the stack is over its limit at the longest accepted stack "
                + "name; list it in StackNames.DERIVED");
    }

    @Test
    void oneCharacterMoreBreaksTheTightestName() {
        StackSettings valid = TestStacks.settings("s".repeat(BUDGET), Map.of());
        // The parser refuses this stack; built directly, it shows what AWS would say.
        StackSettings tooLong = new StackSettings(valid.project(), "s".repeat(BUDGET + 1), valid.environment(), valid.region(), valid.awsProfile(),
                valid.network(), valid.logRetentionDays(), valid.mlTraining(), valid.lambdaLayer(), valid.website());
        List<Violation> violations = applyViolations(TestStacks.plan(tooLong));
        assertEquals(1, violations.size(), violations.toString());
        String message = violations.get(0).message();
        assertTrue(message.startsWith("lambda-layer (LayerVersion): layerName \"portfolio-sss"), message);
        assertTrue(message.contains("is 141 characters long; AWS accepts from 1 to 140 characters"), message);
    }
}
