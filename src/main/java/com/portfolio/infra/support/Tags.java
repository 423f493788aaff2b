package com.portfolio.infra.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags every taggable resource carries: {@code project}, {@code stack} and {@code component}
 * for cost allocation, plus the occasional role tag (e.g. {@code purpose}, {@code tier}) that the
 * policy rules use to tell a raw-data bucket from a website bucket or a private subnet from a
 * public one.
 */
public final class Tags {

    private Tags() {
    }

    public static Map<String, String> of(String project, String stack, String component) {
        var tags = new LinkedHashMap<String, String>();
        tags.put("project", project);
        tags.put("stack", stack);
        tags.put("component", component);
        return Map.copyOf(tags);
    }

    /** The base tags plus one more, e.g. {@code purpose=raw-data} or {@code Name=...}. */
    public static Map<String, String> with(Map<String, String> base, String key, String value) {
        var tags = new LinkedHashMap<>(base);
        tags.put(key, value);
        return Map.copyOf(tags);
    }
}
