package com.portfolio.infra.buildengine;

/** What the coordinator decided for one package. */
public enum Decision {
    /** A marker exists for this fingerprint: nothing to do. */
    UP_TO_DATE,
    /** Built (UPDATE) or would be built (PREVIEW). */
    BUILD,
    /** Offline preview: fingerprint computed, cache not consulted. */
    UNKNOWN
}
