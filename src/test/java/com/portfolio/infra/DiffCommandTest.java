package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GIVEN the dev stack's written plan and a changed copy of it WHEN diffed THEN the resources added,
 * updated (input by input) and removed, and the policy findings introduced and cleared.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DiffCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path PREVIEW = CheckCommandTest.PREVIEW;
    static final String PLAIN_SECRET = CheckCommandTest.PLAIN_SECRET;

    @TempDir
    Path temp;

    private static ObjectNode devPlan() throws Exception {
        return (ObjectNode) JSON.readTree(WrittenPlans.of("dev").json().toFile());
    }

    private static ObjectNode resource(ObjectNode plan, String type, String name) {
        return (ObjectNode) StreamSupport.stream(plan.get("resources").spliterator(), false)
                .filter(r -> r.get("type").asText().endsWith(":" + type) && r.get("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " " + name + " in the dev plan"));
    }

    private Path write(String name, JsonNode plan) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, plan.toString());
        return file;
    }

    /**
     * The dev plan with a table losing point-in-time recovery, a role policy widened, the file
     * system's backup policy removed and a log group added.
     */
    private Path changedDevPlan() throws Exception {
        ObjectNode plan = devPlan();
        ((ObjectNode) resource(plan, "Table", "tables-projects").get("inputs"))
                .set("pointInTimeRecovery", JSON.createObjectNode().put("enabled", false));
        ObjectNode rolePolicy = (ObjectNode) resource(plan, "RolePolicy", "lambda-layer-role").get("inputs");
        rolePolicy.put("policy", rolePolicy.get("policy").asText().replace("\"logs:PutLogEvents\"", "\"logs:*\""));
        ArrayNode resources = (ArrayNode) plan.get("resources");
        ObjectNode backup = resource(plan, "BackupPolicy", "efs-backup");
        resources.remove(indexOf(resources, backup));
        ObjectNode logs = resource(plan, "LogGroup", "network-flow-log").deepCopy();
        logs.put("urn", logs.get("urn").asText().replace("::network-flow-log", "::network-audit-log")).put("name", "network-audit-log");
        resources.add(logs);
        return write("changed.json", plan);
    }

    private static int indexOf(ArrayNode array, JsonNode element) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == element) {
                return i;
            }
        }
        throw new AssertionError("not in the array");
    }

    @Test
    void aChangeIsToldResourceByResourceWithTheFindingsItIntroducesAndClears() throws Exception {
        Path before = WrittenPlans.of("dev").json();
        CommandRun diff = CommandRun.main("diff", before.toString(), changedDevPlan().toString());

        assertEquals(1, diff.exitCode(), "the new plan has a mandatory violation: " + diff.out() + diff.err());
        assertEquals("", diff.err());
        String out = diff.out();
        assertTrue(out.startsWith("Changes from " + before + " (offline plan, stack dev) to " + temp.resolve("changed.json")
                + " (offline plan, stack dev):\n  1 to add, 2 to update, 1 to remove, "), out);
        assertTrue(out.contains("\n+ aws:cloudwatch/logGroup:LogGroup  network-audit-log\n"), out);
        assertTrue(out.contains("\n~ aws:dynamodb/table:Table  tables-projects\n    pointInTimeRecovery.enabled: true -> false\n"), out);
        assertTrue(out.contains("\n~ aws:iam/rolePolicy:RolePolicy  lambda-layer-role\n"
                + "    policy{}.Statement.0.Action.1: \"logs:PutLogEvents\" -> \"logs:*\"\n"), out);
        assertTrue(out.contains("\n- aws:efs/backupPolicy:BackupPolicy  efs-backup\n"), out);
        assertTrue(out.contains("Policy findings this change introduces (3):\n  + REL-DDB-01 [MANDATORY] tables-projects: "), out);
        assertTrue(out.contains("\n  + SEC-IAM-01 [MANDATORY] lambda-layer-role: "), out);
        assertTrue(out.contains("Policy findings it clears (1):\n  - REL-EFS-04 [ADVISORY] efs-fs: "), out);
        assertTrue(out.contains("\nold policy: 66 rules, 65 applied, 0 mandatory, 19 advisory violations, 1 exception\n"
                + "new policy: 66 rules, 65 applied, 2 mandatory, 19 advisory violations, 1 exception\n"), out);
    }

    @Test
    void theSamePlanTwiceHasNoChangeAndExitsZero() {
        Path plan = WrittenPlans.of("dev").json();
        CommandRun diff = CommandRun.main("diff", plan.toString(), plan.toString());

        assertEquals(0, diff.exitCode());
        assertTrue(diff.out().contains("\n  0 to add, 0 to update, 0 to remove, "), diff.out());
        assertTrue(diff.out().contains("\nPolicy findings: none introduced, none cleared.\n"), diff.out());
    }

    @Test
    void aChangeWithoutAMandatoryViolationExitsZero() throws Exception {
        ObjectNode plan = devPlan();
        ((ObjectNode) resource(plan, "Table", "tables-projects").get("inputs").get("tags")).put("owner", "web");
        CommandRun diff = CommandRun.main("diff", WrittenPlans.of("dev").json().toString(), write("tagged.json", plan).toString());

        assertEquals(0, diff.exitCode());
        assertTrue(diff.out().contains("    tags.owner: (absent) -> \"web\"\n"), diff.out());
    }

    @Test
    void theMarkdownFormIsForAPullRequestSummary() throws Exception {
        CommandRun diff = CommandRun.main("diff", WrittenPlans.of("dev").json().toString(), changedDevPlan().toString(), "--markdown");

        assertEquals(1, diff.exitCode());
        String md = diff.out();
        assertTrue(md.startsWith("### Plan diff, stack `dev`\n\n"), md);
        assertTrue(md.contains("**1 to add, 2 to update, 1 to remove, "), md);
        assertTrue(md.contains("| add | <code>aws:cloudwatch/logGroup:LogGroup</code> | <code>network-audit-log</code> |\n"), md);
        assertTrue(md.contains("| remove | <code>aws:efs/backupPolicy:BackupPolicy</code> | <code>efs-backup</code> |\n"), md);
        assertTrue(md.contains("| <code>tables-projects</code> | <code>pointInTimeRecovery.enabled</code> | <code>true</code> | "
                + "<code>false</code> |\n"), md);
        assertTrue(md.contains("| <code>lambda-layer-role</code> | <code>policy{}.Statement.0.Action.1</code> | "
                + "<code>\"logs:PutLogEvents\"</code> | <code>\"logs:*\"</code> |\n"), md);
        assertTrue(md.contains("**Policy:** 3 findings introduced, 1 cleared. New plan: 2 mandatory, 19 advisory violations.\n"), md);
        assertTrue(md.contains("| introduced | REL-DDB-01 | mandatory | <code>tables-projects</code> | "), md);
        assertFalse(md.contains("<computed>"), "angle brackets are escaped");
    }

    @Test
    void aValueThatBecomesSecretOrStopsBeingOneIsNeverShown() throws Exception {
        String blinded = Files.readString(PREVIEW);
        Path secret = temp.resolve("secret.json");
        Files.writeString(secret, blinded);
        Path plain = temp.resolve("plain.json");
        Files.writeString(plain, blinded.replace("\"[secret]\"", "\"" + PLAIN_SECRET + "\""));

        CommandRun nowSecret = CommandRun.main("diff", plain.toString(), secret.toString());
        CommandRun noLonger = CommandRun.main("diff", secret.toString(), plain.toString(), "--markdown");

        assertTrue(nowSecret.out().contains("~ aws:ssm/parameter:Parameter  raw-data-ingest-token\n    value: <hidden> -> <secret>  (now secret)\n"),
                nowSecret.out());
        assertTrue(noLonger.out().contains("<code>value</code> | <code>&lt;secret&gt;</code> | <code>&lt;hidden&gt;</code> (no longer secret) |"),
                noLonger.out());
        for (CommandRun run : new CommandRun[] {nowSecret, noLonger}) {
            assertFalse((run.out() + run.err()).contains(PLAIN_SECRET), run.out());
        }
    }

    @Test
    void aPreviewShowingItsSecretsDiffersFromTheBlindedOneInNothing() throws Exception {
        Path shown = temp.resolve("shown.json");
        Files.writeString(shown, Files.readString(PREVIEW).replace("\"[secret]\"", "{\"4dabf18193072939515e22adb298388d\": "
                + "\"1b47061264138c4ac30d75fd1eb44270\", \"value\": \"" + PLAIN_SECRET + "\"}"));

        CommandRun diff = CommandRun.main("diff", PREVIEW.toString(), shown.toString());

        assertEquals(0, diff.exitCode());
        assertTrue(diff.out().contains("0 to add, 0 to update, 0 to remove, 13 unchanged"), diff.out());
        assertFalse(diff.out().contains(PLAIN_SECRET));
    }

    @Test
    void badUsageAndUnreadableFilesAreExplained() {
        assertEquals(new CommandRun(2, "", "error: diff expects 2 arguments, <old file> <new file>; got 1 (\"a.json\")\n"
                + DiffCommand.USAGE + "\n"), CommandRun.main("diff", "a.json"));
        assertEquals(new CommandRun(2, "", "error: unknown option \"--md\"; diff takes --markdown, --verbose, --help\n" + DiffCommand.USAGE + "\n"),
                CommandRun.main("diff", "a.json", "b.json", "--md"));
        CommandRun missing = CommandRun.main("diff", PREVIEW.toString(), temp.resolve("none.json").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("error: " + temp.resolve("none.json") + ": no such file; expected a plan written by"),
                missing.err());
    }

    @Test
    void aRuleThatThrowsIsACrash() {
        CommandRun diff = CommandRun.with(FailingPolicy.throwingRule(), DiffCommand::run, "diff", PREVIEW.toString(), PREVIEW.toString());

        assertEquals(3, diff.exitCode());
        assertTrue(diff.err().startsWith("error: policy rule TEST-BUG-01 failed on stack dev: "), diff.err());
    }
}
