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
        List<String> values;
        try {
            values = JSON.readValue(text.get(), new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            problem(received(key, text.get()) + "; expected a list of strings, e.g. [" + String.join(", ", defaultValue) + "]");
            return defaultValue;
        }
        boolean valid = true;
        Set<String> seen = new LinkedHashSet<>();
        for (String value : values) {
            Optional<String> error = value == null ? Optional.of("an empty element") : elementValidator.apply(value);
            if (error.isPresent()) {
                problem(key + ": element \"" + value + "\" " + error.get() + "; expected " + expected);
                valid = false;
            } else if (!seen.add(value)) {
                problem(key + ": element \"" + value + "\" is listed twice; expected each at most once");
                valid = false;
            }
        }
        return valid ? List.copyOf(values) : defaultValue;
    }

    /** Records a problem that involves more than one key or the stack itself. */
    void problem(String line) {
        problems.add(line);
    }

    /**
     * Refuses keys of the program's own namespaces that it does not know: a misspelt key must not
     * silently fall back to its default. Suggests the nearest known key.
     */
    void rejectUnknownKeys(Set<String> ownNamespaces) {
        for (String key : raw.keys()) {
            int colon = key.indexOf(':');
            String namespace = colon < 0 ? "" : key.substring(0, colon);
            if (!ownNamespaces.contains(namespace) || knownKeys.contains(key)) {
                continue;
            }
            String suggestion = knownKeys.stream()
                    .map(known -> Map.entry(known, DISTANCE.apply(key.toLowerCase(), known.toLowerCase())))
                    .filter(e -> e.getValue() >= 0)
                    .min(Comparator.comparingInt(Map.Entry::getValue))
                    .map(e -> "; did you mean " + e.getKey() + "?")
                    .orElse("; known keys in " + namespace + ": " + String.join(", ",
                            knownKeys.stream().filter(k -> k.startsWith(namespace + ":")).toList()));
            problems.add(key + ": unknown key" + suggestion);
        }
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
        if (!value.get().isKnown()) {
            // Only a secure: value read from a stack file is unknown; none of these keys is sensitive.
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
