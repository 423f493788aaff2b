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
 * GIVEN three packages and successive updates against moto (the test writes markers as the
 * buildspec would), THEN only changed packages build, a return to an earlier fingerprint is a cache
 * hit, and PREVIEW starts and writes nothing.
 */
class BuildCoordinatorScenarioTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @TempDir
    Path root;

    private S3Client s3;
    private CodeBuildClient codeBuild;
    private Fingerprinter fingerprinter;
    private final RecordingLog log = new RecordingLog();
    private final ExtraInputs inputs = ExtraInputs.none()
            .with(ExtraInputs.BUILDSPEC, "version: 0.2").with(ExtraInputs.RECIPE_VERSION, "1");

    @BeforeEach
    void setUp() throws Exception {
        MOTO.reset();
        s3 = MOTO.s3();
        codeBuild = MOTO.codeBuild();
        fingerprinter = new Fingerprinter(2);
        MotoBuildFixture.createBucketAndProject(s3, codeBuild);
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
        return new BuildCoordinator(new BuildCache(s3, MotoBuildFixture.BUCKET),
                Map.of(Component.ML_PACKAGES, new CodeBuildRunner(codeBuild, settings, log)),
                fingerprinter, log, Map.of("PYTHON_VERSION", "3.11"), 3);
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

    /** Runs an update and then plays CodeBuild's part for every build it started. */
    private List<PackageOutcome> update() throws InterruptedException {
        List<PackageOutcome> outcomes = coordinator().run(packages(), inputs, false, BuildMode.UPDATE);
        for (PackageOutcome o : outcomes) {
            if (o.decision() == Decision.BUILD) {
                MotoBuildFixture.writeMarkerAsCodeBuildWould(s3,
                        new BuildKey(o.source().component(), o.source().name(), o.fingerprint()), o.buildId());
            }
        }
        return outcomes;
    }

    private static long built(List<PackageOutcome> outcomes) {
        return outcomes.stream().filter(o -> o.decision() == Decision.BUILD).count();
    }

    @Test
    void onlyChangedPackagesBuildAndEarlierFingerprintsAreCacheHits() throws Exception {
        for (PackageSource p : packages()) {
            TreeWriter.put(p.dir(), "src/" + p.name() + ".py", "VERSION = 1\n");
        }
        List<PackageOutcome> first = update();
        int afterFirst = buildsStarted();
        assertEquals(3, afterFirst);
        assertTrue(first.stream().allMatch(o -> o.reason() == Reason.NEW), first.toString());
        assertTrue(first.stream().allMatch(o -> o.buildId() != null
                && o.artifactPrefix().equals("builds/ml-packages/" + o.source().name() + "/" + o.fingerprint() + "/")));

        List<PackageOutcome> unchanged = update();
        int buildsUnchanged = buildsStarted() - afterFirst;

        Path changedFile = root.resolve("torch-utils/src/torch-utils.py");
        TreeWriter.put(root.resolve("torch-utils"), "src/torch-utils.py", "VERSION = 2\n");
        List<PackageOutcome> oneChanged = update();
        int buildsOneChanged = buildsStarted() - afterFirst - buildsUnchanged;

        TreeWriter.put(root.resolve("torch-utils"), "src/torch-utils.py", "VERSION = 1\n");
        List<PackageOutcome> reverted = update();
        int buildsReverted = buildsStarted() - afterFirst - buildsUnchanged - buildsOneChanged;

        System.out.printf("builds started: first=%d, unchanged=%d, one changed=%d, reverted=%d%n",
                afterFirst, buildsUnchanged, buildsOneChanged, buildsReverted);
        assertEquals(0, buildsUnchanged);
        assertEquals(0, built(unchanged));
        assertTrue(unchanged.stream().allMatch(o -> o.reason() == Reason.MARKER_FOUND));
        assertEquals(1, buildsOneChanged);
        assertEquals(List.of("torch-utils"), oneChanged.stream().filter(o -> o.decision() == Decision.BUILD)
                .map(o -> o.source().name()).toList());
        assertEquals(Reason.CHANGED, oneChanged.get(1).reason(), changedFile + " changed");
        assertEquals(0, buildsReverted);
        assertEquals(first.get(1).fingerprint(), reverted.get(1).fingerprint());
        assertEquals(Decision.UP_TO_DATE, reverted.get(1).decision());
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
        assertEquals(List.of(Reason.MARKER_FOUND, Reason.MARKER_FOUND, Reason.CHANGED),
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
