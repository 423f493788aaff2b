package com.portfolio.infra.buildengine;

/**
 * Where build progress goes; the Pulumi side forwards it to Pulumi's log so that
 * {@code pulumi up} shows each phase as it happens.
 */
public interface BuildLog {

    void info(String packageName, String message);

    void warn(String packageName, String message);

    void error(String packageName, String message);

    /** Discards everything; for callers that report outcomes themselves (the offline plan). */
    static BuildLog silent() {
        return new BuildLog() {
            @Override
            public void info(String packageName, String message) {
            }

            @Override
            public void warn(String packageName, String message) {
            }

            @Override
            public void error(String packageName, String message) {
            }
        };
    }

    /** Prints to standard error, prefixed with the package; for the CLI and for tests. */
    static BuildLog toStdErr() {
        return new BuildLog() {
            @Override
            public void info(String packageName, String message) {
                System.err.println("[" + packageName + "] " + message);
            }

            @Override
            public void warn(String packageName, String message) {
                System.err.println("[" + packageName + "] WARN " + message);
            }

            @Override
            public void error(String packageName, String message) {
                System.err.println("[" + packageName + "] ERROR " + message);
            }
        };
    }
}
