package com.portfolio.infra.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** EventBridge patterns and delivery limits of the training control plane, as plain values. */
public final class EventRouting {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public static final String EC2_STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String SPOT_INTERRUPTION = "EC2 Spot Instance Interruption Warning";
    public static final String REBALANCE = "EC2 Instance Rebalance Recommendation";
    /** The states the registry acts on: registers, then deregisters. */
    public static final List<String> REGISTRY_STATES = List.of("pending", "running", "stopping", "stopped",
            "shutting-down", "terminated");

    /**
     * A spot warning comes two minutes before the instance goes: a retry after that is useless,
     * so events older than that are dropped into the dead-letter queue instead.
     */
    public static final int SPOT_EVENT_MAX_AGE_SECONDS = 120;
    public static final int SPOT_EVENT_RETRIES = 3;
    /** A state change is still worth applying late (the registry also expires stale entries). */
    public static final int STATE_EVENT_MAX_AGE_SECONDS = 3_600;
    public static final int STATE_EVENT_RETRIES = 8;

    private EventRouting() {
    }

    /**
     * EC2 state changes. Their events carry the instance id and state but no tags, so no pattern
     * can select the fleet's instances: the rule sees every instance of the account and region,
     * and the registry handler keeps only those tagged as this stack's fleet (DescribeTags on the
     * id), ignoring the rest. Instance ids cannot be listed either: Auto Scaling picks them.
     */
    public static String instanceStateChanges() {
        return pattern(Map.of("source", List.of("aws.ec2"), "detail-type", List.of(EC2_STATE_CHANGE),
                "detail", Map.of("state", REGISTRY_STATES)));
    }

    /** One EC2 spot notice (interruption warning or rebalance recommendation); the same tag caveat applies. */
    public static String spotNotice(String detailType) {
        return pattern(Map.of("source", List.of("aws.ec2"), "detail-type", List.of(detailType)));
    }

    private static String pattern(Map<String, Object> pattern) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(pattern));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event pattern of strings did not serialise", e);
        }
    }
}
