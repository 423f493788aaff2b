package com.portfolio.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether {@code --json <file>} can be written, asked before planning: a plan takes a while, and
 * finding out afterwards that its file cannot be written wastes it.
 */
final class JsonTarget {

    private JsonTarget() {
    }

    /** @return why the file cannot be written, or null when it can */
    static String problem(Path file) {
        if (Files.isDirectory(file)) {
            return "is a folder; expected a file path such as " + file.resolve("plan.json");
        }
        if (Files.exists(file)) {
            return Files.isWritable(file) ? null : "exists and is not writable (permission denied)";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.exists(parent)) {
            return "its folder " + parent + " does not exist; create it first";
        }
        if (!Files.isDirectory(parent)) {
            return parent + " is not a folder";
        }
        if (!Files.isWritable(parent)) {
            return "its folder " + parent + " is not writable (permission denied)";
        }
        return null;
    }
}
