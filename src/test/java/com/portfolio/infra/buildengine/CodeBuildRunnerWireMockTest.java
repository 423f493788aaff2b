package com.portfolio.infra.buildengine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.portfolio.infra.testsupport.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;

/**
 * GIVEN CodeBuild answering with exact statuses and errors (WireMock), WHEN a build runs,
 * THEN failures carry package, status, phase, reason and log link; retries happen only where due.
 */
class CodeBuildRunnerWireMockTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String FP = "a".repeat(64);
    private static final String LINK = "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
            + "#logsV2:log-groups/log-group/$252Faws$252Fcodebuild$252Fml/log-events/run-1";
    private static final String START_OK = "{\"build\":{\"id\":\"ml:run-1\",\"buildStatus\":\"IN_PROGRESS\"}}";

    private final FakeTime time = new FakeTime();
    private final RecordingLog log = new RecordingLog();
    private CodeBuildClient client;

    @BeforeEach
    void client() {
        // SDK retries off: the runner's own retry policy is what is under test.
        client = CodeBuildClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(MotoServer.REGION)
                .credentialsProvider(MotoServer.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private CodeBuildRunner runner(Duration timeout) {
        RunnerSettings settings = RunnerSettings.defaults("ml").withBuildTimeout(timeout);
        return new CodeBuildRunner(client, settings, log, time);
    }

    private static BuildRequest request() {
        return new BuildRequest(new BuildKey(Component.ML_PACKAGES, "torch-utils", FP),
                "artifacts/builds/ml-packages/torch-utils/" + FP + "/source.zip", "artifacts", Map.of("EXTRA", "1"));
    }

    private static MappingBuilder target(String action) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006." + action));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static String build(String status, String phases) {
        return "{\"builds\":[{\"id\":\"ml:run-1\",\"buildStatus\":\"" + status + "\",\"currentPhase\":\"COMPLETED\","
                + "\"phases\":[" + phases + "],\"logs\":{\"deepLink\":\"" + LINK + "\"}}]}";
    }

    private static String failedPhases(String status) {
        return "{\"phaseType\":\"SUBMITTED\",\"phaseStatus\":\"SUCCEEDED\",\"durationInSeconds\":0},"
                + "{\"phaseType\":\"INSTALL\",\"phaseStatus\":\"SUCCEEDED\",\"durationInSeconds\":12},"
                + "{\"phaseType\":\"BUILD\",\"phaseStatus\":\"" + status + "\",\"durationInSeconds\":40,"
                + "\"contexts\":[{\"statusCode\":\"COMMAND_EXECUTION_ERROR\",\"message\":"
                + "\"Error while executing command: pip install -r requirements.txt. Reason: exit status 1\"}]},"
                + "{\"phaseType\":\"COMPLETED\"}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAILED", "FAULT", "STOPPED", "TIMED_OUT"})
    void eachFailureStatusNamesPackagePhaseReasonAndLogLink(String status) {
        wm.stubFor(target("StartBuild").willReturn(json(200, START_OK)));
        wm.stubFor(target("BatchGetBuilds").willReturn(json(200, build(status, failedPhases(status)))));

        PackageBuildFailedException e = assertThrows(PackageBuildFailedException.class, () -> runner(Duration.ofHours(1)).run(request()));

        assertTrue(e.getMessage().contains("'torch-utils'"), e.getMessage());
        assertTrue(e.getMessage().contains("ended " + status + " in phase BUILD"), e.getMessage());
        assertTrue(e.getMessage().contains("COMMAND_EXECUTION_ERROR: Error while executing command: pip install"), e.getMessage());
        assertTrue(e.getMessage().contains(LINK), e.getMessage());
        assertEquals("BUILD", e.phase());
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild")));
        assertTrue(log.any("INFO [torch-utils] phase INSTALL SUCCEEDED in 12 s"), log.lines.toString());
        assertTrue(log.any("ERROR [torch-utils] phase BUILD " + status), log.lines.toString());
    }

    @Test
    void startBuildSendsTheS3SourceAndTheEnvironment() throws Exception {
        wm.stubFor(target("StartBuild").willReturn(json(200, START_OK)));
        wm.stubFor(target("BatchGetBuilds").willReturn(json(200, build("SUCCEEDED",
                "{\"phaseType\":\"BUILD\",\"phaseStatus\":\"SUCCEEDED\"}"))));

        runner(Duration.ofMinutes(90)).run(request());

        wm.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild"))
                .withRequestBody(matchingJsonPath("$.projectName", equalTo("ml")))
                .withRequestBody(matchingJsonPath("$.timeoutInMinutesOverride", equalTo("90")))
                .withRequestBody(matchingJsonPath("$.queuedTimeoutInMinutesOverride", equalTo("60")))
                .withRequestBody(matchingJsonPath("$.sourceTypeOverride", equalTo("S3")))
                .withRequestBody(matchingJsonPath("$.sourceLocationOverride",
                        equalTo("artifacts/builds/ml-packages/torch-utils/" + FP + "/source.zip")))
                .withRequestBody(matchingJsonPath("$.environmentVariablesOverride[?(@.name == 'ARTIFACT_PREFIX')].value",
                        equalTo("builds/ml-packages/torch-utils/" + FP + "/")))
                .withRequestBody(matchingJsonPath("$.environmentVariablesOverride[?(@.name == 'FINGERPRINT')].value", equalTo(FP)))
                .withRequestBody(matchingJsonPath("$.environmentVariablesOverride[?(@.name == 'PACKAGE_NAME')].value", equalTo("torch-utils")))
                .withRequestBody(matchingJsonPath("$.environmentVariablesOverride[?(@.name == 'ARTIFACT_BUCKET')].value", equalTo("artifacts")))
                .withRequestBody(matchingJsonPath("$.environmentVariablesOverride[?(@.name == 'EXTRA')].value", equalTo("1"))));
    }

    @Test
    void throttledStartIsRetriedWithBackoffThenSucceeds() throws Exception {
        stubStartFailingTwice(json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));

        CodeBuildRunner.Completed done = runner(Duration.ofHours(1)).run(request());

        assertEquals("ml:run-1", done.buildId());
        wm.verify(3, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild")));
        assertEquals(Duration.ofSeconds(2), time.sleeps.get(0));
        assertEquals(Duration.ofSeconds(4), time.sleeps.get(1));
        assertTrue(log.any("refused (throttled)"), log.lines.toString());
    }

    @Test
    void freshRoleNotYetAssumableIsRetriedThenSucceeds() throws Exception {
        stubStartFailingTwice(json(400, "{\"__type\":\"InvalidInputException\",\"message\":"
                + "\"CodeBuild is not authorized to perform: sts:AssumeRole on arn:aws:iam::123456789012:role/ml-build\"}"));

        assertEquals("ml:run-1", runner(Duration.ofHours(1)).run(request()).buildId());
        wm.verify(3, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild")));
        assertTrue(log.any("IAM still propagating"), log.lines.toString());
    }

    @Test
    void otherStartErrorsAreNotRetried() {
        wm.stubFor(target("StartBuild").willReturn(json(400,
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Project cannot be found: ml\"}")));

        PackageBuildFailedException e = assertThrows(PackageBuildFailedException.class, () -> runner(Duration.ofHours(1)).run(request()));

        assertTrue(e.getMessage().contains("ResourceNotFoundException: Project cannot be found: ml"), e.getMessage());
        wm.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void throttlingThatNeverEndsGivesUpAfterTheBoundedAttempts() {
        wm.stubFor(target("StartBuild").willReturn(json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));

        PackageBuildFailedException e = assertThrows(PackageBuildFailedException.class, () -> runner(Duration.ofHours(1)).run(request()));

        assertTrue(e.getMessage().contains("after 8 attempts (throttled)"), e.getMessage());
        wm.verify(8, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aBuildThatOutlastsQueueAndBuildTimeoutsPlusTheMarginIsStoppedAndReported() {
        wm.stubFor(target("StartBuild").willReturn(json(200, START_OK)));
        wm.stubFor(target("BatchGetBuilds").willReturn(json(200, "{\"builds\":[{\"id\":\"ml:run-1\","
                + "\"buildStatus\":\"IN_PROGRESS\",\"currentPhase\":\"BUILD\",\"phases\":["
                + "{\"phaseType\":\"SUBMITTED\",\"phaseStatus\":\"SUCCEEDED\"},{\"phaseType\":\"BUILD\"}],"
                + "\"logs\":{\"deepLink\":\"" + LINK + "\"}}]}")));
        wm.stubFor(target("StopBuild").willReturn(json(200, "{\"build\":{\"id\":\"ml:run-1\","
                + "\"buildStatus\":\"IN_PROGRESS\",\"currentPhase\":\"BUILD\",\"logs\":{\"deepLink\":\"" + LINK + "\"}}}")));

        PackageBuildFailedException e = assertThrows(PackageBuildFailedException.class,
                () -> runner(Duration.ofMinutes(10)).run(request()));

        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StopBuild"))
                .withRequestBody(matchingJsonPath("$.id", equalTo("ml:run-1"))));
        // 60 min queued timeout + 10 min build timeout + 10 min margin
        assertTrue(e.getMessage().contains("TIMED_OUT (no result within PT1H20M; stopped)"), e.getMessage());
        assertTrue(e.getMessage().contains("in phase BUILD"), e.getMessage());
        assertTrue(e.getMessage().contains(LINK), e.getMessage());
        assertEquals(Duration.ofMinutes(80), time.sleeps.stream().reduce(Duration.ZERO, Duration::plus));
        assertTrue(log.any("phase BUILD"), log.lines.toString());
    }

    @Test
    void aBuildQueuedPastItsBuildTimeoutButWithinTheQueuedTimeoutIsNotStopped() throws Exception {
        wm.stubFor(target("StartBuild").willReturn(json(200, START_OK)));
        String queued = "{\"builds\":[{\"id\":\"ml:run-1\",\"buildStatus\":\"IN_PROGRESS\",\"currentPhase\":\"QUEUED\","
                + "\"phases\":[{\"phaseType\":\"SUBMITTED\",\"phaseStatus\":\"SUCCEEDED\"},{\"phaseType\":\"QUEUED\"}]}]}";
        int queuedPolls = 7; // polls at 0, 1, 3, 7, 12, 17, 22 minutes: well past the 10-minute build timeout
        for (int poll = 0; poll < queuedPolls; poll++) {
            wm.stubFor(target("BatchGetBuilds").inScenario("queue").whenScenarioStateIs(poll == 0 ? Scenario.STARTED : "poll-" + poll)
                    .willReturn(json(200, queued)).willSetStateTo("poll-" + (poll + 1)));
        }
        wm.stubFor(target("BatchGetBuilds").inScenario("queue").whenScenarioStateIs("poll-" + queuedPolls)
                .willReturn(json(200, build("SUCCEEDED", "{\"phaseType\":\"BUILD\",\"phaseStatus\":\"SUCCEEDED\"}"))));
        RunnerSettings settings = new RunnerSettings("ml", Duration.ofMinutes(10), Duration.ofMinutes(1),
                Duration.ofMinutes(5), 8, Duration.ofSeconds(2));

        CodeBuildRunner.Completed done = new CodeBuildRunner(client, settings, log, time).run(request());

        assertEquals("ml:run-1", done.buildId());
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StopBuild")));
        Duration waited = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofMinutes(10)) > 0, "waited " + waited);
    }

    /** A run that CodeBuild failed before any command because the file system would not mount. */
    private static String mountFailed(String id, String phase, String message) {
        return "{\"builds\":[{\"id\":\"" + id + "\",\"buildStatus\":\"FAILED\",\"currentPhase\":\"COMPLETED\","
                + "\"phases\":[{\"phaseType\":\"SUBMITTED\",\"phaseStatus\":\"SUCCEEDED\",\"durationInSeconds\":0},"
                + "{\"phaseType\":\"QUEUED\",\"phaseStatus\":\"SUCCEEDED\",\"durationInSeconds\":1},"
                + "{\"phaseType\":\"" + phase + "\",\"phaseStatus\":\"FAILED\",\"durationInSeconds\":64,"
                + "\"contexts\":[{\"statusCode\":\"CLIENT_ERROR\",\"message\":\"" + message + "\"}]},"
                + "{\"phaseType\":\"COMPLETED\"}],\"logs\":{\"deepLink\":\"" + LINK + "\"}}]}";
    }

    private static final String DNS_NOT_YET = "mount.nfs4: Failed to resolve server fs-0abc.efs.eu-west-1.amazonaws.com: "
            + "Name or service not known for fs-0abc.efs.eu-west-1.amazonaws.com:/ on /mnt/efs";

    /** StartBuild hands out run-1, run-2, ...; each run's status is {@code replies[i]}. */
    private static void stubRuns(String... replies) {
        for (int i = 0; i < replies.length; i++) {
            String id = "ml:run-" + (i + 1);
            wm.stubFor(target("StartBuild").inScenario("runs").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "run-" + (i + 1))
                    .willReturn(json(200, "{\"build\":{\"id\":\"" + id + "\",\"buildStatus\":\"IN_PROGRESS\"}}"))
                    .willSetStateTo("run-" + (i + 2)));
            wm.stubFor(target("BatchGetBuilds").withRequestBody(containing(id)).willReturn(json(200, replies[i])));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PROVISIONING", "DOWNLOAD_SOURCE"})
    void aRunThatCouldNotMountTheFileSystemIsRunAgainAndThenSucceeds(String phase) throws Exception {
        stubRuns(mountFailed("ml:run-1", phase, DNS_NOT_YET),
                build("SUCCEEDED", "{\"phaseType\":\"BUILD\",\"phaseStatus\":\"SUCCEEDED\"}").replace("run-1", "run-2"));

        CodeBuildRunner.Completed done = runner(Duration.ofHours(1)).run(request());

        assertEquals("ml:run-2", done.buildId());
        wm.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild")));
        assertTrue(log.any("WARN [torch-utils] build ml:run-1 could not mount the file system (phase " + phase
                + ": CLIENT_ERROR: mount.nfs4: Failed to resolve server"), log.lines.toString());
        assertTrue(log.any("running it again in 30 s (run 2 of 4)"), log.lines.toString());
        assertTrue(time.sleeps.contains(Duration.ofSeconds(30)), time.sleeps.toString());
    }

    @Test
    void aFileSystemThatNeverMountsFailsAfterTheBoundedRunsWithGrowingWaits() {
        stubRuns(mountFailed("ml:run-1", "PROVISIONING", DNS_NOT_YET), mountFailed("ml:run-2", "PROVISIONING", DNS_NOT_YET),
                mountFailed("ml:run-3", "PROVISIONING", DNS_NOT_YET), mountFailed("ml:run-4", "PROVISIONING", DNS_NOT_YET));

        PackageBuildFailedException e = assertThrows(PackageBuildFailedException.class, () -> runner(Duration.ofHours(1)).run(request()));

        assertTrue(e.getMessage().contains("ended FAILED (could not mount the file system in 4 runs) in phase PROVISIONING"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Failed to resolve server fs-0abc"), e.getMessage());
        wm.verify(4, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild")));
        assertEquals(java.util.List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)),
                time.sleeps.stream().filter(d -> d.toSeconds() >= 30).toList());
    }

    @Test
    void otherFailuresBeforeTheBuildspecRunsAreNotRunAgain() {
        stubRuns(mountFailed("ml:run-1", "DOWNLOAD_SOURCE", "AccessDenied: Access Denied for object "
                + "artifacts/builds/ml-packages/torch-utils/source.zip"));

        PackageBuildFailedException e = assertThrows(PackageBuildFailedException.class, () -> runner(Duration.ofHours(1)).run(request()));

        assertTrue(e.getMessage().contains("ended FAILED in phase DOWNLOAD_SOURCE"), e.getMessage());
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeBuild_20161006.StartBuild")));
    }

    private void stubStartFailingTwice(ResponseDefinitionBuilder error) {
        wm.stubFor(target("StartBuild").inScenario("start").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error).willSetStateTo("second"));
        wm.stubFor(target("StartBuild").inScenario("start").whenScenarioStateIs("second")
                .willReturn(error).willSetStateTo("ok"));
        wm.stubFor(target("StartBuild").inScenario("start").whenScenarioStateIs("ok")
                .willReturn(json(200, START_OK)));
        wm.stubFor(target("BatchGetBuilds").willReturn(json(200, build("SUCCEEDED",
                "{\"phaseType\":\"BUILD\",\"phaseStatus\":\"SUCCEEDED\"}"))));
    }
}
