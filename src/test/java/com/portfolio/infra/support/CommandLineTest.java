package com.portfolio.infra.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.support.CommandLine.Option;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared option parser: the spellings users know, repeated options refused, help from the declarations. */
class CommandLineTest {

    private static final CommandLine PLAN = new CommandLine("plan", "", 0, 0, "Plans a stack.",
            List.of(Option.value("stack", 's', "<stack>", "the stack").mandatory(),
                    Option.value("json", null, "<file>|-", "write JSON"),
                    Option.flag("verbose", 'v', "say more")),
            List.of("0  fine", "2  bad usage"), List.of("plan -s dev"));

    private static final CommandLine CHECK = new CommandLine("check", "<file>", 1, 1, "Checks a file.",
            List.of(Option.flag("markdown", null, "Markdown")), List.of(), List.of());

    private static String usageError(CommandLine line, String... args) {
        return assertThrows(CommandLine.UsageException.class, () -> line.parse(List.of(args))).getMessage();
    }

    @Test
    void theThreeSpellingsOfAnOptionMeanTheSame() {
        for (List<String> args : List.of(List.of("--stack", "dev"), List.of("--stack=dev"), List.of("-s", "dev"))) {
            assertEquals(Map.of("stack", "dev"), PLAN.parse(args).values(), args.toString());
        }
        assertEquals(Map.of("stack", "a=b"), PLAN.parse(List.of("--stack=a=b")).values(), "only the first = splits");
    }

    @Test
    void aDashAloneIsAValueStandardOutput() {
        var parsed = PLAN.parse(List.of("-s", "dev", "--json", "-", "-v"));
        assertEquals("-", parsed.value("json").orElseThrow());
        assertTrue(parsed.flag("verbose"));
    }

    @Test
    void aRepeatedOrConflictingOptionIsRefusedNamingIt() {
        assertEquals("--stack is given twice (--stack \"dev\" and -s \"prod\"); give it once",
                usageError(PLAN, "--stack", "dev", "-s", "prod"));
        assertEquals("--stack is given twice (--stack \"dev\" and --stack \"dev\"); give it once",
                usageError(PLAN, "--stack=dev", "--stack", "dev"));
        assertEquals("--verbose is given twice (-v and --verbose); give it once", usageError(PLAN, "-s", "dev", "-v", "--verbose"));
    }

    @Test
    void badUsageNamesWhatWasWrongAndWhatIsExpected() {
        assertEquals("--stack is required (or -s)", usageError(PLAN));
        assertEquals("--stack needs a value: <stack>", usageError(PLAN, "--stack"));
        assertEquals("--stack needs a value: <stack>", usageError(PLAN, "--stack", "--verbose"));
        assertEquals("--stack needs a value: <stack>; got an empty one", usageError(PLAN, "--stack="));
        assertEquals("--verbose takes no value; got \"yes\"", usageError(PLAN, "-s", "dev", "--verbose=yes"));
        assertEquals("unknown option \"--jsn\"; plan takes --stack, --json, --verbose, --help", usageError(PLAN, "--jsn", "x"));
        assertEquals("plan expects 0 arguments; got 1 (\"extra\")", usageError(PLAN, "-s", "dev", "extra"));
        assertEquals("check expects 1 argument, <file>; got none", usageError(CHECK));
    }

    @Test
    void helpWinsOverEverythingElseAndDoubleDashEndsTheOptions() {
        assertTrue(PLAN.parse(List.of("--jsn", "-h")).help());
        assertTrue(PLAN.parse(List.of("--help")).help());
        var parsed = CHECK.parse(List.of("--", "--help"));
        assertFalse(parsed.help());
        assertEquals(List.of("--help"), parsed.positional());
    }

    @Test
    void theHelpTextShowsUsageOptionsExitCodesAndExamples() {
        assertEquals("""
                usage: plan -s <stack> [--json <file>|-] [-v] [-h]

                Plans a stack.

                Options:
                  -s, --stack <stack>  the stack (required)
                  --json <file>|-      write JSON
                  -v, --verbose        say more
                  -h, --help           show this help and exit

                Exit codes:
                  0  fine
                  2  bad usage

                Examples:
                  plan -s dev
                """, PLAN.help());
    }
}
