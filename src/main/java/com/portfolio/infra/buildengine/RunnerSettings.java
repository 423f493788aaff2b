package com.portfolio.infra.buildengine;

import java.time.Duration;

/**
 * How {@link CodeBuildRunner} starts and waits for builds.
 *
 * @param projectName         CodeBuild project that builds this component
 * @param buildTimeout        how long one build may run once started, sent to CodeBuild as the
 *                            build's timeout (whole minutes, rounded up); @default 60 minutes
 * @param pollInitial         first wait between status polls; @default 5 s
 * @param pollMax             longest wait between polls (doubles up to this); @default 30 s
 * @param startAttempts       StartBuild attempts on throttling / a freshly created role; @default 8
 * @param startBackoffInitial first wait before retrying StartBuild, doubled each time up to
 *                            {@code pollMax}; @default 2 s (IAM propagation usually takes 5-15 s)
 * @param queuedTimeout       how long a build may wait in CodeBuild's queue before it starts, sent
 *                            to CodeBuild as the build's queued timeout (whole minutes, rounded up);
 *                            @default 60 minutes
 * @param deadlineMargin      added to the two timeouts before the runner stops a build itself, so
 *                            CodeBuild's own timeouts normally end it first; @default 10 minutes
 * @param mountAttempts       runs of one build whose file system mount failed (new mount targets
 *                            resolve only after a while); @default 4
 * @param mountBackoffInitial first wait before such a rerun, doubled each time; @default 30 s
 */
public record RunnerSettings(String projectName, Duration buildTimeout, Duration pollInitial, Duration pollMax,
                             int startAttempts, Duration startBackoffInitial, Duration queuedTimeout,
                             Duration deadlineMargin, int mountAttempts, Duration mountBackoffInitial) {

    public static final Duration DEFAULT_QUEUED_TIMEOUT = Duration.ofMinutes(60);
    public static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofMinutes(10);
    public static final int DEFAULT_MOUNT_ATTEMPTS = 4;
    public static final Duration DEFAULT_MOUNT_BACKOFF = Duration.ofSeconds(30);

    public RunnerSettings {
        if (projectName == null || projectName.isBlank()) {
            throw new IllegalArgumentException("CodeBuild project name is blank; expected the project's name");
        }
        requirePositive("buildTimeout", buildTimeout);
        requirePositive("pollInitial", pollInitial);
        requirePositive("pollMax", pollMax);
        requirePositive("startBackoffInitial", startBackoffInitial);
        requirePositive("queuedTimeout", queuedTimeout);
        requirePositive("mountBackoffInitial", mountBackoffInitial);
        if (deadlineMargin == null || deadlineMargin.isNegative()) {
            throw new IllegalArgumentException("deadlineMargin is " + deadlineMargin + "; expected zero or more");
        }
        if (startAttempts < 1) {
            throw new IllegalArgumentException("startAttempts is " + startAttempts + "; expected at least 1");
        }
        if (mountAttempts < 1) {
            throw new IllegalArgumentException("mountAttempts is " + mountAttempts + "; expected at least 1");
        }
    }

    /** With the default queue timeout, margin and mount retries. */
    public RunnerSettings(String projectName, Duration buildTimeout, Duration pollInitial, Duration pollMax,
                          int startAttempts, Duration startBackoffInitial) {
        this(projectName, buildTimeout, pollInitial, pollMax, startAttempts, startBackoffInitial,
                DEFAULT_QUEUED_TIMEOUT, DEFAULT_DEADLINE_MARGIN, DEFAULT_MOUNT_ATTEMPTS, DEFAULT_MOUNT_BACKOFF);
    }

    public static RunnerSettings defaults(String projectName) {
        return new RunnerSettings(projectName, Duration.ofMinutes(60), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 8, Duration.ofSeconds(2));
    }

    public RunnerSettings withBuildTimeout(Duration newTimeout) {
        return new RunnerSettings(projectName, newTimeout, pollInitial, pollMax, startAttempts, startBackoffInitial,
                queuedTimeout, deadlineMargin, mountAttempts, mountBackoffInitial);
    }

    public RunnerSettings withQueuedTimeout(Duration newTimeout) {
        return new RunnerSettings(projectName, buildTimeout, pollInitial, pollMax, startAttempts, startBackoffInitial,
                newTimeout, deadlineMargin, mountAttempts, mountBackoffInitial);
    }

    /**
     * How long the runner waits for one run before stopping it: the build may wait in the queue
     * for its whole queued timeout and then run for its whole build timeout, and is still healthy.
     */
    public Duration deadline() {
        return queuedTimeout.plus(buildTimeout).plus(deadlineMargin);
    }

    /** A duration as CodeBuild's whole-minute timeouts take it, rounded up. */
    static int wholeMinutes(Duration duration) {
        long seconds = duration.toSeconds();
        return (int) Math.max(1, (seconds + 59) / 60);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " is " + value + "; expected a positive duration");
        }
    }
}
