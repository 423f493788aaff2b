package com.portfolio.infra.buildengine;

/** What the coordinator decided for one package. */
public enum Decision {
    /** Built, its artifact is there, and (ML packages) {@code current} points at it: nothing to do. */
    UP_TO_DATE,
    /** Built (UPDATE) or would be built (PREVIEW). */
    BUILD,
    /**
     * Built, but {@code current} points elsewhere (or at another file system): a promote-only run
     * switches it back, and builds again only if the installed directory is gone.
     */
    PROMOTE,
    /** Offline preview: fingerprint computed, cache not consulted. */
    UNKNOWN
}
