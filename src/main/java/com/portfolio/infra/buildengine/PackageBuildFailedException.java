package com.portfolio.infra.buildengine;

/**
 * A package's build ended without success (FAILED, FAULT, STOPPED, TIMED_OUT, or our own
 * overall timeout). The message names the package, status, failing phase, reason and log link.
 */
public final class PackageBuildFailedException extends RuntimeException {

    private final String packageName;
    private final String status;
    private final String phase;
    private final String reason;
    private final String logLink;
    private final String buildId;

    public PackageBuildFailedException(String packageName, String status, String phase, String reason,
                                String logLink, String buildId) {
        super("Build of package '" + packageName + "' ended " + status
                + " in phase " + (phase == null ? "(unknown)" : phase)
                + ": " + (reason == null || reason.isBlank() ? "no reason given by CodeBuild" : reason)
                + ". Build " + buildId
                + ". Logs: " + (logLink == null ? "(no CloudWatch log link: is logging enabled on the project?)" : logLink));
        this.packageName = packageName;
        this.status = status;
        this.phase = phase;
        this.reason = reason;
        this.logLink = logLink;
        this.buildId = buildId;
    }

    public String packageName() {
        return packageName;
    }

    public String status() {
        return status;
    }

    public String phase() {
        return phase;
    }

    public String reason() {
        return reason;
    }

    public String logLink() {
        return logLink;
    }

    public String buildId() {
        return buildId;
    }
}
