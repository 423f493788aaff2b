package com.portfolio.infra.build;

import com.pulumi.Log;

/** Forwards build progress to Pulumi's log, so {@code pulumi up} shows every phase as it happens. */
public final class PulumiBuildLog implements BuildLog {

    private final Log log;

    public PulumiBuildLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String packageName, String message) {
        log.info("[" + packageName + "] " + message);
    }

    @Override
    public void warn(String packageName, String message) {
        log.warn("[" + packageName + "] " + message);
    }

    @Override
    public void error(String packageName, String message) {
        log.error("[" + packageName + "] " + message);
    }
}
