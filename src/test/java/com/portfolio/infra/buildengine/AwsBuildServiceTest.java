package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.portfolio.infra.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's build service against moto: a preview reads the cache and starts nothing; an
 * update builds what is missing; an up-to-date package reports the build its marker names, so
 * the deployed artifact's version stays the same until something rebuilds it.
 */
class AwsBuildServiceTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @TempDir
    Path root;

    private PackageSource layer;

    @BeforeEach
    void setUp() throws Exception {
        MOTO.reset();
        try (var s3 = MOTO.s3(); var codeBuild = MOTO.codeBuild()) {
            MotoBuildFixture.createBucketAndProject(s3, codeBuild);
        }
        Path dir = Files.createDirectories(root.resolve("lambda-layer"));
        Files.writeString(dir.resolve("handler.py"), "def handler(event, context):\n    return {}\n");
        layer = new PackageSource(Component.LAMBDA_LAYER, "shared", dir);
    }

    private AwsBuildService service(boolean dryRun) {
        return new AwsBuildService(MOTO::s3, MOTO::codeBuild, dryRun, BuildLog.silent(),
                settings -> new RunnerSettings(settings.projectName(), Duration.ofMinutes(1), Duration.ofMillis(10),
                        Duration.ofMillis(50), 2, Duration.ofMillis(10)));
    }

    private BuildJob job(boolean force) {
        return new BuildJob(Component.LAMBDA_LAYER, List.of(layer), ExtraInputs.none().with(ExtraInputs.RECIPE_VERSION, "1"),
                force, MotoBuildFixture.BUCKET, MotoBuildFixture.PROJECT, Duration.ofMinutes(1), Map.of());
    }

    private static int buildsStarted() {
        try (var codeBuild = MOTO.codeBuild()) {
            return codeBuild.listBuildsForProject(b -> b.projectName(MotoBuildFixture.PROJECT)).ids().size();
        }
    }

    private static int objects() {
        try (var s3 = MOTO.s3()) {
            return s3.listObjectsV2(b -> b.bucket(MotoBuildFixture.BUCKET)).keyCount();
        }
    }

    @Test
    void aPreviewReportsWhatWouldBuildAndStartsAndWritesNothing() throws Exception {
        BuiltPackage preview = service(true).run(job(false)).get(0);
        assertEquals(Decision.BUILD, preview.outcome().decision());
        assertEquals(Reason.NEW, preview.outcome().reason());
        assertNull(preview.buildId());
        assertEquals(preview.fingerprint(), preview.artifactVersion());
        assertEquals(0, buildsStarted());
        assertEquals(0, objects());
    }

    @Test
    void anUpdateBuildsThenTheMarkersBuildIsReportedUntilAForcedRebuildMakesANewVersion() throws Exception {
        BuiltPackage first = service(false).run(job(false)).get(0);
        assertEquals(Decision.BUILD, first.outcome().decision());
        assertEquals(1, buildsStarted());
        String buildId = first.buildId();
        assertEquals(first.fingerprint() + "/" + buildId, first.artifactVersion());
        try (var s3 = MOTO.s3()) { // CodeBuild's part: the buildspec writes the marker on success
            MotoBuildFixture.writeMarkerAsCodeBuildWould(s3,
                    new BuildKey(Component.LAMBDA_LAYER, "shared", first.fingerprint()), buildId);
        }

        BuiltPackage unchanged = service(false).run(job(false)).get(0);
        assertEquals(Decision.UP_TO_DATE, unchanged.outcome().decision());
        assertEquals(1, buildsStarted());
        assertEquals(first.artifactVersion(), unchanged.artifactVersion(), "same artifact, same layer version");
        assertEquals("builds/lambda-layer/shared/" + first.fingerprint() + "/layer.zip", unchanged.outputKey("layer.zip"));

        BuiltPackage forced = service(false).run(job(true)).get(0);
        assertEquals(Reason.FORCED, forced.outcome().reason());
        assertEquals(2, buildsStarted());
        assertEquals(first.fingerprint(), forced.fingerprint());
        assertEquals(first.fingerprint() + "/" + forced.buildId(), forced.artifactVersion());
        assertEquals(false, first.artifactVersion().equals(forced.artifactVersion()), "a forced rebuild is deployed");
    }
}
