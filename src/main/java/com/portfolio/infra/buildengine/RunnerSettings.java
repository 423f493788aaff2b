package com.portfolio.infra.buildengine;

import java.time.Duration;

/**
 * How {@link CodeBuildRunner} starts and waits for builds.
 *
 * @param projectName       CodeBuild project that builds this component
 * @param timeout           overall wait for one build, after which it is stopped; @default 60 minutes
 * @param pollInitial       first wait between status polls; @default 5 s
 * @param pollMax           longest wait between polls (doubles up to this); @default 30 s
 * @param startAttempts     StartBuild attempts on throttling / a freshly created role; @default 8
 * @param startBackoffInitial first wait before retrying StartBuild, doubled each time up to
 *                          {@code pollMax}; @default 2 s (IAM propagation usually takes 5-15 s)
 */
public record RunnerSettings(String projectName, Duration timeout, Duration pollInitial, Duration pollMax,
                             int startAttempts, Duration startBackoffInitial) {

    public RunnerSettings {
        if (projectName == null || projectName.isBlank()) {
            throw new IllegalArgumentException("CodeBuild project name is blank; expected the project's name");
        }
        requirePositive("timeout", timeout);
        requirePositive("pollInitial", pollInitial);
        requirePositive("pollMax", pollMax);
        requirePositive("startBackoffInitial", startBackoffInitial);
        if (startAttempts < 1) {
            throw new IllegalArgumentException("startAttempts is " + startAttempts + "; expected at least 1");
        }
    }

    public static RunnerSettings defaults(String projectName) {
        return new RunnerSettings(projectName, Duration.ofMinutes(60), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 8, Duration.ofSeconds(2));
    }

    public RunnerSettings withTimeout(Duration newTimeout) {
        return new RunnerSettings(projectName, newTimeout, pollInitial, pollMax, startAttempts, startBackoffInitial);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " is " + value + "; expected a positive duration");
        }
    }
}
