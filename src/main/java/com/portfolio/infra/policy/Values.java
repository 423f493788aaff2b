package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of plan inputs, which arrive as plain values: Number (often Double), Boolean,
 * String, List and Map. A value the plan cannot know ({@link PlannedResource#COMPUTED}) reads as
 * absent so that rules never judge a placeholder.
 */
public final class Values {
    private Values() {
    }

    /** The value at a dotted path below {@code root} (a Map or List), if present. */
    public static Optional<Object> at(Object root, String path) {
        return PlannedResource.valueAt(root, path).filter(value -> !PlannedResource.COMPUTED.equals(value));
    }

    public static Optional<Object> at(PlannedResource r, String path) {
        return at(r.inputs(), path);
    }

    /**
     * Whether the value at {@code path} below {@code root}, or a value on the way to it, or one
     * inside it, is {@link PlannedResource#COMPUTED}.
     */
    public static boolean isComputed(Object root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (PlannedResource.COMPUTED.equals(current)) {
                return true;
            }
            Optional<Object> next = PlannedResource.valueAt(current, part);
            if (next.isEmpty()) {
                return false;
            }
            current = next.get();
        }
        return holdsComputed(current);
    }

    private static boolean holdsComputed(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(Values::holdsComputed);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(Values::holdsComputed);
        }
        return PlannedResource.COMPUTED.equals(value);
    }

    public static Optional<String> string(Object root, String path) {
        return at(root, path).map(String::valueOf).filter(s -> !s.isBlank());
    }

    public static Optional<String> string(PlannedResource r, String path) {
        return string(r.inputs(), path);
    }

    /** A Boolean, or a String {@code "true"}/{@code "false"} (LaunchTemplate uses strings). */
    public static Optional<Boolean> bool(Object root, String path) {
        return at(root, path).flatMap(v -> {
            if (v instanceof Boolean b) {
                return Optional.of(b);
            }
            if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Optional.of(Boolean.parseBoolean(s));
            }
            return Optional.empty();
        });
    }

    public static Optional<Boolean> bool(PlannedResource r, String path) {
        return bool(r.inputs(), path);
    }

    public static boolean isTrue(PlannedResource r, String path) {
        return bool(r, path).orElse(false);
    }

    public static Optional<Double> number(Object root, String path) {
        return at(root, path).flatMap(v -> {
            if (v instanceof Number n) {
                return Optional.of(n.doubleValue());
            }
            try {
                return Optional.of(Double.parseDouble(String.valueOf(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public static Optional<Double> number(PlannedResource r, String path) {
        return number(r.inputs(), path);
    }

    /** A list input (a single value reads as a one-element list, absent as empty). */
    public static List<Object> list(Object root, String path) {
        Optional<Object> value = at(root, path);
        if (value.isEmpty()) {
            return List.of();
        }
        return value.get() instanceof List<?> l ? new ArrayList<>(l) : List.of(value.get());
    }

    public static List<Object> list(PlannedResource r, String path) {
        return list(r.inputs(), path);
    }

    public static List<String> strings(PlannedResource r, String path) {
        return list(r, path).stream().map(String::valueOf).toList();
    }

    /** The object-valued elements of a list input. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Object root, String path) {
        return list(root, path).stream()
                .filter(Map.class::isInstance)
                .map(o -> (Map<String, Object>) o)
                .toList();
    }

    public static List<Map<String, Object>> objects(PlannedResource r, String path) {
        return objects(r.inputs(), path);
    }

    /** Formats a number without a trailing {@code .0}, for messages. */
    public static String show(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
