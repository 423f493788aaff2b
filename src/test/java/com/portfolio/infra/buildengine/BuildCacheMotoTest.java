package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.testsupport.MotoServer;
import java.nio.file.Files;
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

/** The cache layout and the runner against moto's S3 and CodeBuild. */
class BuildCacheMotoTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private S3Client s3;
    private CodeBuildClient codeBuild;
    private BuildCache cache;

    @BeforeEach
    void setUp() throws Exception {
        MOTO.reset();
        s3 = MOTO.s3();
        codeBuild = MOTO.codeBuild();
        MotoBuildFixture.createBucketAndProject(s3, codeBuild);
        cache = new BuildCache(s3, MotoBuildFixture.BUCKET);
    }

    @AfterEach
    void tearDown() {
        s3.close();
        codeBuild.close();
    }

    private static BuildKey key(String pkg, char digit) {
        return new BuildKey(Component.ML_PACKAGES, pkg, String.valueOf(digit).repeat(64));
    }

    @Test
    void markerDecidesBuiltAndIsReadBack() {
        BuildKey key = key("torch-utils", '1');
        assertFalse(cache.isBuilt(key));
        assertTrue(cache.readMarker(key).isEmpty());

        MotoBuildFixture.writeMarkerAsCodeBuildWould(s3, key, "ml:42");

        assertTrue(cache.isBuilt(key));
        BuildMarker marker = cache.readMarker(key).orElseThrow();
        assertEquals(new BuildMarker("torch-utils", key.fingerprint(), "ml:42", "2026-01-01T00:00:00Z",
                Map.of("layer", key.outputKey("layer.zip"))), marker);
        assertFalse(cache.isBuilt(key("torch-utils", '2')));
    }

    @Test
    void uploadedSourceLandsUnderItsFingerprintAndIsListed(@TempDir Path dir) throws Exception {
        TreeWriter.put(dir.resolve("pkg"), "a.py", "a = 1\n");
        Path zip = dir.resolve("source.zip");
        SourceZip.create(dir.resolve("pkg"), zip);
        BuildKey first = key("torch-utils", 'a');
        BuildKey second = key("torch-utils", 'b');

        assertEquals(MotoBuildFixture.BUCKET + "/builds/ml-packages/torch-utils/" + "a".repeat(64) + "/source.zip",
                cache.uploadSource(first, zip));
        cache.uploadSource(second, zip);
        cache.uploadSource(key("other", 'c'), zip);

        assertArrayEquals(Files.readAllBytes(zip), s3.getObjectAsBytes(b -> b.bucket(MotoBuildFixture.BUCKET)
                .key(first.sourceZipKey())).asByteArray());
        assertEquals(List.of("a".repeat(64), "b".repeat(64)),
                List.copyOf(cache.listFingerprints(Component.ML_PACKAGES, "torch-utils")));
        assertTrue(cache.listFingerprints(Component.LAMBDA_LAYER, "torch-utils").isEmpty());
        assertFalse(cache.isBuilt(first), "uploading the source must not make it look built");
    }

    @Test
    void runnerStartsAndFollowsABuildInMoto() throws Exception {
        RecordingLog log = new RecordingLog();
        RunnerSettings settings = new RunnerSettings(MotoBuildFixture.PROJECT, Duration.ofMinutes(5),
                Duration.ofMillis(10), Duration.ofMillis(50), 3, Duration.ofMillis(10));
        CodeBuildRunner runner = new CodeBuildRunner(codeBuild, settings, log);
        BuildKey key = key("torch-utils", 'd');

        CodeBuildRunner.Completed done = runner.run(new BuildRequest(key, cache.sourceLocation(key),
                MotoBuildFixture.BUCKET, Map.of()));

        assertTrue(done.buildId().startsWith(MotoBuildFixture.PROJECT + ":"), done.buildId());
        assertTrue(log.any("SUCCEEDED"), log.lines.toString());
        assertEquals(1, codeBuild.listBuildsForProject(b -> b.projectName(MotoBuildFixture.PROJECT)).ids().size());
        assertFalse(cache.isBuilt(key), "the Java side never writes a marker");
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
