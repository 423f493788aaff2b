package com.portfolio.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import com.portfolio.infra.support.YamlErrors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A stack's whole configuration as {@code namespace:key -> value}, read either from the engine's
 * environment (under {@code pulumi up}/{@code preview}) or from {@code Pulumi.<stack>.yaml} (the
 * offline plan). Both give the same values for the same stack file, so both are validated alike.
 */
public final class RawConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

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
     * Reads the {@code config:} section of a stack file. Scalars become their text, lists and
     * objects JSON text (as the engine would pass them), {@code secure:} values unknown secrets.
     * YAML 1.2 rules apply, as in Pulumi's own reader, so {@code yes} stays the string "yes".
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
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(stackFile.toString()).build())
                    .loadFromString(text);
        } catch (YamlEngineException e) {
            throw new SettingsException(List.of(YamlErrors.describe(stackFile, text, e)));
        }
        if (document == null) {
            return new RawConfig(Map.of());
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new SettingsException(List.of(stackFile + ": expected a YAML mapping with a `config:` section"));
        }
        Object config = top.get("config");
        if (config == null) {
            return new RawConfig(Map.of());
        }
        if (!(config instanceof Map<?, ?> entries)) {
            throw new SettingsException(List.of(stackFile + ": `config:` must be a mapping of key: value"));
        }
        var values = new TreeMap<String, RawValue>();
        entries.forEach((key, value) -> values.put(String.valueOf(key), toRawValue(value)));
        return new RawConfig(values);
    }

    private static RawValue toRawValue(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("secure")) {
            return RawValue.unknownSecret();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return RawValue.plain(JSON.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode a YAML value as JSON", e);
            }
        }
        return RawValue.plain(value == null ? "" : String.valueOf(value));
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
