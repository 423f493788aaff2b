package com.portfolio.infra.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The ML packages of the project: the folders of {@code ml-packages/} that hold a {@code pyproject.toml}. */
public final class MlPackageFolders {

    public static final String ROOT = "ml-packages";

    private MlPackageFolders() {
    }

    /** The package names, sorted; empty when the project has no {@code ml-packages/} folder. */
    public static List<String> discover(Path projectDir) {
        Path root = projectDir.resolve(ROOT);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve("pyproject.toml")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }
}
