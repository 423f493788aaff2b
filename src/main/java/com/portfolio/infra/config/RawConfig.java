package com.portfolio.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.support.YamlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A stack's whole configuration as {@code namespace:key -> value}, read either from the engine's
 * environment (under {@code pulumi up}/{@code preview}) or from {@code Pulumi.<stack>.yaml} (the
 * offline plan). Both give the same values for the same stack file, so both are validated alike.
 */
public final class RawConfig {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    private final Map<String, RawValue> values;

    public RawConfig(Map<String, RawValue> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public Optional<RawValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * Reads the configuration the engine passes to the program: {@code PULUMI_CONFIG} holds every
     * key as a JSON object of strings (the SDK only offers look-ups by key, which cannot detect a
     * misspelt key), {@code PULUMI_CONFIG_SECRET_KEYS} a JSON array of the secret ones.
     */
    public static RawConfig fromEngineEnvironment(Map<String, String> environment) {
        Map<String, String> config = parseJson(environment.get("PULUMI_CONFIG"),
                new TypeReference<Map<String, String>>() { }, Map.of(), "PULUMI_CONFIG");
        List<String> secretKeys = parseJson(environment.get("PULUMI_CONFIG_SECRET_KEYS"),
                new TypeReference<List<String>>() { }, List.of(), "PULUMI_CONFIG_SECRET_KEYS");
        var values = new TreeMap<String, RawValue>();
        config.forEach((key, text) -> values.put(key, new RawValue(text, secretKeys.contains(key))));
        return new RawConfig(values);
    }

    /**
     * The top-level keys of a stack file (https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/):
     * the configuration, the secrets provider and its key material, and the ESC environments it imports.
     */
    public static final List<String> STACK_FILE_KEYS = List.of("config", "secretsprovider", "encryptedkey",
            "encryptionsalt", "environment");

    /**
     * Reads the {@code config:} section of a stack file. A scalar becomes its text exactly as
     * written ({@code 12.10} stays "12.10", {@code yes} "yes", {@code 010} "010"), as the Pulumi
     * CLI hands it to the program, so the file and the engine give the same settings; {@code ~}
     * and an empty value become "". Lists and objects become JSON text (as the engine would pass
     * them), {@code secure:} values unknown secrets. A top-level key a stack file does not have
     * ({@code confg:}, or a config key outside {@code config:}) is refused: the keys under it would
     * otherwise be read by nobody.
     */
    public static RawConfig fromStackFile(Path stackFile) {
        String text;
        try {
            text = Files.readString(stackFile);
        } catch (NoSuchFileException e) {
            throw new SettingsException(List.of(stackFile + ": no such stack file; expected "
                    + "Pulumi.<stack>.yaml in the project folder (create it with `pulumi stack init <stack>`)"));
        } catch (IOException e) {
            throw new SettingsException(List.of(stackFile + ": cannot be read: " + e.getMessage()));
        }
        // YAML 1.2's core schema, as Pulumi's reader: ~ and null are null, yes/no/on/off are words.
        LoadSettings settings = LoadSettings.builder().setLabel(stackFile.toString()).setSchema(new CoreSchema()).build();
        Optional<Node> document;
        try {
            document = new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            throw new SettingsException(List.of(YamlErrors.describe(stackFile, text, e)));
        }
        if (document.isEmpty() || isNull(document.get())) {
            return new RawConfig(Map.of());
        }
        if (!(document.get() instanceof MappingNode top)) {
            throw new SettingsException(List.of(stackFile + ": expected a YAML mapping with a `config:` section"));
        }
        var problems = new ArrayList<String>();
        Node config = null;
        for (NodeTuple entry : top.getValue()) {
            String key = keyText(entry.getKeyNode());
            if (key.equals("config")) {
                config = entry.getValueNode();
            } else if (!STACK_FILE_KEYS.contains(key)) {
                problems.add(stackFile + ": " + topLevelProblem(key));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        if (config == null || isNull(config)) {
            return new RawConfig(Map.of());
        }
        if (!(config instanceof MappingNode entries)) {
            throw new SettingsException(List.of(stackFile + ": `config:` must be a mapping of key: value"));
        }
        var values = new TreeMap<String, RawValue>();
        for (NodeTuple entry : entries.getValue()) {
            String key = keyText(entry.getKeyNode());
            if (values.put(key, toRawValue(entry.getValueNode(), settings)) != null) {
                problems.add(stackFile + ": config key " + key + " is set twice; expected it once");
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new RawConfig(values);
    }

    private static String topLevelProblem(String key) {
        if (key.contains(":")) {
            return "\"" + key + "\" is a top-level key, outside `config:`, so nothing reads it; expected it indented "
                    + "under `config:`";
        }
        String suggestion = STACK_FILE_KEYS.stream()
                .map(known -> Map.entry(known, DISTANCE.apply(key.toLowerCase(), known)))
                .filter(e -> e.getValue() >= 0)
                .min(java.util.Comparator.comparingInt(Map.Entry::getValue))
                .map(e -> "did you mean " + e.getKey() + "? ")
                .orElse("");
        return "top-level key \"" + key + "\" is not one a stack file has, so nothing reads it; " + suggestion
                + "(expected only " + String.join(", ", STACK_FILE_KEYS) + ")";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static String keyText(Node key) {
        return key instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(key);
    }

    private static RawValue toRawValue(Node node, LoadSettings settings) {
        if (node instanceof ScalarNode scalar) {
            // The source text, not the value a YAML schema would resolve it to.
            return RawValue.plain(scalar.getTag().equals(Tag.NULL) ? "" : scalar.getValue());
        }
        if (node instanceof MappingNode map && map.getValue().size() == 1
                && "secure".equals(keyText(map.getValue().get(0).getKeyNode()))) {
            return RawValue.unknownSecret();
        }
        Object value = new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
        try {
            return RawValue.plain(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a YAML value as JSON", e);
        }
    }

    private static <T> T parseJson(String text, TypeReference<T> type, T empty, String variable) {
        if (text == null || text.isBlank()) {
            return empty;
        }
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SettingsException(List.of(variable + ": not the JSON the engine should pass: "
                    + e.getOriginalMessage()));
        }
    }
}
