package com.portfolio.infra.policy;

import com.pulumi.core.annotations.Import;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which input paths a resource type has, read from the AWS provider's own {@code Args} classes
 * ({@code aws:<module>/<x>:<Name>} is {@code com.pulumi.aws.<module>.<Name>Args}), so that
 * constraint paths written by hand are checked against the provider, not against memory.
 * Paths use the syntax of {@link InputPaths}.
 */
public final class ProviderInputs {

    private static final Map<String, Boolean> CACHE = new ConcurrentHashMap<>();

    private ProviderInputs() {
    }

    /** Whether {@code type} has an input at {@code path}; false for unknown or non-AWS types. */
    public static boolean has(String type, String path) {
        return CACHE.computeIfAbsent(type + " " + path, key -> argsClass(type).map(c -> walk(c, path.split("\\."), 0)).orElse(false));
    }

    private static Optional<Class<?>> argsClass(String token) {
        String[] parts = token.split(":");
        if (parts.length != 3 || !parts[0].equals("aws")) {
            return Optional.empty();
        }
        String module = parts[1].split("/")[0];
        try {
            return Optional.of(Class.forName("com.pulumi.aws." + module + "." + parts[2] + "Args", false,
                    ProviderInputs.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static boolean walk(Type type, String[] segments, int index) {
        if (index == segments.length) {
            return true;
        }
        String segment = segments[index];
        Type inner = unwrap(type);
        if (segment.equals("{key}") || segment.equals("{value}")) {
            return isA(inner, Map.class) && index == segments.length - 1;
        }
        if (!(inner instanceof Class<?> args)) {
            return false;
        }
        boolean each = segment.endsWith("[]");
        String name = each ? segment.substring(0, segment.length() - 2) : segment;
        for (Field field : args.getDeclaredFields()) {
            Import annotation = field.getAnnotation(Import.class);
            if (annotation == null || !annotation.name().equals(name)) {
                continue;
            }
            Type fieldType = unwrap(field.getGenericType());
            if (each) {
                if (!isA(fieldType, List.class)) {
                    return false;
                }
                fieldType = ((ParameterizedType) fieldType).getActualTypeArguments()[0];
            }
            return walk(fieldType, segments, index + 1);
        }
        return false;
    }

    /** {@code Output<X>} and {@code Optional<X>} are X. */
    private static Type unwrap(Type type) {
        while (type instanceof ParameterizedType p && (isA(p, com.pulumi.core.Output.class) || isA(p, Optional.class))) {
            type = p.getActualTypeArguments()[0];
        }
        return type;
    }

    private static boolean isA(Type type, Class<?> raw) {
        if (type instanceof ParameterizedType p) {
            return p.getRawType() == raw;
        }
        return type == raw;
    }
}
