package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes file trees for tests, in a chosen order and with chosen mtimes. */
final class TreeWriter {

    private TreeWriter() {
    }

    static Path newDir() {
        try {
            return Files.createTempDirectory("fp-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every path -> UTF-8 content, in shuffled order (seed), with random mtimes. */
    static Path write(Map<String, String> files, long seed) {
        Path dir = newDir();
        List<String> order = new ArrayList<>(files.keySet());
        Random random = new Random(seed);
        Collections.shuffle(order, random);
        for (String path : order) {
            put(dir, path, files.get(path));
            touch(dir.resolve(path), random.nextInt(1_000_000_000));
        }
        return dir;
    }

    static void put(Path dir, String path, String content) {
        put(dir, path, content.getBytes(StandardCharsets.UTF_8));
    }

    static void put(Path dir, String path, byte[] content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void touch(Path file, long epochSecond) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(epochSecond * 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
