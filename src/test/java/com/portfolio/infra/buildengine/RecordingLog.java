package com.portfolio.infra.buildengine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every log line as "LEVEL [pkg] message". */
final class RecordingLog implements BuildLog {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String packageName, String message) {
        lines.add("INFO [" + packageName + "] " + message);
    }

    @Override
    public void warn(String packageName, String message) {
        lines.add("WARN [" + packageName + "] " + message);
    }

    @Override
    public void error(String packageName, String message) {
        lines.add("ERROR [" + packageName + "] " + message);
    }

    boolean any(String fragment) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains(fragment));
        }
    }
}
