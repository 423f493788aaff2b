package com.portfolio.infra.buildengine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Content of {@code builds/<component>/<package>/installed.json}: what {@code current} of a package
 * points at, on which file system. The build writes it after every switch of {@code current}
 * (install_version.py), never the Java side; a built marker alone says nothing about what runs.
 *
 * @param packageName    package folder name (JSON {@code package})
 * @param fileSystemId   the EFS file system the switch happened on
 * @param fingerprint    what {@code current} points at: 64 hex digits
 * @param versionDir     the installed directory {@code current} points at, e.g. {@code <fingerprint>-7}
 * @param buildId        the CodeBuild build that switched it
 * @param at             ISO-8601 UTC time of the switch
 */
public record InstalledRecord(
        @JsonProperty("package") String packageName,
        @JsonProperty("fileSystemId") String fileSystemId,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("versionDir") String versionDir,
        @JsonProperty("buildId") String buildId,
        @JsonProperty("at") String at) {

    /** File name of the record, beside the package's fingerprint folders. */
    public static final String FILE = "installed.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static InstalledRecord fromJson(byte[] json, String where) {
        try {
            return JSON.readValue(json, InstalledRecord.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Installed record " + where + " is not valid JSON of the form "
                    + "{package, fileSystemId, fingerprint, versionDir, buildId, at}: " + e.getMessage(), e);
        }
    }

    /** The JSON the build writes; used by tests that play CodeBuild's part. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
