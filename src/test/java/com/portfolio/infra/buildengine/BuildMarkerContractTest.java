package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The marker the layer's buildspec writes (through its tool) is the marker the cache reads. */
class BuildMarkerContractTest {

    @Test
    void theLayerBuildToolsMarkerReadsBackAsABuildMarker() throws Exception {
        String fingerprint = "ab".repeat(32);
        String layerKey = "builds/lambda-layer/shared/" + fingerprint + "/layer.zip";
        var process = new ProcessBuilder(List.of("python3", "lambda-layer/tools/layer_build.py", "marker",
                "--package", "shared", "--fingerprint", fingerprint, "--build-id", "portfolio-dev-lambda-layer:7",
                "--layer-key", layerKey)).redirectErrorStream(true).start();
        var output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertEquals(0, process.waitFor(), output.toString(StandardCharsets.UTF_8));

        BuildMarker marker = BuildMarker.fromJson(output.toByteArray(), "layer_build.py output");
        assertEquals("shared", marker.packageName());
        assertEquals(fingerprint, marker.fingerprint());
        assertEquals("portfolio-dev-lambda-layer:7", marker.buildId());
        assertEquals(Map.of("layer", layerKey), marker.outputs());
    }
}
