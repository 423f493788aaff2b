package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's main command, run on the project's own stack files. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bothStacksPrintTheirCostWithinBudgetTheJsonCarriesItAndTheDiagramIsWritten(String stack) throws Exception {
        Path json = temp.resolve("plan-" + stack + ".json");
        Path diagram = temp.resolve(stack + ".md");
        Run run = run("plan", "--stack", stack, "--json", json.toString(), "--diagram", diagram.toString());
        assertEquals(0, run.exitCode(), run.err());
        int budget = stack.equals("dev") ? 40 : 200;
        assertTrue(run.out().contains("Cost in us-east-1 (USD a month; AWS list prices as of 2025-07-01"), run.out());
        assertTrue(run.out().contains("  Budget: $" + budget + ".00 a month (portfolio:monthlyBudget); fixed cost $"), run.out());
        assertTrue(run.out().contains(" is within it"), run.out());
        assertTrue(run.out().contains("  Budget alerts: none: no AWS Budgets budget, portfolio:budgetEmail is not set"), run.out());
        // "\npolicy:" is the verdict; a resource type such as aws:autoscaling/policy:Policy contains "policy:" too.
        assertTrue(run.out().indexOf("Cost in") < run.out().indexOf("\npolicy:"), "the cost comes before the verdict");
        JsonNode cost = JSON.readTree(json.toFile()).get("cost");
        assertTrue(cost.get("fixedMonthly").asDouble() > 0 && cost.get("fixedMonthly").asDouble() < budget, cost.toString());
        assertEquals(budget, cost.get("monthlyBudget").asInt());
        assertEquals(false, cost.get("overBudget").asBoolean());
        assertTrue(Files.readString(diagram).startsWith("```mermaid\nflowchart LR\n"));
        assertTrue(run.err().contains("diagram written to " + diagram), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bothStacksPlanCleanlyAndWriteTheJsonPlan(String stack) throws Exception {
        Path json = temp.resolve("plan-" + stack + ".json");
        Run run = run("plan", "--stack", stack, "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("portfolio:network:Networking  network"), run.out());
        assertTrue(run.out().contains("portfolio:storage:EfsStorage  efs"), run.out());
        assertTrue(run.out().contains("Resources by type"), run.out());

        JsonNode plan = JSON.readTree(json.toFile());
        assertEquals(List.of("project", "stack", "environment", "resources", "outputs", "policy", "cost"), fieldNames(plan));
        assertEquals("portfolio", plan.get("project").asText());
        assertEquals(stack, plan.get("stack").asText());
        for (JsonNode resource : plan.get("resources")) {
            assertEquals(List.of("urn", "type", "name", "id", "parent", "custom", "inputs", "outputs", "options"), fieldNames(resource));
            assertEquals(List.of("protect", "retainOnDelete"), fieldNames(resource.get("options")));
        }
        assertEquals(List.of("rules", "applied", "mandatory", "advisory", "exceptions", "violations", "notEvaluated"),
                fieldNames(plan.get("policy")));
        JsonNode policy = plan.get("policy");
        int exceptions = policy.get("exceptions").asInt();
        String verdict = String.format("policy: %d rules, %d applied, %d mandatory, %d advisory violations, %d exception%s",
                policy.get("rules").asInt(), policy.get("applied").asInt(), policy.get("mandatory").asInt(),
                policy.get("advisory").asInt(), exceptions, exceptions == 1 ? "" : "s");
        assertTrue(run.out().contains(verdict + System.lineSeparator()), "the JSON and the verdict line agree: " + verdict);
        JsonNode key = StreamSupport.stream(plan.get("resources").spliterator(), false)
                .filter(r -> r.get("type").asText().equals("aws:kms/key:Key")).findFirst().orElseThrow();
        assertTrue(key.get("inputs").get("policy").isTextual(), "JSON-valued inputs stay strings");
        assertEquals(stack.equals("prod"), key.get("options").get("protect").asBoolean());
        assertEquals(30, key.get("inputs").get("deletionWindowInDays").asInt());
        assertTrue(key.get("inputs").get("deletionWindowInDays").isIntegralNumber(), "whole numbers are written as such");
        assertEquals("arn:aws:kms:us-east-1:123456789012:stack-key-key", key.get("outputs").get("arn").asText(),
                "the computed attributes the rules follow references by");
        assertFalse(key.get("outputs").has("policy"), "outputs hold only what is not an input");
    }

    @Test
    void withJsonDashStandardOutputIsTheJsonAloneAndTheLastLineSummarisesAsPreviewCounts() throws Exception {
        Run run = run("plan", "-s", "dev", "--json", "-");
        assertEquals(0, run.exitCode(), run.err());

        JsonNode plan = JSON.readTree(run.out());
        List<JsonNode> resources = StreamSupport.stream(plan.get("resources").spliterator(), false).toList();
        // pulumi preview's "N to create": every resource the program registers (stack and components
        // too) but the default providers, which the engine adds and the display leaves out.
        long total = resources.stream().filter(r -> !(r.get("type").asText().startsWith("pulumi:providers:")
                && r.get("name").asText().startsWith("default"))).count();
        long components = resources.stream().filter(r -> !r.get("custom").asBoolean()
                && !r.get("type").asText().equals("pulumi:pulumi:Stack")).count();
        long cloud = resources.stream().filter(r -> r.get("custom").asBoolean()).count();
        long zones = resources.stream().filter(r -> r.get("type").asText().equals("aws:ec2/subnet:Subnet"))
                .map(r -> r.get("inputs").get("availabilityZone").asText()).distinct().count();
        // Kept resources: protected ones, and what an update must not delete (the site's hashed assets).
        long kept = resources.stream().filter(r -> r.at("/options/protect").asBoolean()
                || r.at("/options/retainOnDelete").asBoolean()).count();
        assertEquals(total, 1 + components + cloud);
        String text = run.err().replace("\r", "");
        List<String> lines = text.lines().toList();
        assertEquals(String.format("Plan: %d to create (1 stack, %d components, %d cloud resources; %d protected) in us-east-1, "
                        + "%d zones; 2 packages to build or find built; policy: 0 mandatory, %d advisory", total, components, cloud,
                kept, zones, plan.get("policy").get("advisory").asInt()), lines.get(lines.size() - 1));
        assertTrue(lines.get(lines.size() - 2).startsWith("policy: "), "the verdict line stays just above: " + text);

        assertTrue(text.contains("18 advisories that hold in prod only (1 SEC-CF-04, 4 REL-DDB-02, 1 REL-EFS-04, 4 REL-VPC-04, 1 REL-VPC-07, 7 OPS-PROT-01): "
                + "run with --verbose to list them\n"), text);
        assertFalse(text.contains("REL-VPC-04 [ADVISORY]"), text);
        assertTrue(text.contains("\nOutputs:\n"), text);
        assertTrue(text.contains("\n  tableNames:\n    contact-messages: portfolio-dev-contact-messages\n"),
                "outputs are YAML, not Java's map format: " + text);
        assertFalse(text.contains("{contact-messages="), text);
    }

    @Test
    void verboseListsTheProdOnlyAdvisoriesWithTheSettingThatFixesThem() {
        Run run = run("plan", "--stack=dev", "--verbose");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("REL-VPC-04 [ADVISORY]\n  - network-private-0\n"), run.out());
        assertTrue(run.out().contains("    fix: set `portfolio:natGateways: per-az` in Pulumi.dev.yaml. In prod create"), run.out());
        assertFalse(run.out().contains("run with --verbose"), run.out());
    }

    @Test
    void aRuleThatThrowsIsACrashNamingTheRuleNotAPolicyViolation() {
        CommandRun plan = CommandRun.with(FailingPolicy.throwingRule(), PlanCommand::run, "plan", "--stack", "dev");

        assertEquals(3, plan.exitCode());
        assertTrue(plan.err().startsWith("error: policy rule TEST-BUG-01 failed on stack dev: java.lang.IllegalStateException: "
                + "index 3 out of bounds for a rule with a bug\n"), plan.err());
        assertFalse(plan.out().contains("policy: "), plan.out());
    }

    @Test
    void aReportPrinterThatThrowsIsACrashAndNoPlanIsWritten() {
        Path json = temp.resolve("plan.json");
        CommandRun plan = CommandRun.with(FailingPolicy.throwingPrinter(), PlanCommand::run, "plan", "--stack", "dev",
                "--json", json.toString());

        assertEquals(3, plan.exitCode());
        assertTrue(plan.err().startsWith("error: the policy report could not be printed: java.lang.UnsupportedOperationException: "
                + "the printer has a bug\n"), plan.err());
        assertFalse(Files.exists(json));
    }

    @Test
    void anExceptionAVerbLetsEscapeIsACrashWithItsStackTrace() {
        CommandRun run = CommandRun.of((out, err) -> Main.guarded("check", () -> {
            throw new IllegalStateException("unexpected", new java.io.IOException("disk gone"));
        }, err, false));

        assertEquals(3, run.exitCode());
        assertEquals("""
                error: check failed: java.lang.IllegalStateException: unexpected
                  caused by: java.io.IOException: disk gone
                  (a defect of the tool or the program; run again with --verbose for the stack trace)
                """, run.err());
        CommandRun verbose = CommandRun.of((out, err) -> Main.guarded("check", () -> {
            throw new IllegalStateException("unexpected");
        }, err, true));
        assertTrue(verbose.err().contains("\tat com.portfolio.infra.PlanCommandTest"), verbose.err());
    }

    @Test
    void theJsonPlanIsTheSameBytesRunAfterRun() throws Exception {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        assertEquals(0, run("plan", "--stack", "prod", "--json", first.toString()).exitCode());
        assertEquals(0, run("plan", "--stack", "prod", "--json", second.toString()).exitCode());
        assertEquals(Files.readString(first), Files.readString(second), "a stable plan can be diffed between commits");
    }

    @Test
    void prodSpansThreeAzsWithANatGatewayEach() {
        Run run = run("plan", "--stack", "prod");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("     3  aws:ec2/natGateway:NatGateway"), run.out());
        assertTrue(run.out().contains("     6  aws:ec2/subnet:Subnet"), run.out());
    }

    @Test
    void aBadValueAndAMisspeltKeyInAStackFileAreReportedTogetherWithoutAStackTrace() throws Exception {
        Files.writeString(temp.resolve("Pulumi.yaml"), "name: portfolio\nruntime: java\n");
        Files.writeString(temp.resolve("Pulumi.broken.yaml"), """
                config:
                  aws:region: us-east-1
                  portfolio:vpcCidr: 10.0.0.0/8
                  portfolio:natGateway: per-az
                  lambda-layer:force-rebuild: yes
                """);
        Run run = run("plan", "--stack", "broken", "--dir", temp.toString());
        assertEquals(2, run.exitCode());
        assertEquals("""
                error: stack broken has 3 configuration problems:
                  portfolio:vpcCidr: got "10.0.0.0/8" (/8 is outside /16../20); expected a private (RFC 1918) IPv4 block from /16 to /20 such as 10.0.0.0/16 (default 10.0.0.0/16)
                  lambda-layer:force-rebuild: got "yes"; expected true or false (default false)
                  portfolio:natGateway: unknown key; did you mean portfolio:natGateways?
                """, run.err().replace("\r", ""));
        assertFalse(run.err().contains("Exception"));
        assertEquals("", run.out());
    }

    @Test
    void underTheEngineBadConfigurationStopsTheProgramWithTheSameLines() {
        var err = new ByteArrayOutputStream();
        int code = Main.runUnderEngine(Map.of("PULUMI_PROJECT", "portfolio", "PULUMI_STACK", "prod",
                "PULUMI_CONFIG", "{\"aws:region\":\"us-east-1\",\"portfolio:natGateways\":\"single\","
                        + "\"ml-training:force-rebuild\":\"yes\"}"), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("""
                error: stack prod has 2 configuration problems:
                  portfolio:natGateways: got "single" in a production stack (portfolio:environment production); expected per-az (production needs a NAT gateway in every AZ so one AZ's outage cannot cut the others' egress)
                  ml-training:force-rebuild: got "yes"; expected true or false (default false)
                """, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheEngineTheProgramSaysHowToRunIt() {
        var err = new ByteArrayOutputStream();
        assertEquals(2, Main.runUnderEngine(Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: not started by the Pulumi engine"));
    }

    @Test
    void aMissingStackFileSaysWhichFileAndHowToCreateIt() {
        Run run = run("plan", "--stack", "staging");
        assertEquals(2, run.exitCode());
        assertEquals("error: stack staging has 1 configuration problem:\n  no stack \"staging\" in " + Path.of("").toAbsolutePath()
                + " (no Pulumi.staging.yaml); its stacks are: dev, prod; create one with `pulumi stack init staging`\n", run.err());
    }

    @Test
    void badUsageIsExplained() {
        Run noStack = run("plan");
        assertEquals(2, noStack.exitCode());
        assertTrue(noStack.err().startsWith("error: --stack is required"), noStack.err());
        Run unknownFlag = run("plan", "--stack", "dev", "--jsn", "x");
        assertEquals(2, unknownFlag.exitCode());
        assertTrue(unknownFlag.err().startsWith("error: unknown option \"--jsn\"; plan takes --stack, --json, --diagram, --dir, --verbose, --help\n"), unknownFlag.err());
        Run unknownCommand = run("deploy");
        assertEquals(2, unknownCommand.exitCode());
        assertTrue(unknownCommand.err().contains("unknown command \"deploy\""), unknownCommand.err());
    }

    @Test
    void theFingerprintCommandWithAStackReportsWhatThePlanWouldBuild() {
        Run plan = run("plan", "--stack", "dev");
        for (String[] pkg : List.of(new String[] {"lambda-layer", "lambda-layer/shared"},
                new String[] {"ml-packages/trainkit", "ml-packages/trainkit"})) {
            Run fingerprint = run("fingerprint", pkg[0], "--stack", "dev");
            assertEquals(0, fingerprint.exitCode(), fingerprint.err());
            String hex = fingerprint.out().strip();
            assertTrue(hex.matches("[0-9a-f]{64}"), hex);
            assertTrue(plan.out().contains("  " + pkg[1] + "  fingerprint " + hex + "\n"), plan.out());
            assertFalse(run("fingerprint", pkg[0]).out().strip().equals(hex), "without --stack the recipe is left out");
        }
        Run listing = run("fingerprint", "ml-packages/trainkit", "-s", "dev", "--files");
        assertTrue(listing.out().contains("  input  cudaVersion = 12.4\n"), "a recipe input's value is shown: " + listing.out());
        assertTrue(listing.out().contains("  input  buildspec:\n    | ") && listing.out().contains("\n    | version: 0.2\n"),
                "the buildspec is listed line by line: " + listing.out());
        Run outside = run("fingerprint", "src", "--stack", "dev");
        assertEquals(2, outside.exitCode());
        assertTrue(outside.err().contains("src is neither lambda-layer/ nor a folder of ml-packages/"), outside.err());
    }

    @Test
    void theStackFilesSetEveryKeyTheProgramReads() throws Exception {
        Set<String> expected = Set.of("aws:region", "portfolio:availabilityZones", "portfolio:vpcCidr",
                "portfolio:natGateways", "portfolio:interfaceEndpoints", "portfolio:logRetentionDays",
                "ml-training:force-rebuild", "lambda-layer:force-rebuild", "ml-training:buildImage",
                "ml-training:computeType", "ml-training:gpuBuild", "ml-training:buildTimeoutMinutes",
                "ml-training:versionsKept", "ml-training:packages", "ml-training:cudaVersion", "ml-training:torchVersion",
                "lambda-layer:buildImage", "lambda-layer:buildTimeoutMinutes", "lambda-layer:sharedWith");
        for (String stack : List.of("dev", "prod")) {
            var keys = com.portfolio.infra.config.RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")).keys();
            assertTrue(keys.containsAll(expected), stack + " lacks some of " + expected + ": has " + keys);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
