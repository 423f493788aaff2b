package com.portfolio.infra.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GIVEN the output of {@code pulumi preview --json} for a stack that exists (an update, creates,
 * a delete, unchanged resources under a component, a secret, values unknown until the update)
 * WHEN read THEN the plan is the stack the preview leads to, in the plan's encoding.
 */
class PreviewJsonReaderTest {

    static final Path SAMPLE = Path.of("src/test/resources/previews/preview-dev.json");
    static final String PREFIX = "urn:pulumi:dev::portfolio::";
    static final String BUCKET = PREFIX + "portfolio:storage:RawBucket$aws:s3/bucketV2:BucketV2::raw-data";
    static final String PARAMETER = PREFIX + "portfolio:storage:RawBucket$aws:ssm/parameter:Parameter::raw-data-ingest-token";
    static final String ENCRYPTION = PREFIX + "portfolio:storage:RawBucket$aws:s3/bucketServerSideEncryptionConfigurationV2:"
            + "BucketServerSideEncryptionConfigurationV2::raw-data";
    /** The value the sample's secret holds in the envelopes that --show-secrets writes. */
    static final String PLAIN_SECRET = "tok_8f2e1c9a7b4d";

    private static final ObjectMapper JSON = new ObjectMapper();

    static PlanFiles.PlanFile read(String text) {
        return PlanFiles.parse(text, SAMPLE);
    }

    static String sample() throws Exception {
        return Files.readString(SAMPLE);
    }

    /** The sample as `--show-secrets` writes it: the secret in its envelope, with the plain value. */
    static String withSecretEnvelope(String envelopeField) throws Exception {
        String value = envelopeField.equals("plaintext") ? JSON.writeValueAsString(JSON.writeValueAsString(PLAIN_SECRET))
                : JSON.writeValueAsString(PLAIN_SECRET);
        return sample().replace("\"[secret]\"", "{\"4dabf18193072939515e22adb298388d\": \"1b47061264138c4ac30d75fd1eb44270\", \""
                + envelopeField + "\": " + value + "}");
    }

    @Test
    void theStackAndProjectComeFromTheUrnsAndEveryKeptResourceIsRead() throws Exception {
        PlanFiles.PlanFile file = read(sample());

        assertEquals(PlanFiles.Format.PREVIEW, file.format());
        assertEquals(List.of(), file.warnings());
        Plan plan = file.plan();
        assertEquals(List.of("portfolio", "dev"), List.of(plan.project(), plan.stack()));
        assertEquals(List.of("portfolio-dev", "default_6_83_0", "raw-data", "raw-data", "raw-data", "raw-data", "raw-data",
                        "raw-data", "raw-data", "stack-key", "stack-key-key", "raw-data", "raw-data-ingest-token"),
                plan.resources().stream().map(PlannedResource::name).toList());
        assertEquals(Map.of("rawBucketName", "portfolio-dev-raw-data-7f3a9c1", "stackKeyArn", PlannedResource.COMPUTED),
                plan.outputs(), "the stack's outputs are the root resource's");
    }

    @Test
    void aDeletedResourceIsNotInTheStackThePreviewLeadsTo() throws Exception {
        Plan plan = read(sample()).plan();
        assertTrue(plan.ofType("aws:s3/bucketAclV2:BucketAclV2").findAny().isEmpty());
        assertTrue(sample().contains("\"op\": \"delete\""), "the sample deletes the ACL");
    }

    @Test
    void anUpdatedResourceHasItsNewInputsIdParentAndOptions() throws Exception {
        PlannedResource bucket = read(sample()).plan().byUrn(BUCKET).orElseThrow();

        assertEquals("aws:s3/bucketV2:BucketV2", bucket.type());
        assertEquals("ml-platform", bucket.tags().get("owner"), "the new state, not the old one");
        assertEquals("portfolio-dev-raw-data-7f3a9c1", bucket.id());
        assertEquals(PREFIX + "portfolio:storage:RawBucket::raw-data", bucket.parentUrn());
        assertTrue(bucket.custom());
        assertTrue(bucket.protect());
        assertFalse(bucket.retainOnDelete());
        assertEquals("arn:aws:s3:::portfolio-dev-raw-data-7f3a9c1", bucket.arn(), "outputs give the real ARN");
        assertFalse(bucket.inputs().containsKey("__defaults"), "the provider bridge's bookkeeping is not an input");
        PlannedResource component = read(sample()).plan().byUrn(PREFIX + "portfolio:storage:RawBucket::raw-data").orElseThrow();
        assertFalse(component.custom());
        assertEquals(null, component.id());
    }

