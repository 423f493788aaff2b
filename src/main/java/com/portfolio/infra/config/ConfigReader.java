package com.portfolio.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads typed values out of a {@link RawConfig}, collecting every problem instead of stopping at
 * the first, and remembering which keys the program knows so misspelt ones can be refused.
 *
 * <p>Each problem is one line: the key, the value received and what is expected.
 */
final class ConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(4);

    private final RawConfig raw;
    private final Set<String> knownKeys = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    ConfigReader(RawConfig raw) {
        this.raw = raw;
    }

    /** A required string, or {@code null} (and a problem) when missing or invalid. */
    String requiredString(String key, Function<String, Optional<String>> validator, String expected) {
        knownKeys.add(key);
        Optional<String> text = plainText(key);
        if (text.isEmpty()) {
            if (raw.get(key).isEmpty()) {
                problem(key + ": missing; expected " + expected);
            }
            return null;
        }
        return validated(key, text.get(), validator, expected, null);
    }

    /** A string with a default; {@code validator} returns an error detail for a bad value. */
    String string(String key, String defaultValue, Function<String, Optional<String>> validator, String expected) {
        knownKeys.add(key);
        return plainText(key).map(text -> validated(key, text, validator, expected, defaultValue))
                .orElse(defaultValue);
    }

    /** A whole number in {@code [min, max]}. */
    int integer(String key, int defaultValue, int min, int max) {
        String expected = "a whole number from " + min + " to " + max + " (default " + defaultValue + ")";
        return oneOfNumbers(key, defaultValue, n -> n >= min && n <= max, expected);
    }

    /** A whole number that {@code allowed} accepts. */
    int oneOfNumbers(String key, int defaultValue, java.util.function.IntPredicate allowed, String expected) {
        knownKeys.add(key);
        Optional<String> text = plainText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (allowed.test(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        problem(received(key, text.get()) + "; expected " + expected);
        return defaultValue;
    }

    /**
     * A boolean: only {@code true} or {@code false}. Pulumi's own {@code getBoolean} turns any
     * other text (such as "yes") into false without a word, which silently disables a setting.
     */
    boolean bool(String key, boolean defaultValue) {
        knownKeys.add(key);
        Optional<String> text = plainText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(received(key, text.get()) + "; expected true or false (default " + defaultValue + ")");
                yield defaultValue;
            }
        };
    }

    /** One of a fixed set of words, mapped to their values. */
    <E> E oneOf(String key, E defaultValue, Map<String, E> choices, String defaultWord) {
        knownKeys.add(key);
        Optional<String> text = plainText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        E value = choices.get(text.get().trim());
        if (value == null) {
            problem(received(key, text.get()) + "; expected one of " + String.join(", ", choices.keySet())
                    + " (default " + defaultWord + ")");
            return defaultValue;
        }
        return value;
    }

    /**
     * A list of strings, given as a YAML list (JSON text from the engine); each element checked by
     * {@code elementValidator}, which returns an error detail for a bad element.
     */
    List<String> stringList(String key, List<String> defaultValue,
                            Function<String, Optional<String>> elementValidator, String expected) {
        knownKeys.add(key);
        Optional<String> text = plainText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        List<Object> elements;
        try {
            elements = JSON.readValue(text.get(), new TypeReference<List<Object>>() { });
        } catch (JsonProcessingException e) {
            problem(received(key, text.get()) + "; expected a list of strings" + (defaultValue.isEmpty() ? ": " + expected
                    : ", e.g. [" + String.join(", ", defaultValue) + "]"));
            return defaultValue;
        }
        boolean valid = true;
        var values = new ArrayList<String>();
        Set<String> seen = new LinkedHashSet<>();
        for (Object element : elements) {
            if (element != null && !(element instanceof String)) {
                // An unquoted 012345678901 or 12.10 has already lost its text: refuse it rather than guess.
                problem(key + ": element " + element + " is a " + (element instanceof Boolean ? "boolean" : "number")
                        + ", not text; expected " + expected + ", quoted in the stack file where YAML would read a "
                        + "number or boolean, e.g. - \"" + element + "\"");
                valid = false;
                continue;
            }
            String value = (String) element;
            Optional<String> error = value == null ? Optional.of("an empty element") : elementValidator.apply(value);
            if (error.isPresent()) {
                problem(key + ": element \"" + value + "\" " + error.get() + "; expected " + expected);
                valid = false;
            } else if (!seen.add(value)) {
                problem(key + ": element \"" + value + "\" is listed twice; expected each at most once");
                valid = false;
            }
            values.add(value);
        }
        return valid ? List.copyOf(values) : defaultValue;
    }

    /** The key's text as written (JSON for a list or map), for values a settings file parses itself. */
    Optional<String> text(String key) {
        knownKeys.add(key);
        return plainText(key);
    }

    /** Records a problem that involves more than one key or the stack itself. */
    void problem(String line) {
        problems.add(line);
    }

    /**
     * Refuses every key the stack holds that nobody reads: an unknown key of the program's own
     * namespaces or of a foreign namespace whose keys are listed ({@code aws:}, {@code pulumi:}),
     * a namespace no one owns ({@code portfolo:}), a key without a namespace. A misspelt key must
     * not silently fall back to its default; each gets the nearest known key as a suggestion.
     *
     * @param foreignKeys the keys of each namespace that others own, without their namespace
     */
    void rejectUnknownKeys(Set<String> ownNamespaces, Map<String, Set<String>> foreignKeys) {
        var everyKnownKey = new LinkedHashSet<>(knownKeys);
        foreignKeys.forEach((namespace, keys) -> keys.stream().sorted().forEach(k -> everyKnownKey.add(namespace + ":" + k)));
        var namespaces = new LinkedHashSet<>(ownNamespaces.stream().sorted().toList());
        namespaces.addAll(foreignKeys.keySet().stream().sorted().toList());
        for (String key : raw.keys()) {
            int colon = key.indexOf(':');
            if (colon < 0) {
                problems.add(key + ": a key without a namespace, which no one reads; expected namespace:key"
                        + everyKnownKey.stream().filter(k -> k.endsWith(":" + key)).findFirst()
                                .map(k -> "; did you mean " + k + "?").orElse(""));
                continue;
            }
            String namespace = key.substring(0, colon);
            if (everyKnownKey.contains(key)) {
                continue;
            }
            if (ownNamespaces.contains(namespace)) {
                String suggestion = nearest(key, knownKeys)
                        .map(k -> "; did you mean " + k + "?")
                        .orElse("; known keys in " + namespace + ": " + String.join(", ",
                                knownKeys.stream().filter(k -> k.startsWith(namespace + ":")).toList()));
                problems.add(key + ": unknown key" + suggestion);
            } else if (foreignKeys.containsKey(namespace)) {
                problems.add(key + ": unknown key of the " + namespace + " namespace, which no one reads"
                        + nearest(key, everyKnownKey.stream().filter(k -> k.startsWith(namespace + ":")).toList())
                                .map(k -> "; did you mean " + k + "?")
                                .orElse("; expected one of " + foreignKeys.get(namespace).stream().sorted()
                                        .map(k -> namespace + ":" + k).toList()));
            } else {
                String rest = key.substring(colon + 1);
                Optional<String> suggestion = nearest(namespace, namespaces).flatMap(ns -> {
                    String same = ns + ":" + rest;
                    return everyKnownKey.contains(same) ? Optional.of(same)
                            : nearest(same, everyKnownKey.stream().filter(k -> k.startsWith(ns + ":")).toList());
                });
                problems.add(key + ": unknown namespace \"" + namespace + "\", which no one reads; expected one of "
                        + String.join(", ", namespaces) + suggestion.map(k -> "; did you mean " + k + "?").orElse(""));
            }
        }
    }

    /** The candidate nearest to {@code text} (ignoring case), if one is near enough to be a typo of it. */
    private static Optional<String> nearest(String text, java.util.Collection<String> candidates) {
        return candidates.stream()
                .map(candidate -> Map.entry(candidate, DISTANCE.apply(text.toLowerCase(), candidate.toLowerCase())))
                .filter(e -> e.getValue() >= 0)
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    /** Records something valid that the user should still hear about. */
    void warning(String line) {
        warnings.add(line);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Whether the stack sets {@code key} at all. */
    boolean isSet(String key) {
        return raw.get(key).isPresent();
    }

    boolean hasProblemFor(String key) {
        return problems.stream().anyMatch(line -> line.startsWith(key + ":"));
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private Optional<String> plainText(String key) {
        Optional<RawValue> value = raw.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().secret()) {
            // A secret (a stack file's secure: value, or one the engine lists as secret) where no
            // key is sensitive: refused alike on both paths, never registered in plain text.
            problem(key + ": is a secret (secure:) value; expected a plain value, this key is not sensitive "
                    + "(set it with `pulumi config set " + key + " <value>` without --secret)");
            return Optional.empty();
        }
        return Optional.of(value.get().text());
    }

    private String validated(String key, String text, Function<String, Optional<String>> validator,
                             String expected, String fallback) {
        Optional<String> error = validator.apply(text.trim());
        if (error.isPresent()) {
            problem(received(key, text) + " (" + error.get() + "); expected " + expected);
            return fallback;
        }
        return text.trim();
    }

    private static String received(String key, String text) {
        return key + ": got \"" + text + "\"";
    }
}
