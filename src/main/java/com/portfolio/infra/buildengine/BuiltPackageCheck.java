package com.portfolio.infra.buildengine;

import java.util.Map;
import java.util.Optional;

/**
 * What a package whose {@code built.json} exists still needs, from what the cache shows. A marker
 * says "built", nothing more: the layer zip it names may have been deleted since, and an ML
 * package's {@code current} on EFS may point at another version (after a rollback) or live on
 * another file system (after a replacement). Pure: the coordinator reads, this decides.
 */
final class BuiltPackageCheck {

    /** A decision, why, and the line printed for it. */
    record Verdict(Decision decision, Reason reason, String detail) {
    }

    private BuiltPackageCheck() {
    }

    /**
     * A package whose outputs are S3 objects (the layer): up to date only when every output the
     * marker names still exists.
     *
     * @param outputs   each output the marker names, by role, as {@code s3://} locations
     * @param existing  which of those locations exist
     */
    static Verdict artifacts(String fingerprint, String markerLocation, Map<String, String> outputs,
                             java.util.Set<String> existing) {
        if (outputs.isEmpty()) {
            return new Verdict(Decision.BUILD, Reason.ARTIFACT_MISSING, "fingerprint " + fingerprint
                    + ": marker found (" + markerLocation + ") but it names no output; rebuilding");
        }
        for (Map.Entry<String, String> output : new java.util.TreeMap<>(outputs).entrySet()) {
            if (!existing.contains(output.getValue())) {
                return new Verdict(Decision.BUILD, Reason.ARTIFACT_MISSING, "fingerprint " + fingerprint
                        + ": marker found but " + output.getValue() + " is missing; rebuilding");
            }
        }
        return new Verdict(Decision.UP_TO_DATE, Reason.MARKER_FOUND,
                "fingerprint " + fingerprint + " up to date (marker " + markerLocation + ")");
    }

    /**
     * A package installed onto a file system (ML packages): up to date only when the installed
     * record says {@code current} points at this fingerprint on this file system; otherwise a
     * promote run makes it so (and builds again if the installed directory is gone).
     */
    static Verdict installed(String fingerprint, String markerLocation, Optional<InstalledRecord> record,
                             String recordLocation, String fileSystemId) {
        if (record.isEmpty()) {
            return new Verdict(Decision.PROMOTE, Reason.NOT_INSTALLED, "fingerprint " + fingerprint
                    + " is built, but no switch of current was ever recorded (" + recordLocation
                    + " is missing): promoting " + fingerprint);
        }
        InstalledRecord installed = record.get();
        if (!fileSystemId.equals(installed.fileSystemId())) {
            return new Verdict(Decision.PROMOTE, Reason.OTHER_FILE_SYSTEM, "fingerprint " + fingerprint
                    + " is built, but current was last switched on file system " + installed.fileSystemId()
                    + " and the stack's is " + fileSystemId + ": promoting " + fingerprint
                    + " (built again if it is not installed there)");
        }
        if (!fingerprint.equals(installed.fingerprint())) {
            return new Verdict(Decision.PROMOTE, Reason.NOT_CURRENT, "current points at " + installed.fingerprint()
                    + " (build " + installed.buildId() + "), promoting " + fingerprint
                    + " (built again if its directory is gone)");
        }
        return new Verdict(Decision.UP_TO_DATE, Reason.INSTALLED, "fingerprint " + fingerprint
                + " up to date (marker " + markerLocation + "; current points at " + installed.versionDir()
                + " on " + fileSystemId + ")");
    }
}
