package com.portfolio.infra.packaging;

import com.portfolio.infra.buildengine.BuildLog;
import com.pulumi.context.LoggingContext;

/** Forwards build progress to Pulumi's log, so {@code pulumi up} shows every phase as it happens. */
public final class PulumiBuildLog implements BuildLog {

    private final LoggingContext log;

    public PulumiBuildLog(LoggingContext log) {
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