    @Test
    void valuesUnknownUntilTheUpdateAreComputedAndACreatedResourceHasNoIdYet() throws Exception {
        PlannedResource encryption = read(sample()).plan().byUrn(ENCRYPTION).orElseThrow();
        assertEquals(PlannedResource.COMPUTED, encryption.input("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId").orElseThrow());
        assertEquals("aws:kms", encryption.input("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm").orElseThrow());
        assertEquals(null, encryption.id());
        assertEquals(PlannedResource.COMPUTED, encryption.state().get("id"));
    }

    @Test
    void aBlindedSecretIsTheSecretMarker() throws Exception {
        PlannedResource parameter = read(sample()).plan().byUrn(PARAMETER).orElseThrow();
        assertEquals(PlannedResource.SECRET, parameter.inputs().get("value"));
        assertEquals("SecureString", parameter.inputs().get("type"));
    }

    @Test
    void aSecretInItsEnvelopeIsTheSecretMarkerAndItsValueIsNeverKept() throws Exception {
        for (String field : List.of("plaintext", "value", "ciphertext")) {
            String text = withSecretEnvelope(field);
            assertTrue(text.contains(PLAIN_SECRET), "the variant carries the plain value");
            Plan plan = read(text).plan();
            assertEquals(PlannedResource.SECRET, plan.byUrn(PARAMETER).orElseThrow().inputs().get("value"), field);
            assertFalse(plan.toString().contains(PLAIN_SECRET), field + ": the secret's value is nowhere in the plan");
        }
    }

    @Test
    void engineMarkersInsideValuesAreDecoded() {
        var node = JSON.createObjectNode();
        node.set("output", JSON.createObjectNode().put(EngineMarkers.SIGNATURE_KEY, EngineMarkers.OUTPUT_SIG).put("value", "known"));
        node.set("secretOutput", JSON.createObjectNode().put(EngineMarkers.SIGNATURE_KEY, EngineMarkers.OUTPUT_SIG)
                .put("value", PLAIN_SECRET).put("secret", true));
        node.set("unknownOutput", JSON.createObjectNode().put(EngineMarkers.SIGNATURE_KEY, EngineMarkers.OUTPUT_SIG));
        node.set("reference", JSON.createObjectNode().put(EngineMarkers.SIGNATURE_KEY, EngineMarkers.RESOURCE_SIG)
                .put("urn", BUCKET).put("id", "portfolio-dev-raw-data-7f3a9c1"));
        node.set("code", JSON.createObjectNode().put(EngineMarkers.SIGNATURE_KEY, EngineMarkers.ARCHIVE_SIG)
                .put("path", "dist/handler.zip").put("hash", "ab12"));
        node.put("list", "x").set("list", JSON.createArrayNode().add(EngineMarkers.UNKNOWN).add("[secret]").add(3));

        assertEquals(Map.of("output", "known", "secretOutput", PlannedResource.SECRET, "unknownOutput", PlannedResource.COMPUTED,
                        "reference", BUCKET, "code", Map.of("path", "dist/handler.zip", "hash", "ab12"),
                        "list", List.of(PlannedResource.COMPUTED, PlannedResource.SECRET, 3.0)),
                JsonFields.plainObject(node, PreviewJsonReader::marker));
    }

