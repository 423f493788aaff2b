package com.portfolio.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every value at an input path of {@link InputConstraint}: dotted names, {@code name[]} for
 * each element of a list, {@code {key}} and {@code {value}} for each key and value of a map.
 */
public final class InputPaths {

    /** A value found, with the concrete path it was found at (list indexes filled in), for messages. */
    public record Found(String path, Object value) {
    }

    private InputPaths() {
    }

    public static List<Found> valuesAt(Map<String, Object> inputs, String path) {
        List<Found> current = List.of(new Found("", inputs));
        for (String segment : path.split("\\.")) {
            var next = new ArrayList<Found>();
            for (Found found : current) {
                step(found, segment, next);
            }
            current = next;
        }
        return current;
    }

    private static void step(Found found, String segment, List<Found> into) {
        if (!(found.value() instanceof Map<?, ?> map)) {
            return;
        }
        if (segment.equals("{key}") || segment.equals("{value}")) {
            boolean keys = segment.equals("{key}");
            map.forEach((k, v) -> into.add(new Found(join(found.path(), String.valueOf(k)), keys ? String.valueOf(k) : v)));
            return;
        }
        boolean each = segment.endsWith("[]");
        String name = each ? segment.substring(0, segment.length() - 2) : segment;
        Object value = map.get(name);
        if (value == null) {
            return;
        }
        String here = join(found.path(), name);
        if (!each) {
            into.add(new Found(here, value));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != null) {
                    into.add(new Found(here + "[" + i + "]", list.get(i)));
                }
            }
        } else {
            // A list input of one element may arrive as that element.
            into.add(new Found(here, value));
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
