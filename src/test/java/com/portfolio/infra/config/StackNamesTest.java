package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GIVEN a stack name WHEN the settings are read THEN it is accepted only if every name built from it is legal. */
class StackNamesTest {

    private static List<String> problemsOf(String stack) {
        var raw = new RawConfig(Map.of("aws:region", RawValue.plain("eu-west-1")));
        return assertThrows(SettingsException.class,
                () -> StackSettingsParser.parse("portfolio", stack, raw, Path.of("."))).problems();
    }

    private static StackSettings parse(String stack) {
        return StackSettingsParser.parse("portfolio", stack, new RawConfig(Map.of("aws:region", RawValue.plain("eu-west-1"))),
                Path.of("."));
    }

    @Test
    void theBudgetComesFromTheRouteFunctionNameWhichAllowsTheFewestCharacters() {
        // 64 for a function's name, minus "portfolio-", "-api-" and a route folder of 28 characters.
        assertEquals(21, StackNames.maxLength("portfolio"));
        assertEquals("the name of a route's Lambda function", StackNames.tightest("portfolio").what());
        // A longer project leaves the stack less room.
        assertEquals(11, StackNames.maxLength("portfolio-" + "x".repeat(9)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging-2", "pr-1234", "a"})
    void lowercaseWordsWithinTheBudgetAreAccepted(String stack) {
        assertEquals(stack, parse(stack).stack());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dev", "my_stack", "feature.x", "2024-test", "-dev", "dev stack", ""})
    void otherCharactersOrAnUnusualFirstCharacterAreRefusedWithTheRule(String stack) {
        List<String> problems = problemsOf(stack);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("stack: got \"" + stack + "\" (" + stack.length() + " characters); expected lowercase letters, digits "
                + "and hyphens, starting with a letter, at most 21 characters: AWS names are built from it, and the "
                + "longest, the name of a route's Lambda function portfolio-<stack>-api-rrrrrrrrrrrrrrrrrrrrrrrrrrrr, may "
                + "have at most 64 characters", problems.get(0));
    }

    @Test
    void theLongestAcceptedNameIsExactlyTheBudget() {
        assertEquals(21, parse("s".repeat(21)).stack().length());
        var problems = problemsOf("s".repeat(22));
        assertTrue(problems.get(0).startsWith("stack: got \"" + "s".repeat(22) + "\" (22 characters); expected "),
                problems.get(0));
        assertTrue(problems.get(0).contains("at most 21 characters"), problems.get(0));
    }

    @Test
    void aBadStackNameIsReportedWithTheOtherProblemsNotInsteadOfThem() {
        var raw = new RawConfig(Map.of("portfolio:availabilityZones", RawValue.plain("9")));
        var problems = assertThrows(SettingsException.class,
                () -> StackSettingsParser.parse("portfolio", "Prod", raw, Path.of("."))).problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("stack: got \"Prod\""), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("aws:region: missing")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("portfolio:availabilityZones: got \"9\"")), problems.toString());
    }
}
