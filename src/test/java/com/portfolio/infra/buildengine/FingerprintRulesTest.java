package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table-style checks of ignore rules, binary files, links and modes. */
class FingerprintRulesTest {

    private static Fingerprinter fingerprinter;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fingerprinter = new Fingerprinter(2);
    }

    @AfterAll
    static void stop() {
        fingerprinter.close();
    }

    private String fp() {
        return fingerprinter.compute(dir, ExtraInputs.none()).hex();
    }

    private List<String> listed() {
        return PackageFiles.list(dir).stream().map(SourceFile::relativePath).toList();
    }

    @Test
    void buildignorePatternsAndNegationDecideWhatCounts() {
        TreeWriter.put(dir, "app.py", "print(1)\n");
        TreeWriter.put(dir, ".buildignore", "*.log\n!keep.log\ndata/\n/top-only.txt\n");
        String before = fp();

        TreeWriter.put(dir, "debug.log", "noise");
        TreeWriter.put(dir, "sub/trace.log", "noise");
        TreeWriter.put(dir, "data/big.csv", "1,2,3");
        TreeWriter.put(dir, "top-only.txt", "ignored at the root");
        assertEquals(before, fp(), "ignored files changed the fingerprint: " + listed());

        TreeWriter.put(dir, "sub/top-only.txt", "anchored pattern does not match below the root");
        assertNotEquals(before, fp());
        assertTrue(listed().contains("sub/top-only.txt"));

        String withSub = fp();
        TreeWriter.put(dir, "keep.log", "re-included by negation");
        assertNotEquals(withSub, fp());
        assertEquals(List.of(".buildignore", "app.py", "keep.log", "sub/top-only.txt"), listed());
    }

    @Test
    void buildignoreCannotReincludeBuiltInIgnores() {
        TreeWriter.put(dir, "app.py", "x");
        TreeWriter.put(dir, ".buildignore", "!node_modules/\n!*.pyc\n");
        TreeWriter.put(dir, "node_modules/a/index.js", "x");
        TreeWriter.put(dir, "m.pyc", "x");
        assertEquals(List.of(".buildignore", "app.py"), listed());
    }

    @Test
    void buildOutputFoldersAreIgnoredAtTheRootOnly() {
        TreeWriter.put(dir, "dist/trainkit-1.0.whl", "wheel");
        TreeWriter.put(dir, "build/lib/x.so", "object");
        TreeWriter.put(dir, "src/mypkg/dist/__init__.py", "# a module named dist is source\n");
        TreeWriter.put(dir, "src/mypkg/build/steps.py", "STEPS = []\n");
        TreeWriter.put(dir, "src/mypkg/__pycache__/steps.cpython-311.pyc", "bytecode");
        TreeWriter.put(dir, "src/mypkg.egg-info/PKG-INFO", "generated");
        assertEquals(List.of("src/mypkg/build/steps.py", "src/mypkg/dist/__init__.py"), listed());
    }

    @Test
    void aBuildignorePatternWithoutLeadingSlashMatchesAtAnyDepthAsInGit() {
        TreeWriter.put(dir, ".buildignore", "dist/\n/out/\n");
        TreeWriter.put(dir, "src/mypkg/dist/__init__.py", "x");
        TreeWriter.put(dir, "out/report.txt", "x");
        TreeWriter.put(dir, "src/out/kept.txt", "x");
        assertEquals(List.of(".buildignore", "src/out/kept.txt"), listed());
    }

    @Test
    void directoryOnlyRulesDoNotIgnoreFilesOfThatName() {
        TreeWriter.put(dir, "build", "a file called build is source");
        TreeWriter.put(dir, "build.py", "x");
        assertEquals(List.of("build", "build.py"), listed());
    }

    @Test
    void symlinksAreHashedAsTheirTargetNotFollowed() throws Exception {
        TreeWriter.put(dir, "a.txt", "A");
        TreeWriter.put(dir, "b.txt", "A");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
        String toA = fp();
        Files.delete(dir.resolve("link"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("b.txt"));
        assertNotEquals(toA, fp(), "same content behind the link, different target: must differ");
        assertEquals(SourceFile.Kind.SYMLINK, PackageFiles.list(dir).get(2).kind());
    }

    @Test
    void symlinkToADirectoryIsNotWalked(@TempDir Path outside) throws Exception {
        TreeWriter.put(outside, "secret.txt", "outside the package");
        TreeWriter.put(dir, "a.txt", "A");
        Files.createSymbolicLink(dir.resolve("escape"), outside);
        assertEquals(List.of("a.txt", "escape"), listed());
    }

    @Test
    void executableBitChangesIt() throws Exception {
        TreeWriter.put(dir, "run.sh", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        String plain = fp();
        Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNotEquals(plain, fp());
    }

    @Test
    void binaryFilesKeepTheirCarriageReturns() {
        TreeWriter.put(dir, "blob.bin", new byte[] {0, 1, '\r', '\n', 2});
        String crlf = fp();
        TreeWriter.put(dir, "blob.bin", new byte[] {0, 1, '\n', 2});
        assertNotEquals(crlf, fp(), "a NUL in the first 8 KiB makes it binary: bytes count as they are");
    }

    @Test
    void loneCarriageReturnIsNotALineEnding() {
        TreeWriter.put(dir, "a.txt", "one\rtwo");
        String cr = fp();
        TreeWriter.put(dir, "a.txt", "one\ntwo");
        assertNotEquals(cr, fp());
    }

    @Test
    void fileListShowsEachPathAndHash() {
        TreeWriter.put(dir, "b/x.txt", "");
        TreeWriter.put(dir, "a.txt", "abc");
        Fingerprint fingerprint = fingerprinter.compute(dir, ExtraInputs.none());
        assertEquals(List.of("a.txt", "b/x.txt"), fingerprint.files().stream().map(FileHash::path).toList());
        // SHA-256 of "abc" and of the empty string, the published test vectors
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", fingerprint.files().get(0).sha256());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", fingerprint.files().get(1).sha256());
    }

    @Test
    void missingDirectoryIsReportedWithItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fingerprinter.compute(dir.resolve("nope"), ExtraInputs.none()));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void blankExtraInputKeyIsRejectedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExtraInputs.of(java.util.Map.of(" ", "v1")));
        assertTrue(e.getMessage().contains("v1"), e.getMessage());
    }
}
