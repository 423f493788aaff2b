package com.portfolio.infra.buildengine;

/**
 * A package after its component's builds: what is deployed from it.
 *
 * @param outcome the coordinator's decision and fingerprint
 * @param buildId the CodeBuild build that produced the artifact now in the cache: the one that just
 *                ran, or the one the marker names; null when not known (offline, or preview of a
 *                package still to be built)
 */
public record BuiltPackage(PackageOutcome outcome, String buildId) {

    public String name() {
        return outcome.source().name();
    }

    public String fingerprint() {
        return outcome.fingerprint();
    }

    /** The key of one of the build's outputs, e.g. {@code layer.zip}, in the artifact bucket. */
    public String outputKey(String fileName) {
        return outcome.artifactPrefix() + fileName;
    }

    /**
     * What identifies the deployed artifact: the fingerprint, plus the build id when known, so a
     * forced rebuild of unchanged sources still yields a new value and is deployed.
     */
    public String artifactVersion() {
        return buildId == null ? fingerprint() : fingerprint() + "/" + buildId;
    }
}
