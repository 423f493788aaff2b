package com.portfolio.infra.buildengine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.portfolio.infra.testsupport.MotoServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The engine's build service against moto: a preview reads the cache and starts nothing; an
 * update builds what is missing; an up-to-date package reports the build its marker names, so
 * the deployed artifact's version stays the same until something rebuilds it.
 */
class AwsBuildServiceTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    /** An S3 that answers every request with one fixed error. */
    @RegisterExtension
    static final WireMockExtension S3_ERRORS = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

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
        return service(dryRun, MOTO::s3, BuildLog.silent());
    }

    private AwsBuildService service(boolean dryRun, java.util.function.Supplier<S3Client> s3, BuildLog log) {
        return new AwsBuildService(s3, MOTO::codeBuild, dryRun, log,
                settings -> new RunnerSettings(settings.projectName(), Duration.ofMinutes(1), Duration.ofMillis(10),
                        Duration.ofMillis(50), 2, Duration.ofMillis(10)));
    }

    private BuildJob job(boolean force) {
        return job(force, MotoBuildFixture.BUCKET);
    }

    private BuildJob job(boolean force, String bucket) {
        return new BuildJob(Component.LAMBDA_LAYER, List.of(layer), ExtraInputs.none().with(ExtraInputs.RECIPE_VERSION, "1"),
                force, bucket, MotoBuildFixture.PROJECT, Duration.ofMinutes(1), Map.of());
    }

    /** An S3 client of the error-answering endpoint, SDK retries off (no waiting in tests). */
    private static S3Client erroringS3() {
        return S3Client.builder().endpointOverride(URI.create(S3_ERRORS.baseUrl())).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.credentials()).httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static void s3AnswersEverything(int status, String code) {
        S3_ERRORS.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>")));
    }

    private BuiltPackage previewFallingBack(java.util.function.Supplier<S3Client> s3, String bucket, String reason)
            throws Exception {
        RecordingLog log = new RecordingLog();
        BuiltPackage preview = service(true, s3, log).run(job(false, bucket)).get(0);
        assertEquals(Decision.UNKNOWN, preview.outcome().decision());
        assertEquals(Reason.CACHE_NOT_CONSULTED, preview.outcome().reason());
        assertTrue(log.any("WARN [lambda-layer] cannot read the build cache: " + reason), log.lines.toString());
        assertTrue(log.any("reporting fingerprints only"), log.lines.toString());
        return preview;
    }

    @Test
    void aPreviewBeforeTheFirstDeployReportsFingerprintsAndSaysTheBucketIsMissing() throws Exception {
        previewFallingBack(MOTO::s3, "not-created-yet", "bucket s3://not-created-yet does not exist yet");
        assertEquals(0, buildsStarted());
    }

    @Test
    void aPreviewWithoutReadAccessReportsFingerprintsAndSaysAccessWasDenied() throws Exception {
        s3AnswersEverything(403, "AccessDenied");
        previewFallingBack(AwsBuildServiceTest::erroringS3, "artifacts",
                "access denied reading s3://artifacts (HTTP 403");
    }

    @Test
    void aPreviewWithoutCredentialsReportsFingerprintsAndSaysSo() throws Exception {
        previewFallingBack(() -> S3Client.builder().endpointOverride(MOTO.endpoint()).region(MotoServer.REGION)
                        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(() -> {
                            throw SdkClientException.create("Unable to load credentials from any of the providers "
                                    + "in the chain");
                        }).build(),
                MotoBuildFixture.BUCKET, "no AWS credentials (Unable to load credentials");
    }

    @Test
    void aPreviewFailsOnAnyOtherCacheError() {
        s3AnswersEverything(500, "InternalError");
        S3Exception e = assertThrows(S3Exception.class,
                () -> service(true, AwsBuildServiceTest::erroringS3, BuildLog.silent()).run(job(false, "artifacts")));
        assertEquals(500, e.statusCode());
    }

    @Test
    void aPreviewFailsOnABadFingerprintInputInsteadOfBlamingTheCache() throws Exception {
        RecordingLog log = new RecordingLog();
        PackageSource missing = new PackageSource(Component.LAMBDA_LAYER, "shared", root.resolve("no-such-folder"));
        BuildJob job = new BuildJob(Component.LAMBDA_LAYER, List.of(missing), ExtraInputs.none(), false,
                MotoBuildFixture.BUCKET, MotoBuildFixture.PROJECT, Duration.ofMinutes(1), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service(true, MOTO::s3, log).run(job));
        assertTrue(e.getMessage().contains("no-such-folder"), e.getMessage());
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("cannot read the build cache")), log.lines.toString());
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
