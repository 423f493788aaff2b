package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * GIVEN random trees full of folders named like build outputs at every depth, and a
 * {@code .buildignore} drawn from a few patterns, WHEN fingerprinted and zipped, THEN exactly the
 * files an independent reading of the rules keeps are in both: {@code build/} and {@code dist/}
 * only at the package root, caches and VCS folders at any depth, {@code .buildignore} patterns as
 * gitignore reads them.
 */
class IgnoreAnchoringPropertiesTest {

    private static final Set<String> ANY_DEPTH_DIRS = Set.of(".git", "__pycache__", ".pytest_cache", "node_modules", ".venv");
    private static final Set<String> ROOT_ONLY_DIRS = Set.of("build", "dist");

    private static Fingerprinter fingerprinter;

    @BeforeContainer
    static void start() {
        fingerprinter = new Fingerprinter(2);
    }

    @AfterContainer
    static void stop() {
        fingerprinter.close();
    }

    /** A tree and the {@code .buildignore} lines it comes with (possibly none). */
    record Case(Map<String, String> files, List<String> buildignore) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> folder = Arbitraries.of("src", "mypkg", "build", "dist", "node_modules", "__pycache__",
                ".git", ".venv", "pkg.egg-info", ".pytest_cache", "out", "tmp", "docs", "a");
        Arbitrary<String> file = Arbitraries.of("m.py", "m.pyc", "notes.md", "run.log", "build", "dist", "data.bin");
        Arbitrary<String> path = Combinators.combine(folder.list().ofMaxSize(3), file)
                .as((dirs, name) -> dirs.isEmpty() ? name : String.join("/", dirs) + "/" + name);
        Arbitrary<Map<String, String>> tree = Arbitraries.maps(path, Arbitraries.strings().alpha().ofMaxLength(12))
                .ofMinSize(1).ofMaxSize(15)
                .filter(IgnoreAnchoringPropertiesTest::noFileIsAFolder);
        Arbitrary<List<String>> buildignore = Arbitraries.of("*.log", "/out/", "tmp/", "dist/").list().uniqueElements()
                .ofMaxSize(4);
        return Combinators.combine(tree, buildignore).as(Case::new);
    }

    private static boolean noFileIsAFolder(Map<String, String> tree) {
        return tree.keySet().stream().noneMatch(p -> tree.keySet().stream().anyMatch(q -> q.startsWith(p + "/")));
    }

    /** The rules as documented, read without JGit: is this file build input? */
    static boolean expectedKept(String path, List<String> buildignore) {
        String[] segments = path.split("/");
        List<String> folders = List.of(segments).subList(0, segments.length - 1);
        String name = segments[segments.length - 1];
        if (folders.stream().anyMatch(f -> ANY_DEPTH_DIRS.contains(f) || f.endsWith(".egg-info"))) {
            return false;
        }
        if (name.endsWith(".pyc")) {
            return false;
        }
        if (!folders.isEmpty() && ROOT_ONLY_DIRS.contains(folders.get(0))) {
            return false;
        }
        for (String rule : buildignore) {
            boolean ignored = switch (rule) {
                case "*.log" -> name.endsWith(".log");
                case "/out/" -> !folders.isEmpty() && folders.get(0).equals("out");
                case "tmp/" -> folders.contains("tmp");
                case "dist/" -> folders.contains("dist");
                default -> throw new IllegalArgumentException("no expectation written for rule " + rule);
            };
            if (ignored) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 150)
    void exactlyTheFilesTheRulesKeepAreFingerprintedAndZipped(@ForAll("cases") Case c, @ForAll long seed)
            throws Exception {
        Map<String, String> files = new TreeMap<>(c.files());
        if (!c.buildignore().isEmpty()) {
            files.put(IgnoreRules.BUILDIGNORE, String.join("\n", c.buildignore()) + "\n");
        }
        List<String> expected = files.keySet().stream().filter(p -> expectedKept(p, c.buildignore())).sorted().toList();
        Path dir = TreeWriter.write(files, seed);
        try {
            List<String> fingerprinted = fingerprinter.compute(dir, ExtraInputs.none()).files().stream()
                    .map(FileHash::path).toList();
            assertEquals(expected, fingerprinted, "fingerprinted files of " + files.keySet() + " with " + c.buildignore());
            assertEquals(expected, zipEntries(dir), "zipped files of " + files.keySet() + " with " + c.buildignore());
        } finally {
            TreeWriter.delete(dir);
        }
    }

    private static List<String> zipEntries(Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceZip.write(PackageFiles.list(dir), out);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
