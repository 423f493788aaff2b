package com.portfolio.infra.buildengine;

/** Why a package got its {@link Decision}. */
public enum Reason {
    /** {@code built.json} exists for this fingerprint. */
    MARKER_FOUND,
    /** No earlier fingerprint of the package in the cache. */
    NEW,
    /** Earlier fingerprints exist, not this one: the sources or the recipe changed. */
    CHANGED,
    /** A rebuild was asked for. */
    FORCED,
    /** No cache reachable (offline preview). */
    CACHE_NOT_CONSULTED
}
