package com.portfolio.infra.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.testsupport.TestStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * GIVEN both stack files and the deploy workflow / WHEN the longest update a stack can make is
 * worked out from its build settings / THEN the workflow's job and its AWS session outlast it, so
 * raising a build timeout without the workflow fails here rather than half way through a deploy,
 * where a job cut off leaves the stack's state with pending operations and an expired session
 * fails every remaining AWS call.
 */
class DeployTimeoutsTest {

    private static final Path WORKFLOW = Path.of(".github/workflows/deploy.yml");
    /** Everything in an update but the builds: creating the network, NAT gateways, mount targets. */
    static final int REST_OF_UPDATE_MINUTES = 30;
    /** Checkout, Maven build with every test, and the offline plan, before the credentials step. */
    static final int STEPS_BEFORE_CREDENTIALS_MINUTES = 20;
    /** GitHub-hosted runners stop a job after 6 hours whatever it asks for. */
    static final int HOSTED_JOB_LIMIT_MINUTES = 360;
    /** IAM's ceiling for a role's MaxSessionDuration. */
    static final int MAX_ROLE_SESSION_SECONDS = 12 * 3600;

    /**
     * The longest `pulumi up` of a stack: each build may first wait CodeBuild's queued timeout,
     * then run to its build timeout (packages of one component build in parallel), the ML
     * packages and the layer one after the other at worst, plus the rest of the update.
     */
    static int longestUpdateMinutes(StackSettings settings) {
        int ml = CodeBuildProject.QUEUED_TIMEOUT_MINUTES + settings.mlTraining().buildTimeoutMinutes();
        int layer = CodeBuildProject.QUEUED_TIMEOUT_MINUTES + settings.lambdaLayer().buildTimeoutMinutes();
        return ml + layer + REST_OF_UPDATE_MINUTES;
    }

    record Limits(int jobMinutes, int sessionSeconds) {
    }

    /** The deploy job's timeout and the role session its credentials step asks for. */
    @SuppressWarnings("unchecked")
    static Limits workflowLimits(String text) {
        var workflow = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        var job = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("up");
        var credentials = ((List<Map<String, Object>>) job.get("steps")).stream()
                .filter(step -> String.valueOf(step.get("uses")).startsWith("aws-actions/configure-aws-credentials@"))
                .toList();
        assertEquals(1, credentials.size(), "one credentials step in the deploy job");
        var with = (Map<String, Object>) credentials.get(0).get("with");
        return new Limits(((Number) job.get("timeout-minutes")).intValue(),
                ((Number) with.get("role-duration-seconds")).intValue());
    }

    /** What is wrong with the limits for a stack, or null. */
    static String problem(String stack, int longestMinutes, Limits limits) {
        int neededJob = longestMinutes + STEPS_BEFORE_CREDENTIALS_MINUTES;
        if (limits.sessionSeconds() < longestMinutes * 60) {
            return WORKFLOW + ": role-duration-seconds is " + limits.sessionSeconds() + " but an update of stack " + stack
                    + " may take " + longestMinutes + " minutes; expected at least " + longestMinutes * 60
                    + " (and the deploy role's MaxSessionDuration at least as long)";
        }
        if (limits.jobMinutes() < neededJob) {
            return WORKFLOW + ": timeout-minutes is " + limits.jobMinutes() + " but stack " + stack + " needs "
                    + longestMinutes + " minutes for the update and " + STEPS_BEFORE_CREDENTIALS_MINUTES
                    + " before it; expected at least " + neededJob;
        }
        if (limits.jobMinutes() > HOSTED_JOB_LIMIT_MINUTES || limits.sessionSeconds() > MAX_ROLE_SESSION_SECONDS) {
            return WORKFLOW + ": timeout-minutes " + limits.jobMinutes() + " / role-duration-seconds "
                    + limits.sessionSeconds() + " exceed what GitHub-hosted runners (" + HOSTED_JOB_LIMIT_MINUTES
                    + " minutes) or IAM (" + MAX_ROLE_SESSION_SECONDS + " seconds) allow; expected stack " + stack
                    + "'s build timeouts lowered so an update fits";
        }
        return null;
    }

    @Test
    void theDeployJobAndItsAwsSessionOutlastTheLongestUpdateOfEitherStack() throws IOException {
        Limits limits = workflowLimits(Files.readString(WORKFLOW));
        for (String stack : List.of("dev", "prod")) {
            StackSettings settings = StackSettingsParser.parse("portfolio", stack,
                    RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")), Path.of("."));
            assertEquals(null, problem(stack, longestUpdateMinutes(settings), limits));
        }
    }

    @Test
    void theLongestUpdateCountsBothQueuesBothBuildsAndTheRest() {
        StackSettings settings = TestStacks.settings("prod", Map.of("ml-training:buildTimeoutMinutes", "120",
                "lambda-layer:buildTimeoutMinutes", "20"));
        assertEquals(60 + 120 + 60 + 20 + 30, longestUpdateMinutes(settings));
    }

    @Test
    void aRaisedBuildTimeoutThatTheWorkflowDoesNotCoverIsNamed() {
        Limits limits = new Limits(320, 18000);
        StackSettings longer = TestStacks.settings("prod", Map.of("ml-training:buildTimeoutMinutes", "150"));
        assertEquals(WORKFLOW + ": role-duration-seconds is 18000 but an update of stack prod may take 320 minutes; "
                        + "expected at least 19200 (and the deploy role's MaxSessionDuration at least as long)",
                problem("prod", longestUpdateMinutes(longer), limits));
        assertEquals(WORKFLOW + ": timeout-minutes is 300 but stack prod needs 290 minutes for the update and 20 "
                        + "before it; expected at least 310",
                problem("prod", 290, new Limits(300, 18000)));
        assertTrue(problem("prod", 600, new Limits(620, 36000)).contains("exceed what GitHub-hosted runners (360 minutes)"));
    }
}
