package com.portfolio.infra.buildengine;

/** Why a package got its {@link Decision}. */
public enum Reason {
    /** {@code built.json} exists for this fingerprint and the artifact it names is there. */
    MARKER_FOUND,
    /** Built, and the installed record says {@code current} points at it on this file system. */
    INSTALLED,
    /** No earlier fingerprint of the package in the cache. */
    NEW,
    /** Earlier fingerprints exist, not this one: the sources or the recipe changed. */
    CHANGED,
    /** A rebuild was asked for. */
    FORCED,
    /** The marker exists but the artifact it names does not (deleted, expired). */
    ARTIFACT_MISSING,
    /** Built, but {@code current} points at another fingerprint (e.g. after a rollback). */
    NOT_CURRENT,
    /** Built, but installed on another file system than the stack's (the file system was replaced). */
    OTHER_FILE_SYSTEM,
    /** Built, but no switch of {@code current} was ever recorded for the package. */
    NOT_INSTALLED,
    /** No cache reachable (offline preview). */
    CACHE_NOT_CONSULTED
}
