package com.portfolio.infra.config;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the {@code training:} namespace: the job queue, its alarms and the training workflow.
 *
 * @param receiveLimit              receives of one job message before it moves to the dead-letter
 *                                  queue (SQS {@code maxReceiveCount}); interruptions do not count;
 *                                  @default 3
 * @param heartbeatSeconds          how often the worker reports that a job is alive: it extends the
 *                                  message's visibility, heartbeats the task token and updates its
 *                                  instance record at this interval; @default 300
 * @param visibilityTimeoutSeconds  how long a received job stays hidden from other workers without
 *                                  a heartbeat; must exceed {@code heartbeatSeconds}; @default 900
 * @param jobTimeoutSeconds         the longest a job may take from submission to result (the
 *                                  workflow's {@code TimeoutSeconds}); @default 86400
 * @param deadLetterAlarmMessages   messages in a dead-letter queue that raise its alarm; @default 1
 * @param oldestMessageAlarmSeconds age of a queue's oldest message that raises its alarm;
 *                                  @default 3600
 * @param opsEmail                  an address subscribed to the ops topic; @default null - no subscription
 * @param fleetAutoScalingGroup     the Auto Scaling group "ensure capacity" scales up; @default null -
 *                                  {@code <project>-<stack>-fleet}, the name the fleet will have
 * @param workflowLogLevel          the workflow's log level, {@code ERROR} or {@code ALL}; @default ERROR
 * @param workflowLogExecutionData  whether workflow logs carry state input and output (job
 *                                  requests); @default false
 */
public record TrainingSettings(int receiveLimit, int heartbeatSeconds, int visibilityTimeoutSeconds, int jobTimeoutSeconds,
                               int deadLetterAlarmMessages, int oldestMessageAlarmSeconds, String opsEmail,
                               String fleetAutoScalingGroup, String workflowLogLevel, boolean workflowLogExecutionData) {

    public static final String NAMESPACE = "training";
    public static final int DEFAULT_RECEIVE_LIMIT = 3;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 300;
    public static final int DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 900;
    public static final int DEFAULT_JOB_TIMEOUT_SECONDS = 86_400;
    /** SQS's most: 12 hours. */
    public static final int MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
    /**
     * Six days: a job's message must outlive the job (the queue keeps messages 7 days, in flight or
     * not), and the dead-letter queue keeps them longer still (14 days).
     */
    public static final int MAX_JOB_TIMEOUT_SECONDS = 518_400;
    public static final String FLEET_ROLE = "fleet";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Auto Scaling group names: 1..255 characters, no colon (it would read as an ARN). */
    private static final Pattern GROUP_NAME = Pattern.compile("[^:\\p{Cntrl}]{1,255}");

    /** The group "ensure capacity" targets: the configured one, or the one the fleet will create. */
    public String fleetGroupName(String namePrefix) {
        return fleetAutoScalingGroup != null ? fleetAutoScalingGroup : namePrefix + "-" + FLEET_ROLE;
    }

    static TrainingSettings read(ConfigReader reader) {
        int receiveLimit = reader.integer("training:receiveLimit", DEFAULT_RECEIVE_LIMIT, 3, 10);
        int heartbeat = reader.integer("training:heartbeatSeconds", DEFAULT_HEARTBEAT_SECONDS, 30, 3_600);
        int visibility = reader.integer("training:visibilityTimeoutSeconds", DEFAULT_VISIBILITY_TIMEOUT_SECONDS, 60,
                MAX_VISIBILITY_TIMEOUT_SECONDS);
        int jobTimeout = reader.integer("training:jobTimeoutSeconds", DEFAULT_JOB_TIMEOUT_SECONDS, 600,
                MAX_JOB_TIMEOUT_SECONDS);
        int dlqMessages = reader.integer("training:deadLetterAlarmMessages", 1, 1, 10_000);
        int oldestAge = reader.integer("training:oldestMessageAlarmSeconds", 3_600, 60, MAX_JOB_TIMEOUT_SECONDS);
        String email = reader.string("training:opsEmail", null,
                text -> EMAIL.matcher(text).matches() ? Optional.empty() : Optional.of("not an e-mail address"),
                "an e-mail address such as ops@example.com to subscribe to the ops topic (default: none)");
        String group = reader.string("training:fleetAutoScalingGroup", null,
                text -> GROUP_NAME.matcher(text).matches() ? Optional.empty()
                        : Optional.of("not an Auto Scaling group name"),
                "an Auto Scaling group name, 1 to 255 characters without ':' (default <project>-<stack>-fleet)");
        var levels = new LinkedHashMap<String, String>();
        levels.put("ERROR", "ERROR");
        levels.put("ALL", "ALL");
        String level = reader.oneOf("training:workflowLogLevel", "ERROR", levels, "ERROR");
        boolean executionData = reader.bool("training:workflowLogExecutionData", false);

        // A worker extends the visibility at every heartbeat: with the heartbeat as long as the
        // visibility, the message reappears to another worker before the extension arrives.
        if (heartbeat >= visibility && !reader.hasProblemFor("training:heartbeatSeconds")
                && !reader.hasProblemFor("training:visibilityTimeoutSeconds")) {
            reader.problem("training:visibilityTimeoutSeconds: got " + visibility + " with training:heartbeatSeconds "
                    + heartbeat + "; expected more than the heartbeat (e.g. " + Math.min(3 * heartbeat,
                    MAX_VISIBILITY_TIMEOUT_SECONDS) + "), or a job is handed to a second worker between two heartbeats");
        }
        if (heartbeat >= jobTimeout && !reader.hasProblemFor("training:heartbeatSeconds")
                && !reader.hasProblemFor("training:jobTimeoutSeconds")) {
            reader.problem("training:jobTimeoutSeconds: got " + jobTimeout + " with training:heartbeatSeconds "
                    + heartbeat + "; expected more than the heartbeat, or no job can report even once");
        }
        return new TrainingSettings(receiveLimit, heartbeat, visibility, jobTimeout, dlqMessages, oldestAge, email,
                group, level, executionData);
    }
}
