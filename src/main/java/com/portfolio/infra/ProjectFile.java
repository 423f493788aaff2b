package com.portfolio.infra;

import com.portfolio.infra.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** The project's {@code Pulumi.yaml}: where the offline plan learns the project name. */
final class ProjectFile {

    private ProjectFile() {
    }

    static String projectName(Path projectDir) {
        Path file = projectDir.resolve("Pulumi.yaml");
        try {
            Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            if (document instanceof Map<?, ?> map && map.get("name") instanceof String name && !name.isBlank()) {
                return name;
            }
            throw new SettingsException(List.of(file + ": expected a `name:` naming the project"));
        } catch (IOException e) {
            throw new SettingsException(List.of(file + ": cannot be read (" + e.getMessage()
                    + "); expected to run from the project folder, or pass --dir <project folder>"));
        } catch (YamlEngineException e) {
            throw new SettingsException(List.of(file + ": not valid YAML: " + e.getMessage().replace('\n', ' ')));
        }
    }
}
