package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every import of the program runs downwards: entry point, then plan and policy, then the
 * components, then the build engine, then the settings, then support, which imports nothing of
 * ours. A lower layer that imports a higher one ties them into a knot that no test sees.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/com/portfolio/infra");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?com\\.portfolio\\.infra\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    /** Layer of each top-level package; higher numbers sit higher. The root package is the entry point. */
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("", 6),
            Map.entry("plan", 5), Map.entry("policy", 5),
            Map.entry("network", 4), Map.entry("storage", 4), Map.entry("packaging", 4),
            Map.entry("web", 4),
            Map.entry("buildengine", 3),
            Map.entry("config", 2),
            Map.entry("support", 1));

    /** Components may use one another only in this order (a network before the storage in it, ...). */
    private static final List<String> COMPONENT_ORDER = List.of("web", "packaging", "storage", "network");

    @Test
    void everyImportRunsDownwards() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = packageOf(file);
                assertTrue(LAYER.containsKey(from), "package '" + from + "' of " + file + " has no layer; add it to LAYER");
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(from) && !allowed(from, to)) {
                        upward.add(SOURCES.relativize(file) + " imports " + to);
                    }
                }
            }
        }
        assertEquals(List.of(), upward, "imports that run against the layering");
    }

    @Test
    void theRuleCatchesAnUpwardImport() {
        assertTrue(!allowed("support", "config") && !allowed("config", "network") && !allowed("plan", ""));
        assertTrue(!allowed("network", "storage") && allowed("storage", "network") && allowed("policy", "plan"));
    }

    private static boolean allowed(String from, String to) {
        int a = LAYER.get(from);
        int b = LAYER.getOrDefault(to, Integer.MAX_VALUE);
        if (a == 4 && b == 4) {
            return COMPONENT_ORDER.indexOf(from) < COMPONENT_ORDER.indexOf(to);
        }
        return b < a || (a == b && a == 5);
    }

    private static String packageOf(Path file) {
        Path dir = SOURCES.relativize(file).getParent();
        return dir == null ? "" : dir.getName(0).toString();
    }
}
