package com.portfolio.infra.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GIVEN a plan written by PlanJson WHEN read back THEN it is the same plan; bad files are explained. */
class PlanFilesTest {

    @TempDir
    Path temp;

    static final String STACK_URN = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack::portfolio-dev";
    static final String BUCKET_URN = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack$portfolio:storage:RawBucket$aws:s3/bucketV2:BucketV2::raw-data";

    static Plan samplePlan() {
        var stack = new PlannedResource(STACK_URN, "pulumi:pulumi:Stack", "portfolio-dev", null, null, false, Map.of(),
                false, false, null);
        Map<String, Object> inputs = Map.of(
                "bucket", "portfolio-dev-raw-data",
                "tags", Map.of("purpose", "raw-data", "stack", "dev"),
                "rules", List.of(Map.of("days", 30.0, "ratio", 0.5)),
                "token", PlannedResource.SECRET,
                "policy", "{\"Version\":\"2012-10-17\"}",
                "website", PlannedResource.COMPUTED);
        var state = new java.util.HashMap<String, Object>(inputs);
        state.put("arn", "arn:aws:s3:us-east-1:123456789012:raw-data");
        state.put("bucketRegionalDomainName", "portfolio-dev-raw-data.s3.us-east-1.amazonaws.com");
        var bucket = new PlannedResource(BUCKET_URN, "aws:s3/bucketV2:BucketV2", "raw-data", "raw-data-id", STACK_URN, true,
                inputs, true, true, state);
        return new Plan("portfolio", "dev", List.of(stack, bucket), Map.of("rawBucketName", "raw-data-id"));
    }

    private Path write(String name, String text) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aWrittenPlanReadsBackAsTheSamePlanWithItsComputedAttributes() throws Exception {
        Plan original = samplePlan();
        Path file = write("plan.json", PlanJson.write(original, new PlanJson.PolicySection(0, 0, 0, 0, 0, List.of(), List.of())));

        PlanFiles.PlanFile read = PlanFiles.read(file);

        assertEquals(PlanFiles.Format.PLAN, read.format());
        assertEquals(List.of(), read.warnings());
        assertEquals("portfolio", read.plan().project());
        assertEquals("dev", read.plan().stack());
        assertEquals(Map.of("rawBucketName", "raw-data-id"), read.plan().outputs());
        PlannedResource bucket = read.plan().byUrn(BUCKET_URN).orElseThrow();
        PlannedResource expected = original.byUrn(BUCKET_URN).orElseThrow();
        assertEquals(expected.inputs(), bucket.inputs(), "whole numbers come back as the engine's doubles");
        assertEquals(expected.state(), bucket.state(), "the ARN and computed names the rules follow references by");
        assertEquals("arn:aws:s3:us-east-1:123456789012:raw-data", bucket.arn());
        assertEquals(List.of("raw-data", "raw-data-id", STACK_URN, true, true, true),
                List.of(bucket.name(), bucket.id(), bucket.parentUrn(), bucket.custom(), bucket.protect(), bucket.retainOnDelete()));
        PlannedResource stack = read.plan().byUrn(STACK_URN).orElseThrow();
        assertEquals(List.of(false, false), List.of(stack.custom(), stack.protect()));
        assertEquals(null, stack.parentUrn());
    }

    @Test
    void aPlanFromBeforeComputedAttributesWereWrittenIsReadWithAWarning() throws Exception {
        String written = PlanJson.write(samplePlan(), new PlanJson.PolicySection(0, 0, 0, 0, 0, List.of(), List.of()));
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(written);
        tree.get("resources").forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("outputs"));

        PlanFiles.PlanFile read = PlanFiles.read(write("old.json", tree.toString()));

        assertEquals(1, read.warnings().size());
        assertTrue(read.warnings().get(0).contains("written by an older `plan --json`"), read.warnings().get(0));
        assertEquals(null, read.plan().byUrn(BUCKET_URN).orElseThrow().arn());
    }

    @Test
    void aFileThatIsNeitherAPlanNorAPreviewSaysWhatWasExpected() throws Exception {
        Path file = write("stack.json", "{\"version\": 3, \"deployment\": {\"resources\": []}}");
        var e = assertThrows(PlanFileException.class, () -> PlanFiles.read(file));
        assertEquals(file + ": expected a plan written by `plan --json` (an object with \"project\", \"stack\" and "
                + "\"resources\") or the output of `pulumi preview --json` (an object with \"steps\"), found an object "
                + "with \"version\", \"deployment\"", e.getMessage());
    }

    @Test
    void textThatIsNotJsonIsReportedWithItsPosition() throws Exception {
        Path file = write("plan.txt", "Plan of stack dev (project portfolio), offline:\n");
        var e = assertThrows(PlanFileException.class, () -> PlanFiles.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not JSON ("), e.getMessage());
        assertTrue(e.getMessage().contains("at line 1, column"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; expected " + PlanFiles.EXPECTED), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFileIsReported() throws Exception {
        Path empty = write("empty.json", "\n");
        assertEquals(empty + ": the file is empty; expected " + PlanFiles.EXPECTED,
                assertThrows(PlanFileException.class, () -> PlanFiles.read(empty)).getMessage());
        Path missing = temp.resolve("missing.json");
        assertEquals(missing + ": no such file; expected " + PlanFiles.EXPECTED,
                assertThrows(PlanFileException.class, () -> PlanFiles.read(missing)).getMessage());
    }

    @Test
    void aFieldOfTheWrongKindIsNamedByItsPath() throws Exception {
        Path file = write("bad.json", """
                {"project": "portfolio", "stack": "dev", "resources": [
                  {"urn": "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack::portfolio-dev", "type": "pulumi:pulumi:Stack",
                   "name": "portfolio-dev", "custom": false, "inputs": {}},
                  {"urn": "urn:pulumi:dev::portfolio::aws:s3/bucketV2:BucketV2::raw", "type": 42, "name": "raw"}]}
                """);
        assertEquals(file + ": resources[1].type: expected a string, found the number 42",
                assertThrows(PlanFileException.class, () -> PlanFiles.read(file)).getMessage());
        Path flags = write("flags.json", """
                {"project": "portfolio", "stack": "dev", "resources": [
                  {"urn": "u", "type": "t", "name": "n", "options": {"protect": "yes"}}]}
                """);
        assertEquals(flags + ": resources[0].options.protect: expected true or false, found the string \"yes\"",
                assertThrows(PlanFileException.class, () -> PlanFiles.read(flags)).getMessage());
        Path notList = write("list.json", "{\"project\": \"portfolio\", \"stack\": \"dev\", \"resources\": {}}");
        assertEquals(notList + ": resources: expected an array, found an empty object",
                assertThrows(PlanFileException.class, () -> PlanFiles.read(notList)).getMessage());
    }
}
