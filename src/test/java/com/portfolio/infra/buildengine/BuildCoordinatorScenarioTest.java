package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.testsupport.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * GIVEN three ML packages and successive updates against moto, with the ML buildspec's part
 * played by the real install tool on a temp folder standing in for EFS ({@link EfsBuildStandIn}),
 * THEN only changed packages build, {@code current} always points at the fingerprint the update
 * reports (a return to an earlier fingerprint promotes it, and builds it again only when its
 * directory is gone or the file system is another), and PREVIEW starts and writes nothing.
 */
class BuildCoordinatorScenarioTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @TempDir
    Path root;

    @TempDir
    Path efs;

    private S3Client s3;
    private CodeBuildClient codeBuild;
    private Fingerprinter fingerprinter;
    private final RecordingLog log = new RecordingLog();
    private final ExtraInputs inputs = ExtraInputs.none()
            .with(ExtraInputs.BUILDSPEC, "version: 0.2").with(ExtraInputs.RECIPE_VERSION, "1");
    private String fileSystemId = "fs-0aaa1111";
    private EfsBuildStandIn codeBuildsPart;

    @BeforeEach
    void setUp() throws Exception {
        MOTO.reset();
        s3 = MOTO.s3();
        codeBuild = MOTO.codeBuild();
        fingerprinter = new Fingerprinter(2);
        MotoBuildFixture.createBucketAndProject(s3, codeBuild);
        codeBuildsPart = new EfsBuildStandIn(s3, efs, fileSystemId, 3);
    }

    @AfterEach
    void tearDown() {
        fingerprinter.close();
        s3.close();
        codeBuild.close();
    }

    private BuildCoordinator coordinator() {
        RunnerSettings settings = new RunnerSettings(MotoBuildFixture.PROJECT, Duration.ofMinutes(5),
                Duration.ofMillis(10), Duration.ofMillis(50), 3, Duration.ofMillis(10));
        CodeBuildRunner runner = new CodeBuildRunner(codeBuild, settings, log);
        return new BuildCoordinator(new BuildCache(s3, MotoBuildFixture.BUCKET),
                Map.of(Component.ML_PACKAGES, runner, Component.LAMBDA_LAYER, runner),
                fingerprinter, log, Map.of("PYTHON_VERSION", "3.11", BuildCoordinator.FILE_SYSTEM_ID_ENV, fileSystemId), 3);
    }

    private List<PackageSource> packages() {
        return List.of("data-prep", "torch-utils", "metrics").stream()
                .map(name -> new PackageSource(Component.ML_PACKAGES, name, root.resolve(name))).toList();
    }

    private int buildsStarted() {
        return codeBuild.listBuildsForProject(b -> b.projectName(MotoBuildFixture.PROJECT)).ids().size();
    }

    private int objectCount() {
        return s3.listObjectsV2(b -> b.bucket(MotoBuildFixture.BUCKET)).keyCount();
    }

    /** Runs an update, then plays CodeBuild's part for every build it started. */
    private List<PackageOutcome> update() throws Exception {
        List<PackageOutcome> outcomes = coordinator().run(packages(), inputs, false, BuildMode.UPDATE);
        codeBuildsPart.runStarted(outcomes);
        return outcomes;
    }

    /** Full builds (not promote-only runs) during one update. */
    private int fullBuildsDuring(List<PackageOutcome>[] result) throws Exception {
        int before = codeBuildsPart.fullBuilds().size();
        result[0] = update();
        return codeBuildsPart.fullBuilds().size() - before;
    }

    private static PackageOutcome of(List<PackageOutcome> outcomes, String pkg) {
        return outcomes.stream().filter(o -> o.source().name().equals(pkg)).findFirst().orElseThrow();
    }

    private void writeSources(String version) {
        for (PackageSource p : packages()) {
            TreeWriter.put(p.dir(), "src/" + p.name() + ".py", "VERSION = " + version + "\n");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRevertBuildsNothingAndPointsCurrentBackAtTheEarlierFingerprint() throws Exception {
        writeSources("1");
        List<PackageOutcome>[] run = new List[1];
        int first = fullBuildsDuring(run);
        String f1 = of(run[0], "torch-utils").fingerprint();
        assertTrue(run[0].stream().allMatch(o -> o.reason() == Reason.NEW), run[0].toString());

        TreeWriter.put(root.resolve("torch-utils"), "src/torch-utils.py", "VERSION = 2\n");
        int changed = fullBuildsDuring(run);
        String f2 = of(run[0], "torch-utils").fingerprint();
        assertEquals(Reason.CHANGED, of(run[0], "torch-utils").reason());
        assertEquals(f2, codeBuildsPart.currentFingerprint("torch-utils"));

        TreeWriter.put(root.resolve("torch-utils"), "src/torch-utils.py", "VERSION = 1\n");
        int startedBeforeRevert = buildsStarted();
        int reverted = fullBuildsDuring(run);
        PackageOutcome revert = of(run[0], "torch-utils");

        System.out.printf("full builds of torch-utils: F1=%d, F2=%d, back to F1=%d%n", first - 2, changed, reverted);
        assertEquals(List.of(3, 1, 0), List.of(first, changed, reverted));
        assertEquals(f1, revert.fingerprint());
        assertEquals(Decision.PROMOTE, revert.decision());
        assertEquals(Reason.NOT_CURRENT, revert.reason());
        assertTrue(log.any("[torch-utils] will promote: current points at " + f2), log.lines.toString());
        assertEquals(startedBeforeRevert + 1, buildsStarted(), "one promote-only run, nothing else");
        assertEquals(f1, codeBuildsPart.currentFingerprint("torch-utils"));

        List<PackageOutcome> settled = update();
        assertTrue(settled.stream().allMatch(o -> o.decision() == Decision.UP_TO_DATE && o.reason() == Reason.INSTALLED),
                settled.toString());
        assertEquals(startedBeforeRevert + 1, buildsStarted());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRevertToAPrunedVersionBuildsItAgain() throws Exception {
        codeBuildsPart = new EfsBuildStandIn(s3, efs, fileSystemId, 1); // keeps only what current points at
        writeSources("1");
        List<PackageOutcome>[] run = new List[1];
        fullBuildsDuring(run);
        String f1 = of(run[0], "torch-utils").fingerprint();
        TreeWriter.put(root.resolve("torch-utils"), "src/torch-utils.py", "VERSION = 2\n");
        fullBuildsDuring(run);
        try (var dirs = java.nio.file.Files.list(codeBuildsPart.packageDir("torch-utils"))) {
            assertTrue(dirs.noneMatch(d -> d.getFileName().toString().startsWith(f1)), "F1 was pruned");
        }

        TreeWriter.put(root.resolve("torch-utils"), "src/torch-utils.py", "VERSION = 1\n");
        int reverted = fullBuildsDuring(run);

        assertEquals(Decision.PROMOTE, of(run[0], "torch-utils").decision());
        assertEquals(1, reverted);
        assertEquals(f1, codeBuildsPart.currentFingerprint("torch-utils"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherFileSystemGetsEveryPackageBuiltAgain() throws Exception {
        writeSources("1");
        List<PackageOutcome>[] run = new List[1];
        fullBuildsDuring(run);

        fileSystemId = "fs-0bbb2222"; // the file system was replaced: a new, empty one
        codeBuildsPart = new EfsBuildStandIn(s3, efs.resolve("replacement"), fileSystemId, 3);
        int rebuilt = fullBuildsDuring(run);

        assertEquals(3, rebuilt);
        assertTrue(run[0].stream().allMatch(o -> o.decision() == Decision.PROMOTE && o.reason() == Reason.OTHER_FILE_SYSTEM),
                run[0].toString());
        assertTrue(log.any("current was last switched on file system fs-0aaa1111 and the stack's is fs-0bbb2222"),
                log.lines.toString());
        for (PackageOutcome o : run[0]) {
            assertEquals(o.fingerprint(), codeBuildsPart.currentFingerprint(o.source().name()));
        }
    }

    @Test
    void aLayerWhoseZipIsGoneIsBuiltAgainAndSaysWhy() throws Exception {
        Path dir = root.resolve("lambda-layer");
        TreeWriter.put(dir, "handler.py", "def handler(event, context):\n    return {}\n");
        List<PackageSource> layer = List.of(new PackageSource(Component.LAMBDA_LAYER, "shared", dir));
        PackageOutcome first = coordinator().run(layer, inputs, false, BuildMode.UPDATE).get(0);
        BuildKey key = new BuildKey(Component.LAMBDA_LAYER, "shared", first.fingerprint());
        MotoBuildFixture.writeMarkerAsCodeBuildWould(s3, key, first.buildId());
        assertEquals(Decision.UP_TO_DATE, coordinator().run(layer, inputs, false, BuildMode.PREVIEW).get(0).decision());

        s3.deleteObject(b -> b.bucket(MotoBuildFixture.BUCKET).key(key.outputKey("layer.zip")));
        int started = buildsStarted();
        PackageOutcome again = coordinator().run(layer, inputs, false, BuildMode.UPDATE).get(0);

        assertEquals(Decision.BUILD, again.decision());
        assertEquals(Reason.ARTIFACT_MISSING, again.reason());
        assertEquals(started + 1, buildsStarted());
        assertTrue(log.any("[shared] will build: fingerprint " + first.fingerprint() + ": marker found but s3://"
                + MotoBuildFixture.BUCKET + "/" + key.outputKey("layer.zip") + " is missing"), log.lines.toString());
    }

    @Test
    void anInstallingComponentWithoutItsFileSystemIdIsAClearError() throws Exception {
        writeSources("1");
        update();
        RunnerSettings settings = RunnerSettings.defaults(MotoBuildFixture.PROJECT);
        BuildCoordinator withoutId = new BuildCoordinator(new BuildCache(s3, MotoBuildFixture.BUCKET),
                Map.of(Component.ML_PACKAGES, new CodeBuildRunner(codeBuild, settings, log)), fingerprinter, log, Map.of(), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> withoutId.run(packages(), inputs, false, BuildMode.PREVIEW));
        assertTrue(e.getMessage().contains("has no FILE_SYSTEM_ID (got 'null'); expected the id of the file system"),
                e.getMessage());
    }

    @Test
    void previewStartsNothingAndWritesNothing() throws Exception {
        for (PackageSource p : packages()) {
            TreeWriter.put(p.dir(), "main.py", p.name());
        }
        update();
        TreeWriter.put(root.resolve("metrics"), "main.py", "changed");
        int builds = buildsStarted();
        int objects = objectCount();

        List<PackageOutcome> preview = coordinator().run(packages(), inputs, false, BuildMode.PREVIEW);

        System.out.printf("preview: builds started=%d, objects written=%d%n",
                buildsStarted() - builds, objectCount() - objects);
        assertEquals(builds, buildsStarted());
        assertEquals(objects, objectCount());
        assertEquals(List.of(Reason.INSTALLED, Reason.INSTALLED, Reason.CHANGED),
                preview.stream().map(PackageOutcome::reason).toList());
        assertTrue(log.any("would build: fingerprint " + preview.get(2).fingerprint() + ", changed"), log.lines.toString());
    }

    @Test
    void forceRebuildsEvenWithAMarker() throws Exception {
        for (PackageSource p : packages()) {
            TreeWriter.put(p.dir(), "main.py", p.name());
        }
        update();
        int builds = buildsStarted();
        List<PackageOutcome> forced = coordinator().run(packages(), inputs, true, BuildMode.UPDATE);
        assertEquals(builds + 3, buildsStarted());
        assertTrue(forced.stream().allMatch(o -> o.reason() == Reason.FORCED));
    }

    @Test
    void aForcedRebuildIsKnownOfflineToo() throws Exception {
        for (PackageSource p : packages()) {
            TreeWriter.put(p.dir(), "main.py", p.name());
        }
        List<PackageOutcome> preview = BuildCoordinator.offline(fingerprinter, log)
                .run(packages(), inputs, true, BuildMode.PREVIEW);
        assertTrue(preview.stream().allMatch(o -> o.decision() == Decision.BUILD && o.reason() == Reason.FORCED),
                preview.toString());
    }

    @Test
    void offlinePreviewNeedsNoCache() throws Exception {
        for (PackageSource p : packages()) {
            TreeWriter.put(p.dir(), "main.py", p.name());
        }
        List<PackageOutcome> preview = BuildCoordinator.offline(fingerprinter, log)
                .run(packages(), inputs, false, BuildMode.PREVIEW);
        assertTrue(preview.stream().allMatch(o -> o.decision() == Decision.UNKNOWN
                && o.detail().equals("fingerprint " + o.fingerprint() + ", cache not consulted")), preview.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BuildCoordinator
                .offline(fingerprinter, log).run(packages(), inputs, false, BuildMode.UPDATE));
        assertTrue(e.getMessage().contains("only a preview can run offline"), e.getMessage());
    }
}
