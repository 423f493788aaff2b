package com.portfolio.infra.buildengine;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a package is built, mixed into its fingerprint so that changing the recipe rebuilds even
 * when no source file changed. Keys are sorted, so the order they were given in does not matter.
 *
 * @param values key/value pairs, e.g. {@code image -> aws/codebuild/standard:7.0}
 */
public record ExtraInputs(Map<String, String> values) {

    public static final String BUILDSPEC = "buildspec";
    public static final String IMAGE = "image";
    public static final String COMPUTE_TYPE = "computeType";
    public static final String RUNTIME_VERSION = "runtimeVersion";
    public static final String CUDA_VERSION = "cudaVersion";
    public static final String RECIPE_VERSION = "recipeVersion";

    public ExtraInputs {
        TreeMap<String, String> sorted = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("Extra build input key is blank (value " + value
                        + "); expected a name such as '" + IMAGE + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException("Extra build input '" + key
                        + "' has no value; expected a string (use \"\" for an empty one)");
            }
            sorted.put(key, value);
        });
        values = Collections.unmodifiableSortedMap(sorted);
    }

    public static ExtraInputs none() {
        return new ExtraInputs(Map.of());
    }

    public static ExtraInputs of(Map<String, String> values) {
        return new ExtraInputs(values);
    }

    /** A copy with {@code key} set to {@code value}. */
    public ExtraInputs with(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new ExtraInputs(copy);
    }
}
