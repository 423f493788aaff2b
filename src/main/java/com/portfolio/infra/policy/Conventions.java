package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    public static final String VPC_ENDPOINTS = "vpc-endpoints";
    /** A NAT instance's launch template: allowed a public address and a public subnet, judged by SEC-VPC-07. */
    public static final String NAT_INSTANCE = "nat-instance";
    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    /** The purposes the rules know, by the type that must carry one (OPS-TAG-02). */
    public static final Map<String, Set<String>> PURPOSES = Map.of(
            Types.BUCKET, Set.of(RAW_DATA, BUILD_ARTIFACTS, WEBSITE, ACCESS_LOGS),
            Types.QUEUE, Set.of(JOB_QUEUE, DEAD_LETTER),
            Types.TOPIC, Set.of(OPS_ALERTS));

    /**
     * The resource's {@code purpose} if it is one the rules know for its type; empty for a missing
     * or unknown one, which rules scoped by purpose treat as their strictest case.
     */
    /** Whether a launch template is a NAT instance's (tagged {@code purpose=nat-instance}). */
    public static boolean isNatInstance(PlannedResource launchTemplate) {
        return NAT_INSTANCE.equals(launchTemplate.tags().get(PURPOSE));
    }

    public static Optional<String> knownPurpose(PlannedResource r) {
        String purpose = r.tags().get(PURPOSE);
        return purpose != null && PURPOSES.getOrDefault(r.type(), Set.of()).contains(purpose) ? Optional.of(purpose) : Optional.empty();
    }
}