    @Test
    void aPreviewWithoutUnchangedResourcesOfAnExistingStackIsReadWithAWarning() throws Exception {
        ObjectNode digest = (ObjectNode) JSON.readTree(sample());
        ArrayNode steps = (ArrayNode) digest.get("steps");
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).get("op").asText().equals("same") && !steps.get(i).get("urn").asText().endsWith("::portfolio-dev")) {
                steps.remove(i);
            }
        }

        PlanFiles.PlanFile file = read(digest.toString());

        assertEquals(List.of("the preview lists no unchanged resource (no \"same\" step): it was written without --show-sames, "
                + "so the rules see only what changes; run `pulumi preview --json --show-sames`"), file.warnings());
    }

    @Test
    void aPreviewOfAnUnchangedStackWithoutUnchangedResourcesWarnsToo() throws Exception {
        ObjectNode digest = (ObjectNode) JSON.readTree(sample());
        ArrayNode steps = (ArrayNode) digest.get("steps");
        while (steps.size() > 1) {
            steps.remove(1);
        }

        PlanFiles.PlanFile file = read(digest.toString());

        assertEquals(1, file.plan().resources().size(), "only the stack");
        assertEquals(1, file.warnings().size());
        assertTrue(file.warnings().get(0).contains("written without --show-sames"), file.warnings().get(0));
    }

    @Test
    void aFailedPreviewIsRefusedWithItsError() throws Exception {
        ObjectNode digest = (ObjectNode) JSON.readTree(sample());
        digest.set("diagnostics", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("message", "error: creating S3 Bucket: AccessDenied\n").put("severity", "error")));

        var e = assertThrows(PlanFileException.class, () -> read(digest.toString()));

        assertEquals(SAMPLE + ": the preview failed, so its steps are incomplete: error: creating S3 Bucket: AccessDenied; "
                + "expected the output of a preview that succeeded", e.getMessage());
    }

    @Test
    void malformedStepsAreNamedByTheirPath() throws Exception {
        ObjectNode digest = (ObjectNode) JSON.readTree(sample());
        ((ObjectNode) digest.get("steps").get(3)).remove("newState");
        assertEquals(SAMPLE + ": steps[3].newState: expected the resource's new state (the step \"update\" keeps the resource), found nothing",
                assertThrows(PlanFileException.class, () -> read(digest.toString())).getMessage());

        ObjectNode badUrn = (ObjectNode) JSON.readTree(sample());
        ((ObjectNode) badUrn.get("steps").get(2)).put("urn", "raw-data");
        assertEquals(SAMPLE + ": steps[2].urn: expected a URN such as urn:pulumi:dev::portfolio::aws:s3/bucketV2:BucketV2::raw-data, "
                + "found \"raw-data\"", assertThrows(PlanFileException.class, () -> read(badUrn.toString())).getMessage());

        ObjectNode otherStack = (ObjectNode) JSON.readTree(sample());
        ((ObjectNode) otherStack.get("steps").get(2)).put("urn", "urn:pulumi:prod::portfolio::portfolio:storage:RawBucket::raw-data");
        assertTrue(assertThrows(PlanFileException.class, () -> read(otherStack.toString())).getMessage()
                .startsWith(SAMPLE + ": steps[2].urn: expected stack dev of project portfolio like the steps before it"));
    }

    @Test
    void aPreviewWithNoStepsCannotNameItsStack() {
        var e = assertThrows(PlanFileException.class, () -> read("{\"changeSummary\": {}, \"duration\": 1200}"));
        assertTrue(e.getMessage().contains("the preview has no steps, so neither its stack nor its resources are known"), e.getMessage());
    }

    @Test
    void readAndExternalResourcesAreNotManagedByTheStack() throws Exception {
        ObjectNode digest = (ObjectNode) JSON.readTree(sample());
        ArrayNode steps = (ArrayNode) digest.get("steps");
        ObjectNode read = steps.get(3).deepCopy();
        read.put("op", "read").put("urn", PREFIX + "aws:s3/bucketV2:BucketV2::shared-logs");
        ((ObjectNode) read.get("newState")).put("urn", PREFIX + "aws:s3/bucketV2:BucketV2::shared-logs").put("external", true);
        steps.add(read);
        ObjectNode external = read.deepCopy();
        external.put("op", "same");
        steps.add(external);

        Plan plan = read(digest.toString()).plan();

        assertTrue(plan.byUrn(PREFIX + "aws:s3/bucketV2:BucketV2::shared-logs").isEmpty());
    }
}
