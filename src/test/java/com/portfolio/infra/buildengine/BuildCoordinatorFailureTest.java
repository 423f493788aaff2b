package com.portfolio.infra.buildengine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.portfolio.infra.testsupport.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.s3.S3Client;

/** GIVEN two packages whose builds fail and one that succeeds, THEN all finish and both failures are reported. */
class BuildCoordinatorFailureTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path root;

    private static final String LINK = "https://console.aws.amazon.com/cloudwatch/home#logsV2:bad";

    private void stubPackage(String pkg, String status) {
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild"))
                .withRequestBody(matchingJsonPath("$.environmentVariablesOverride[?(@.name == 'PACKAGE_NAME')].value", equalTo(pkg)))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"build\":{\"id\":\"ml:" + pkg + "\",\"buildStatus\":\"IN_PROGRESS\"}}")));
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.BatchGetBuilds"))
                .withRequestBody(containing("ml:" + pkg))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"builds\":[{\"id\":\"ml:" + pkg + "\",\"buildStatus\":\"" + status + "\","
                                + "\"phases\":[{\"phaseType\":\"BUILD\",\"phaseStatus\":\"" + status + "\","
                                + "\"contexts\":[{\"statusCode\":\"X\",\"message\":\"" + pkg + " broke\"}]}],"
                                + "\"logs\":{\"deepLink\":\"" + LINK + "\"}}]}")));
    }

    @Test
    void everyFailureIsReportedAfterAllBuildsFinishAndNoMarkerIsLeft() throws Exception {
        MOTO.reset();
        try (S3Client s3 = MOTO.s3();
             CodeBuildClient codeBuild = CodeBuildClient.builder().endpointOverride(URI.create(wm.baseUrl()))
                     .region(MotoServer.REGION).credentialsProvider(MotoServer.credentials())
                     .httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
             Fingerprinter fingerprinter = new Fingerprinter(2)) {
            s3.createBucket(b -> b.bucket(MotoBuildFixture.BUCKET)
                    .createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION.id())));
            stubPackage("good", "SUCCEEDED");
            stubPackage("bad-one", "FAILED");
            stubPackage("bad-two", "FAULT");
            List<PackageSource> packages = List.of("bad-one", "good", "bad-two").stream()
                    .map(n -> new PackageSource(Component.ML_PACKAGES, n, root.resolve(n))).toList();
            packages.forEach(p -> TreeWriter.put(p.dir(), "main.py", p.name()));
            RecordingLog log = new RecordingLog();
            RunnerSettings settings = new RunnerSettings("ml", Duration.ofMinutes(5), Duration.ofMillis(10),
                    Duration.ofMillis(20), 2, Duration.ofMillis(10));
            BuildCache cache = new BuildCache(s3, MotoBuildFixture.BUCKET);
            BuildCoordinator coordinator = new BuildCoordinator(cache,
                    Map.of(Component.ML_PACKAGES, new CodeBuildRunner(codeBuild, settings, log)),
                    fingerprinter, log, Map.of(), 3);

            BuildFailuresException e = assertThrows(BuildFailuresException.class,
                    () -> coordinator.run(packages, ExtraInputs.none(), false, BuildMode.UPDATE));

            assertEquals(List.of("bad-one", "bad-two"), e.failures().stream().map(PackageBuildFailedException::packageName).toList());
            assertTrue(e.getMessage().contains("'bad-one' ended FAILED in phase BUILD: X: bad-one broke"), e.getMessage());
            assertTrue(e.getMessage().contains("'bad-two' ended FAULT in phase BUILD: X: bad-two broke"), e.getMessage());
            assertTrue(e.getMessage().contains(LINK), e.getMessage());
            assertTrue(log.any("INFO [good] build ml:good SUCCEEDED"), "the good build ran to the end: " + log.lines);
            for (PackageSource p : packages) {
                String fp = fingerprinter.compute(p.dir(), ExtraInputs.none()).hex();
                assertFalse(cache.isBuilt(new BuildKey(p.component(), p.name(), fp)), p.name() + " has a marker");
            }
        }
    }
}
