package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One definition of the build records: {@code build-marker.schema.json} and
 * {@code installed-record.schema.json} beside the engine's classes. The Java side's records, and
 * the layer tool's marker, are checked against them here; the Python writers (both buildspecs,
 * the install tool) in ml-packages/tools/tests. A writer that drifts fails a test.
 */
class BuildMarkerContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FP = "ab".repeat(32);

    private static JsonSchema schema(String name) throws Exception {
        try (InputStream in = BuildMarker.class.getResourceAsStream(name + ".schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static Set<ValidationMessage> problems(String schema, String json) throws Exception {
        return schema(schema).validate(JSON.readTree(json));
    }

    @Test
    void theMarkerTheJavaSideReadsAndWritesFitsTheSchema() throws Exception {
        BuildMarker marker = new BuildMarker("shared", FP, "portfolio-dev-lambda-layer:7", "2026-01-01T00:00:00Z",
                Map.of("layer", "builds/lambda-layer/shared/" + FP + "/layer.zip"));
        assertEquals(Set.of(), problems("build-marker", marker.toJson()));
        assertEquals(marker, BuildMarker.fromJson(marker.toJson().getBytes(StandardCharsets.UTF_8), "round trip"));
    }

    @Test
    void theInstalledRecordTheJavaSideReadsFitsTheSchema() throws Exception {
        InstalledRecord record = new InstalledRecord("trainkit", "fs-0123abcd", FP, FP + "-7", "ml:7",
                "2026-01-01T00:00:00Z");
        assertEquals(Set.of(), problems("installed-record", record.toJson()));
    }

    @Test
    void aMarkerThatDriftsIsRefused() throws Exception {
        String good = new BuildMarker("shared", FP, "b:1", "2026-01-01T00:00:00Z", Map.of("layer", "k")).toJson();
        for (String field : List.of("package", "fingerprint", "buildId", "finishedAt", "outputs")) {
            ObjectNode drifted = (ObjectNode) JSON.readTree(good);
            drifted.remove(field);
            assertFalse(schema("build-marker").validate(drifted).isEmpty(), "accepted without " + field);
        }
        ObjectNode renamed = (ObjectNode) JSON.readTree(good);
        renamed.set("builtAt", renamed.remove("finishedAt"));
        assertFalse(schema("build-marker").validate(renamed).isEmpty(), "accepted a renamed field");
    }

    @Test
    void theLayerBuildToolsMarkerFitsTheSchemaAndReadsBackAsABuildMarker() throws Exception {
        String layerKey = "builds/lambda-layer/shared/" + FP + "/layer.zip";
        var process = new ProcessBuilder(List.of("python3", "lambda-layer/tools/layer_build.py", "marker",
                "--package", "shared", "--fingerprint", FP, "--build-id", "portfolio-dev-lambda-layer:7",
                "--layer-key", layerKey)).redirectErrorStream(true).start();
        var output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertEquals(0, process.waitFor(), output.toString(StandardCharsets.UTF_8));

        JsonNode written = JSON.readTree(output.toByteArray());
        Set<ValidationMessage> problems = schema("build-marker").validate(written);
        assertTrue(problems.isEmpty(), problems.toString());
        BuildMarker marker = BuildMarker.fromJson(output.toByteArray(), "layer_build.py output");
        assertEquals("shared", marker.packageName());
        assertEquals(FP, marker.fingerprint());
        assertEquals("portfolio-dev-lambda-layer:7", marker.buildId());
        assertEquals(Map.of("layer", layerKey), marker.outputs());
    }
}
