package com.portfolio.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shipped stacks planned by the {@code plan} verb with {@code --json}, once per test JVM. */
final class WrittenPlans {

    /** What {@code plan} printed and the JSON file it wrote. */
    record Planned(CommandRun run, Path json) {
    }

    private static final Path FOLDER = Path.of("target", "test-plans");
    private static final Map<String, Planned> PLANNED = new ConcurrentHashMap<>();

    private WrittenPlans() {
    }

    static Planned of(String stack) {
        return PLANNED.computeIfAbsent(stack, s -> {
            try {
                Files.createDirectories(FOLDER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path json = FOLDER.resolve("plan-" + s + ".json");
            return new Planned(CommandRun.main("plan", "--stack", s, "--json", json.toString()), json);
        });
    }
}
