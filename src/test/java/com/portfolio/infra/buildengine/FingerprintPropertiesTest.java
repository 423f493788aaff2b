package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * GIVEN random package trees, WHEN fingerprinted, THEN only what a build sees changes the value.
 */
class FingerprintPropertiesTest {

    private static Fingerprinter fingerprinter;

    @BeforeContainer
    static void start() {
        fingerprinter = new Fingerprinter(2);
    }

    @AfterContainer
    static void stop() {
        fingerprinter.close();
    }

    @Provide
    Arbitrary<Map<String, String>> trees() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz_-.0123456789").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals("..") && !s.startsWith("."));
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l) + ".txt");
        Arbitrary<String> content = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
        return Arbitraries.maps(path, content).ofMinSize(1).ofMaxSize(12)
                .filter(FingerprintPropertiesTest::noFileIsAFolder);
    }

    /** "a.txt" and "a.txt/b.txt" cannot both exist. */
    private static boolean noFileIsAFolder(Map<String, String> tree) {
        return tree.keySet().stream().noneMatch(p -> tree.keySet().stream().anyMatch(q -> q.startsWith(p + "/")));
    }

    private static String fp(Path dir) {
        return fingerprinter.compute(dir, ExtraInputs.none()).hex();
    }

    private static String fpOf(Map<String, String> tree, long seed) {
        Path dir = TreeWriter.write(tree, seed);
        try {
            return fp(dir);
        } finally {
            TreeWriter.delete(dir);
        }
    }

    @Property(tries = 40)
    void creationOrderAndMtimesDoNotMatter(@ForAll("trees") Map<String, String> tree,
                                           @ForAll long seedA, @ForAll long seedB) {
        assertEquals(fpOf(tree, seedA), fpOf(tree, seedB));
    }

    @Property(tries = 40)
    void crlfAndLfLineEndingsGiveTheSameFingerprint(@ForAll("trees") Map<String, String> tree, @ForAll long seed) {
        Map<String, String> lf = new TreeMap<>();
        Map<String, String> crlf = new TreeMap<>();
        tree.forEach((p, c) -> {
            String text = c.replace("\r", "").replace('|', '\n');
            lf.put(p, text);
            crlf.put(p, text.replace("\n", "\r\n"));
        });
        assertEquals(fpOf(lf, seed), fpOf(crlf, seed));
    }

    @Property(tries = 40)
    void changingAnyFileContentChangesIt(@ForAll("trees") Map<String, String> tree, @ForAll long seed,
                                         @ForAll("indexes") int pick) {
        String victim = tree.keySet().stream().sorted().toList().get(pick % tree.size());
        Map<String, String> changed = new TreeMap<>(tree);
        changed.put(victim, tree.get(victim) + "x");
        assertNotEquals(fpOf(tree, seed), fpOf(changed, seed));
    }

    @Property(tries = 40)
    void renamingAnyFileChangesIt(@ForAll("trees") Map<String, String> tree, @ForAll long seed,
                                  @ForAll("indexes") int pick) {
        String victim = tree.keySet().stream().sorted().toList().get(pick % tree.size());
        Map<String, String> renamed = new TreeMap<>(tree);
        String content = renamed.remove(victim);
        String newName = victim.replace(".txt", "-renamed.txt");
        renamed.put(newName, content);
        if (!noFileIsAFolder(renamed) || tree.containsKey(newName)) {
            return; // rename collides with the generated tree; nothing to test
        }
        assertNotEquals(fpOf(tree, seed), fpOf(renamed, seed));
    }

    @Property(tries = 40)
    void movingAFileToAnotherFolderChangesIt(@ForAll("trees") Map<String, String> tree, @ForAll long seed,
                                             @ForAll("indexes") int pick) {
        String victim = tree.keySet().stream().sorted().toList().get(pick % tree.size());
        Map<String, String> moved = new TreeMap<>(tree);
        String content = moved.remove(victim);
        moved.put("moved-here/" + victim, content);
        assertNotEquals(fpOf(tree, seed), fpOf(moved, seed));
    }

    @Property(tries = 40)
    void addingAnEmptyFileChangesIt(@ForAll("trees") Map<String, String> tree, @ForAll long seed) {
        Map<String, String> more = new TreeMap<>(tree);
        more.put("zz-empty-added", "");
        assertNotEquals(fpOf(tree, seed), fpOf(more, seed));
    }

    @Property(tries = 40)
    void builtInIgnoredFilesDoNotMatter(@ForAll("trees") Map<String, String> tree, @ForAll long seed,
                                        @ForAll("ignoredPaths") String ignored, @ForAll String junk) {
        Map<String, String> withJunk = new LinkedHashMap<>(tree);
        withJunk.put(ignored, junk);
        assertEquals(fpOf(tree, seed), fpOf(withJunk, seed));
    }

    @Provide
    Arbitrary<String> ignoredPaths() {
        Arbitrary<String> prefix = Arbitraries.of("", "src/", "deep/er/");
        Arbitrary<String> anyDepth = Arbitraries.of(".git/objects/ab/cdef", "__pycache__/m.cpython-311.pyc",
                "mod.pyc", ".pytest_cache/v/cache/nodeids", "node_modules/left-pad/index.js",
                "pkg.egg-info/PKG-INFO", ".venv/bin/python");
        Arbitrary<String> rootOnly = Arbitraries.of("build/lib/x.so", "dist/pkg-1.0.whl");
        return Arbitraries.oneOf(Combinators.combine(prefix, anyDepth).as(String::concat), rootOnly);
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Property(tries = 20)
    void extraInputsChangeItButTheirOrderDoesNot(@ForAll("trees") Map<String, String> tree, @ForAll long seed) {
        Path dir = TreeWriter.write(tree, seed);
        try {
            Map<String, String> forward = new LinkedHashMap<>();
            forward.put(ExtraInputs.IMAGE, "aws/codebuild/standard:7.0");
            forward.put(ExtraInputs.RECIPE_VERSION, "3");
            Map<String, String> backward = new LinkedHashMap<>();
            backward.put(ExtraInputs.RECIPE_VERSION, "3");
            backward.put(ExtraInputs.IMAGE, "aws/codebuild/standard:7.0");
            String a = fingerprinter.compute(dir, ExtraInputs.of(forward)).hex();
            assertEquals(a, fingerprinter.compute(dir, ExtraInputs.of(backward)).hex());
            assertNotEquals(a, fingerprinter.compute(dir, ExtraInputs.none()).hex());
            assertNotEquals(a, fingerprinter.compute(dir, ExtraInputs.of(forward).with(ExtraInputs.RECIPE_VERSION, "4")).hex());
            assertNotEquals(a, fingerprinter.compute(dir, ExtraInputs.of(forward).with(ExtraInputs.CUDA_VERSION, "12.4")).hex());
        } finally {
            TreeWriter.delete(dir);
        }
    }

    @Property(tries = 10)
    void bytesStraddlingTheStreamBufferAreNormalisedLikeSmallFiles(@ForAll("indexes") int shift) throws Exception {
        // A CRLF pair split across the 1 MiB read buffer must still become LF.
        int size = (1 << 20) - 1 + (shift % 3) - 1;
        byte[] lf = new byte[size];
        java.util.Arrays.fill(lf, (byte) 'a');
        StringBuilder crlf = new StringBuilder(new String(lf, StandardCharsets.US_ASCII));
        crlf.append("\r\nend\r\n");
        String lfText = new String(lf, StandardCharsets.US_ASCII) + "\nend\n";
        Path a = TreeWriter.newDir();
        Path b = TreeWriter.newDir();
        try {
            Files.writeString(a.resolve("big.txt"), lfText);
            Files.writeString(b.resolve("big.txt"), crlf);
            assertEquals(fp(a), fp(b));
        } finally {
            TreeWriter.delete(a);
            TreeWriter.delete(b);
        }
    }
}
