package com.portfolio.infra.buildengine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Content of {@code built.json}, written by the buildspec as the last step of a successful
 * CodeBuild run, never by the Java side. Its presence is what "built" means.
 *
 * @param packageName package folder name (JSON {@code package})
 * @param fingerprint 64 hex digits, equal to the key segment it is stored under
 * @param buildId     CodeBuild build id, e.g. {@code ml-packages:0b6c...}
 * @param finishedAt  ISO-8601 UTC time the build finished
 * @param outputs     what the build produced, by role: the layer's S3 key ({@code layer}), or an ML
 *                    package's EFS paths ({@code efsPath}, {@code current})
 */
public record BuildMarker(
        @JsonProperty("package") String packageName,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("buildId") String buildId,
        @JsonProperty("finishedAt") String finishedAt,
        @JsonProperty("outputs") Map<String, String> outputs) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public BuildMarker {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public static BuildMarker fromJson(byte[] json, String where) {
        try {
            return JSON.readValue(json, BuildMarker.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Build marker " + where + " is not valid JSON of the form "
                    + "{package, fingerprint, buildId, finishedAt, outputs}: " + e.getMessage(), e);
        }
    }

    /** The JSON the buildspec writes; used by tests that play CodeBuild's part. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
