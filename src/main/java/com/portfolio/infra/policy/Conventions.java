package com.portfolio.infra.policy;

/**
 * Tags the program sets so that rules can tell roles apart; see {@link PolicyEngine}.
 */
public final class Conventions {
    private Conventions() {
    }

    public static final String PURPOSE = "purpose";
    public static final String TIER = "tier";
    public static final String API_ACCESS = "api-access";
    public static final String EXCEPTION_PREFIX = "policy-exception:";

    public static final String RAW_DATA = "raw-data";
    public static final String BUILD_ARTIFACTS = "build-artifacts";
    public static final String WEBSITE = "website";
    public static final String ACCESS_LOGS = "access-logs";
    public static final String JOB_QUEUE = "job-queue";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String OPS_ALERTS = "ops-alerts";
    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";
}
