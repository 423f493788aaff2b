package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code check} over plans written by {@code plan --json} and over {@code pulumi preview --json} output. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheckCommandTest {

    static final Path PREVIEW = Path.of("src/test/resources/previews/preview-dev.json");
    static final String PLAIN_SECRET = "tok_8f2e1c9a7b4d";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    static WrittenPlans.Planned planned(String stack) {
        return WrittenPlans.of(stack);
    }

    /** The report part of what {@code check} printed: all but its heading. */
    private static String report(CommandRun check) {
        return check.out().substring(check.out().indexOf('\n') + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aWrittenPlanGetsTheReportAndExitCodeThatPlanGave(String stack) {
        WrittenPlans.Planned plan = planned(stack);
        CommandRun check = CommandRun.main("check", plan.json().toString());

        assertEquals(plan.run().exitCode(), check.exitCode(), check.err());
        assertEquals("", check.err());
        assertTrue(check.out().startsWith("Policy check of stack " + stack + ", project portfolio: " + plan.json()
                + " (offline plan, "), check.out());
        String planOut = plan.run().out();
        String planReport = planOut.substring(0, planOut.lastIndexOf("Plan: "));
        assertTrue(planReport.endsWith(report(check)), "plan printed:\n" + planOut + "\ncheck printed:\n" + check.out());
        assertTrue(report(check).contains("policy: "), check.out());
    }

    @Test
    void aMandatoryViolationInTheFileExitsOne() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(planned("dev").json().toFile());
        StreamSupport.stream(plan.get("resources").spliterator(), false)
                .filter(r -> r.get("name").asText().equals("tables-projects")).findFirst().map(r -> (ObjectNode) r.get("inputs"))
                .orElseThrow().set("pointInTimeRecovery", JSON.createObjectNode().put("enabled", false));
        Path file = temp.resolve("broken.json");
        Files.writeString(file, plan.toString());

        CommandRun check = CommandRun.main("check", file.toString());

        assertEquals(1, check.exitCode());
        assertTrue(check.out().contains("REL-DDB-01 [MANDATORY]\n  - tables-projects\n"), check.out());
    }

    @Test
    void theStackOptionDecidesWhichRulesAreMandatory() {
        Path dev = planned("dev").json();
        CommandRun asProd = CommandRun.main("check", dev.toString(), "--stack", "prod");

        assertEquals(1, asProd.exitCode());
        assertTrue(asProd.out().startsWith("Policy check of stack prod (given by --stack; the file is of stack dev), project portfolio"),
                asProd.out());
        assertTrue(asProd.out().contains("REL-DDB-02 [MANDATORY]"), "a prod-only rule holds in full");
        assertFalse(asProd.out().contains("(holds in prod only)"), asProd.out());
        assertEquals(0, CommandRun.main("check", dev.toString(), "--stack", "dev").exitCode());
    }

    @Test
    void aRealPreviewIsCheckedWithTheSameRules() {
        CommandRun check = CommandRun.main("check", PREVIEW.toString(), "--verbose");

        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertEquals("", check.err());
        assertEquals("Policy check of stack dev, project portfolio: " + PREVIEW + " (pulumi preview, 9 cloud resources)",
                check.out().lines().findFirst().orElseThrow());
        assertTrue(check.out().contains("OPS-PROT-01 [ADVISORY]\n  - stack-key-key\n"), check.out());
        assertFalse(check.out().contains("stateful raw-data"), "the bucket is protected in the preview");
        assertFalse(check.out().contains("SEC-S3-04"), "the ACL being deleted is not judged");
        assertTrue(check.out().endsWith("policy: 66 rules, 14 applied, 0 mandatory, 2 advisory violations, 0 exceptions, 2 not evaluated\n"), check.out());

        CommandRun asProd = CommandRun.main("check", PREVIEW.toString(), "--stack", "prod");
        assertEquals(1, asProd.exitCode());
        assertTrue(asProd.out().contains("OPS-PROT-01 [MANDATORY]\n  - stack-key-key\n"), asProd.out());
    }

    @Test
    void aSecretShownByThePreviewIsNeverPrinted() throws Exception {
        String shown = Files.readString(PREVIEW).replace("\"[secret]\"", "{\"4dabf18193072939515e22adb298388d\": "
                + "\"1b47061264138c4ac30d75fd1eb44270\", \"plaintext\": \"\\\"" + PLAIN_SECRET + "\\\"\"}");
        assertTrue(shown.contains(PLAIN_SECRET));
        Path file = temp.resolve("preview-show-secrets.json");
        Files.writeString(file, shown);

        CommandRun check = CommandRun.main("check", file.toString(), "--stack", "prod");

        assertEquals(1, check.exitCode());
        assertFalse((check.out() + check.err()).contains(PLAIN_SECRET));
    }

    @Test
    void aFileThatIsNotAPlanIsBadInputNamingWhatWasExpected() throws Exception {
        Path file = temp.resolve("Pulumi.dev.yaml");
        Files.writeString(file, "config:\n  aws:region: us-east-1\n");

        CommandRun check = CommandRun.main("check", file.toString());

        assertEquals(2, check.exitCode());
        assertEquals("", check.out());
        assertTrue(check.err().startsWith("error: " + file + ": not JSON ("), check.err());
        assertTrue(check.err().contains("expected a plan written by `plan --json` (an object with \"project\", \"stack\" and "
                + "\"resources\") or the output of `pulumi preview --json` (an object with \"steps\")"), check.err());
    }

    @Test
    void badUsageIsExplained() {
        assertEquals(new CommandRun(2, "", "error: check expects 1 argument, <file>; got none\n" + CheckCommand.USAGE + "\n"), CommandRun.main("check"));
        assertEquals(new CommandRun(2, "", "error: check expects 1 argument, <file>; got 2 (\"a.json\", \"b.json\")\n" + CheckCommand.USAGE + "\n"),
                CommandRun.main("check", "a.json", "b.json"));
        assertEquals(new CommandRun(2, "", "error: unknown option \"--json\"; check takes --stack, --environment, --verbose, --help\n" + CheckCommand.USAGE + "\n"),
                CommandRun.main("check", "a.json", "--json"));
        assertEquals(new CommandRun(2, "", "error: --environment: got \"prod\"; expected production or development\n"
                + CheckCommand.USAGE + "\n"), CommandRun.main("check", "a.json", "--environment", "prod"));
        assertEquals(new CommandRun(2, "", "error: stack name \"prod/eu\" has characters a stack name cannot have\n"
                + CheckCommand.USAGE + "\n"), CommandRun.main("check", "a.json", "--stack", "prod/eu"));
        assertEquals(2, CommandRun.main("check", "a.json", "--stack").exitCode());
    }

    @Test
    void aRuleThatThrowsIsACrashNamingTheRuleNotAViolation() {
        CommandRun check = CommandRun.with(FailingPolicy.throwingRule(), CheckCommand::run, "check", PREVIEW.toString());

        assertEquals(3, check.exitCode());
        assertTrue(check.err().startsWith("error: policy rule TEST-BUG-01 failed on stack dev: java.lang.IllegalStateException: "
                + "index 3 out of bounds for a rule with a bug\n"), check.err());
        assertFalse(check.err().contains("\tat "), "no stack trace without --verbose: " + check.err());
        assertTrue(check.err().endsWith("run again with --verbose for the stack trace)\n"), check.err());
        CommandRun verbose = CommandRun.with(FailingPolicy.throwingRule(), CheckCommand::run, "check", PREVIEW.toString(), "-v");
        assertTrue(verbose.err().contains("at com.portfolio.infra.FailingPolicy$ThrowingRule.check"), "--verbose: the stack trace follows");
        assertFalse(check.out().contains("policy: "), "no verdict is printed");
    }

    @Test
    void aPrinterThatThrowsIsACrash() {
        CommandRun check = CommandRun.with(FailingPolicy.throwingPrinter(), CheckCommand::run, "check", PREVIEW.toString());

        assertEquals(3, check.exitCode());
        assertTrue(check.err().startsWith("error: the policy report could not be printed: java.lang.UnsupportedOperationException: "
                + "the printer has a bug\n"), check.err());
    }

    /**
     * Checking a file runs no program and starts no engine: in a JVM of its own, not one class of
     * the Pulumi engine, its mocks or the offline planner is loaded.
     */
    @Test
    void checkStartsNoEngine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var command = new ArrayList<>(List.of(java.toString(), "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "check", PREVIEW.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("policy: 66 rules, 14 applied, 0 mandatory"), output);
        assertTrue(output.contains("com.portfolio.infra.policy.PolicyEngine "), "class loading is logged: " + output.lines().limit(5).toList());
        List<String> engine = output.lines().filter(l -> l.contains("[class,load]"))
                .filter(l -> l.contains(" com.pulumi.test.") || l.contains(" com.pulumi.deployment.") || l.contains(" io.grpc.")
                        || l.contains(" com.portfolio.infra.plan.OfflinePlanner") || l.contains(" com.portfolio.infra.plan.PlanMocks")
                        || l.contains(" com.portfolio.infra.PortfolioProgram"))
                .toList();
        assertEquals(List.of(), engine);
    }
}
