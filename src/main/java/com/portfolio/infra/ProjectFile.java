package com.portfolio.infra;

import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.support.YamlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The project's {@code Pulumi.yaml}: where the project is (found upwards from the working folder,
 * as {@code pulumi} finds it), its name, and the stacks that have a {@code Pulumi.<stack>.yaml}
 * beside it.
 */
final class ProjectFile {

    static final String NAME = "Pulumi.yaml";

    private ProjectFile() {
    }

    /**
     * The nearest folder at or above {@code start} holding a {@code Pulumi.yaml}.
     *
     * @throws SettingsException when neither {@code start} nor any folder above it has one
     */
    static Path find(Path start) {
        Path absolute = start.toAbsolutePath().normalize();
        for (Path dir = absolute; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(NAME))) {
                return dir;
            }
        }
        throw new SettingsException(List.of("no " + NAME + " in " + absolute + " or any folder above it; expected to run "
                + "inside the project, or pass --dir <project folder>"));
    }

    /** The stacks of the project: each {@code Pulumi.<stack>.yaml} beside its {@code Pulumi.yaml}, sorted. */
    static List<String> stacks(Path projectDir) {
        try (Stream<Path> files = Files.list(projectDir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("Pulumi.") && name.endsWith(".yaml") && !name.equals(NAME))
                    .map(name -> name.substring("Pulumi.".length(), name.length() - ".yaml".length()))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The stack's settings file.
     *
     * @throws SettingsException naming the stacks that do exist when it is missing
     */
    static Path stackFile(Path projectDir, String stack) {
        Path file = projectDir.resolve("Pulumi." + stack + ".yaml").normalize();
        if (Files.exists(file)) {
            return file;
        }
        List<String> stacks = stacks(projectDir);
        throw new SettingsException(List.of("no stack \"" + stack + "\" in " + projectDir.toAbsolutePath().normalize() + " (no " + file.getFileName()
                + "); " + (stacks.isEmpty() ? "the project has no stack files yet"
                : "its stacks are: " + String.join(", ", stacks))
                + "; create one with `pulumi stack init " + stack + "`"));
    }

    static String projectName(Path projectDir) {
        Path file = projectDir.resolve(NAME);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SettingsException(List.of(file + ": cannot be read (" + e.getMessage()
                    + "); expected to run inside the project folder, or pass --dir <project folder>"));
        }
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new SettingsException(List.of(YamlErrors.describe(file, text, e)));
        }
        return Optional.ofNullable(document instanceof Map<?, ?> map ? map.get("name") : null)
                .filter(name -> name instanceof String s && !s.isBlank()).map(String.class::cast)
                .orElseThrow(() -> new SettingsException(List.of(file + ": expected a `name:` naming the project")));
    }
}
