package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint's value is a contract: every stack's cache is keyed by it, and a silent change
 * of format or framing would rebuild every package (hours of CUDA builds). A change here must be
 * deliberate: then raise {@link Fingerprinter#FORMAT} and update the expected value.
 */
class FingerprintGoldenTest {

    /** Computed once from the tree below; see the class comment before changing it. */
    private static final String GOLDEN = "b88c8b982947c5a15faa59cde34cc7af693b9194221fbcc5bcb67527c4ad78c7";

    private static Fingerprinter fingerprinter;

    @BeforeAll
    static void start() {
        fingerprinter = new Fingerprinter(2);
    }

    @AfterAll
    static void stop() {
        fingerprinter.close();
    }

    @Test
    void aFixedTreeHasAFixedFingerprint(@TempDir Path dir) throws Exception {
        TreeWriter.put(dir, "pyproject.toml", "[project]\nname = \"demo\"\nversion = \"0.1\"\n");
        TreeWriter.put(dir, "src/demo/__init__.py", "VALUE = 1\r\n"); // hashed as LF
        TreeWriter.put(dir, "src/demo/dist/__init__.py", "# nested dist is source\n");
        TreeWriter.put(dir, "data/blob.bin", new byte[] {0, 1, 2, '\r', '\n', (byte) 0xff});
        TreeWriter.put(dir, "bin/run.sh", "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(dir.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("README"), Path.of("src/demo/__init__.py"));
        TreeWriter.put(dir, "src/demo/__pycache__/x.cpython-311.pyc", "ignored");
        TreeWriter.put(dir, "dist/demo-0.1.whl", "ignored");
        ExtraInputs inputs = ExtraInputs.none()
                .with(ExtraInputs.BUILDSPEC, "version: 0.2\n")
                .with(ExtraInputs.IMAGE, "aws/codebuild/standard:7.0")
                .with(ExtraInputs.RECIPE_VERSION, "1");

        Fingerprint fingerprint = fingerprinter.compute(dir, inputs);

        assertEquals(List.of("README", "bin/run.sh", "data/blob.bin", "pyproject.toml", "src/demo/__init__.py",
                "src/demo/dist/__init__.py"), fingerprint.files().stream().map(FileHash::path).toList());
        assertEquals(GOLDEN, fingerprint.hex());
    }

    @Test
    void twoFreshClonesOfTheRepositoryGiveTheSameFingerprints(@TempDir Path tmp) throws Exception {
        Path repo = repositoryRoot();
        Path first = tmp.resolve("a/checkout");
        Path second = tmp.resolve("some/other/folder/second-checkout");
        Files.createDirectories(first.getParent());
        Files.createDirectories(second.getParent());
        clone(repo, first, "022", false);
        clone(repo, second, "077", true); // other umask, and CRLF line endings in the work tree
        touchEverything(second, new Random(42));

        Map<String, String> fromFirst = fingerprints(first);
        Map<String, String> fromSecond = fingerprints(second);
        assertFalse(fromFirst.isEmpty());
        assertEquals(fromFirst, fromSecond);
    }

    /** lambda-layer/ and every ml-packages/<pkg>/ with a pyproject.toml, each with its buildspec mixed in. */
    private static Map<String, String> fingerprints(Path checkout) throws IOException {
        Map<String, String> found = new TreeMap<>();
        Path layer = checkout.resolve(Component.LAMBDA_LAYER.sourceFolder());
        found.put("lambda-layer", fingerprint(layer, layer));
        Path ml = checkout.resolve(Component.ML_PACKAGES.sourceFolder());
        try (Stream<Path> dirs = Files.list(ml)) {
            for (Path pkg : dirs.filter(d -> Files.isRegularFile(d.resolve("pyproject.toml"))).sorted().toList()) {
                found.put("ml-packages/" + pkg.getFileName(), fingerprint(pkg, ml));
            }
        }
        return found;
    }

    private static String fingerprint(Path dir, Path buildspecDir) {
        return fingerprinter.compute(dir, ExtraInputs.none()
                .with(ExtraInputs.BUILDSPEC, BuildRecipes.readBuildspec(buildspecDir))).hex();
    }

    private static Path repositoryRoot() throws Exception {
        Process git;
        try {
            git = new ProcessBuilder("git", "rev-parse", "--show-toplevel").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "git is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(git.waitFor() == 0, "not inside a git repository: " + out);
        return Path.of(out);
    }

    private static void clone(Path repo, Path into, String umask, boolean crlf) throws Exception {
        String command = "umask " + umask + " && git " + (crlf ? "-c core.autocrlf=true " : "")
                + "clone --quiet --no-hardlinks \"$0\" \"$1\"";
        Process git = new ProcessBuilder("sh", "-c", command, repo.toString(), into.toString())
                .redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, git.waitFor(120, TimeUnit.SECONDS), "git clone did not finish");
        assertEquals(0, git.exitValue(), "git clone failed: " + out);
    }

    private static void touchEverything(Path dir, Random random) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                TreeWriter.touch(file, random.nextInt(1_000_000_000));
            }
        }
    }
}
