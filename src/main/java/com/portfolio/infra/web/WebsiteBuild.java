package com.portfolio.infra.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether {@code website/dist} is a build of the current sources. The program uploads the build
 * and does not run npm itself: a deploy machine without Node (or with another lock file's
 * packages) would otherwise publish something nobody tested. So a missing or stale build stops a
 * real deploy with the command that makes it, and a preview or offline plan only warns (and
 * plans no objects), so infrastructure changes can still be reviewed without Node.
 */
public final class WebsiteBuild {

    public static final String BUILD_COMMAND = "npm --prefix website ci && npm --prefix website run build";

    /**
     * What a build is made from, relative to the project: the app's sources and static files, the
     * page template, the locked dependencies, Vite's configuration, and the portfolio content the
     * app bundles as its offline fallback.
     */
    static final List<String> INPUTS = List.of("website/src", "website/public", "website/index.html",
            "website/package-lock.json", "website/vite.config.ts", "website/vite.config.js", "content/projects.json");

    public enum State {
        READY, MISSING, STALE
    }

    /** @param problem what is wrong and the command that fixes it; empty when ready */
    public record Status(State state, String problem) {
        public boolean ready() {
            return state == State.READY;
        }
    }

    private WebsiteBuild() {
    }

    /** The build in {@code dist} against the sources of the project in {@code projectDir}. */
    public static Status check(Path projectDir, Path dist) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path entry = dist.resolve(SiteFiles.ENTRY);
        String shown = project.relativize(dist.toAbsolutePath().normalize()).toString();
        if (!Files.isRegularFile(entry)) {
            return new Status(State.MISSING, shown + " has no " + SiteFiles.ENTRY + " (the website is not built); "
                    + "build it with `" + BUILD_COMMAND + "`");
        }
        try {
            FileTime built = Files.getLastModifiedTime(entry);
            Optional<Path> newest = newestInput(project);
            if (newest.isPresent() && Files.getLastModifiedTime(newest.get()).compareTo(built) > 0) {
                return new Status(State.STALE, shown + " is older than its sources (" + project.relativize(newest.get())
                        + " changed at " + Files.getLastModifiedTime(newest.get()) + ", after the build at " + built
                        + "); rebuild it with `" + BUILD_COMMAND + "`");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + shown + " with the website's sources: " + e.getMessage(), e);
        }
        return new Status(State.READY, "");
    }

    private static Optional<Path> newestInput(Path projectDir) throws IOException {
        Path newest = null;
        FileTime newestTime = null;
        for (String input : INPUTS) {
            Path root = projectDir.resolve(input);
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                    FileTime time = Files.getLastModifiedTime(file);
                    if (newestTime == null || time.compareTo(newestTime) > 0) {
                        newest = file;
                        newestTime = time;
                    }
                }
            }
        }
        return Optional.ofNullable(newest);
    }
}
