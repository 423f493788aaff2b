package com.portfolio.infra.buildengine;

/** {@code pulumi preview} only reports; {@code pulumi up} builds. */
public enum BuildMode {
    /** Read-only: fingerprints and cache lookups, nothing uploaded or started. */
    PREVIEW,
    /** Uploads sources and runs the builds that are needed. */
    UPDATE
}
