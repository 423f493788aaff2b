package com.portfolio.infra.policy;

import com.pulumi.core.annotations.Import;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts about resource types read from the AWS provider's own classes, so that no hand-kept list
 * drifts from the provider. A token {@code aws:<module>/<x>:<Name>} maps to the class
 * {@code com.pulumi.aws.<module>.<Name>Args} (true for every resource of pulumi-aws 6.83.0 except
 * the provider itself).
 */
public final class ProviderSchema {
    private static final Map<String, Boolean> TAGGABLE = new ConcurrentHashMap<>();

    private ProviderSchema() {
    }

    /** Whether the resource type accepts a {@code tags} input; false for unknown or non-AWS types. */
    public static boolean isTaggable(String typeToken) {
        return TAGGABLE.computeIfAbsent(typeToken, ProviderSchema::lookUpTaggable);
    }

    private static boolean lookUpTaggable(String token) {
        String[] parts = token.split(":");
        if (parts.length != 3 || !parts[0].equals("aws")) {
            return false;
        }
        String module = parts[1].split("/")[0];
        String argsClass = "com.pulumi.aws." + module + "." + parts[2] + "Args";
        try {
            Class<?> args = Class.forName(argsClass, false, ProviderSchema.class.getClassLoader());
            for (Field field : args.getDeclaredFields()) {
                Import annotation = field.getAnnotation(Import.class);
                if (annotation != null && annotation.name().equals("tags")) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
