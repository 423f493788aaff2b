package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return FingerprintCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheFingerprintAndWithFilesEachPathAndHash(@TempDir Path dir) {
        TreeWriter.put(dir, "a.txt", "abc");
        TreeWriter.put(dir, "sub/b.txt", "");
        assertEquals(0, run(dir.toString(), "--files"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].matches("[0-9a-f]{64}"), lines[0]);
        try (Fingerprinter fp = new Fingerprinter(1)) {
            assertEquals(fp.compute(dir, ExtraInputs.none()).hex(), lines[0]);
        }
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  regular  a.txt", lines[1]);
        assertTrue(lines[2].endsWith("  regular  sub/b.txt"), lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    void missingDirectoryIsAOneLineError(@TempDir Path dir) {
        assertEquals(2, run(dir.resolve("missing").toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("missing") && message.contains("is not a directory"), message);
        assertEquals(1, message.strip().lines().count());
    }

    @Test
    void unknownFlagIsNamed(@TempDir Path dir) {
        assertEquals(2, run(dir.toString(), "--fils"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option \"--fils\"; fingerprint takes --files, --stack, --help"));
    }

    @Test
    void noDirectoryIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(FingerprintCommand.USAGE));
    }

    @Test
    void aRecipeInputIsListedWithItsValueBesideItsHash() {
        assertEquals(ContentHasher.sha256Hex("12.4") + "  input  cudaVersion = 12.4\n",
                FingerprintCommand.recipeInputLine("cudaVersion", "12.4"));
        assertEquals(ContentHasher.sha256Hex("version: 0.2\nphases: {}\n") + "  input  buildspec:\n    | version: 0.2\n    | phases: {}\n",
                FingerprintCommand.recipeInputLine("buildspec", "version: 0.2\nphases: {}\n"));
    }

    @Test
    void helpIsPrintedAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--files"));
    }
}
