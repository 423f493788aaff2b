package com.portfolio.infra.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.training.Asl.Catcher;
import com.portfolio.infra.training.Asl.Definition;
import com.portfolio.infra.training.Asl.Retrier;
import com.portfolio.infra.training.Asl.Succeed;
import com.portfolio.infra.training.Asl.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The workflow's definition as built: every Task retries transient errors and catches into a
 * path that records the failure and fails; the job message is the one functions/README.md
 * describes; the text matches the copy that src/test/workflow validates and runs locally.
 */
class TrainingWorkflowDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The copy the node tests read; rewrite it with -Dworkflow.update=true after a deliberate change. */
    static final Path GOLDEN = Path.of("src/test/workflow/training-workflow.asl.json");
    static final TrainingWorkflowDefinition.Inputs INPUTS = new TrainingWorkflowDefinition.Inputs(
            "https://sqs.us-east-1.amazonaws.com/123456789012/portfolio-dev-jobs", "portfolio-dev-training-jobs",
            "portfolio-dev-fleet", 86_400);

    private static JsonNode built() throws Exception {
        return JSON.readTree(TrainingWorkflowDefinition.build(INPUTS).toJson());
    }

    private static List<String> tasks(JsonNode definition) {
        var names = new ArrayList<String>();
        definition.get("States").properties().forEach(e -> {
            if (e.getValue().get("Type").asText().equals("Task")) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    /** Problems of the definition: a Task without Retry or without a Catch that leads to a recorded failure. */
    static List<String> unguardedTasks(JsonNode definition) {
        var problems = new ArrayList<String>();
        JsonNode states = definition.get("States");
        for (String name : tasks(definition)) {
            JsonNode task = states.get(name);
            if (!task.path("Retry").isArray() || task.path("Retry").isEmpty()) {
                problems.add(name + " has no Retry");
            }
            boolean caught = false;
            for (JsonNode c : task.path("Catch")) {
                caught |= c.path("ErrorEquals").toString().contains("States.ALL") && reachesFail(states, c.path("Next").asText(), 0);
            }
            if (!caught) {
                problems.add(name + " has no Catch of States.ALL that ends in a Fail state");
            }
        }
        return problems;
    }

    private static boolean reachesFail(JsonNode states, String name, int depth) {
        JsonNode state = states.get(name);
        if (state == null || depth > states.size()) {
            return false;
        }
        return state.get("Type").asText().equals("Fail") || reachesFail(states, state.path("Next").asText(), depth + 1);
    }

    @Test
    void everyTaskRetriesTransientErrorsAndCatchesIntoARecordedFailure() throws Exception {
        JsonNode definition = built();
        assertEquals(List.of(TrainingWorkflowDefinition.DESCRIBE_FLEET, TrainingWorkflowDefinition.SCALE_OUT,
                TrainingWorkflowDefinition.RUN_JOB, TrainingWorkflowDefinition.RECORD_RESULT,
                TrainingWorkflowDefinition.CHECK_QUEUE, TrainingWorkflowDefinition.SCALE_IN,
                TrainingWorkflowDefinition.RECORD_FAILURE, TrainingWorkflowDefinition.RECORD_HINT_FAILURE), tasks(definition));
        assertEquals(List.of(), unguardedTasks(definition));
        JsonNode states = definition.get("States");
        for (String job : List.of(TrainingWorkflowDefinition.DESCRIBE_FLEET, TrainingWorkflowDefinition.SCALE_OUT,
                TrainingWorkflowDefinition.RUN_JOB, TrainingWorkflowDefinition.RECORD_RESULT)) {
            JsonNode last = states.get(job).get("Catch").get(states.get(job).get("Catch").size() - 1);
            assertEquals(TrainingWorkflowDefinition.RECORD_FAILURE, last.get("Next").asText(), job);
            assertEquals("$.error", last.get("ResultPath").asText(), job);
        }
    }

    @Test
    void theGuardCheckSeesATaskThatLacksItsRetryOrCatch() throws Exception {
        JsonNode definition = built();
        var noRetry = (com.fasterxml.jackson.databind.node.ObjectNode) definition.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noRetry.get("States").get("RunJob")).remove("Retry");
        assertEquals(List.of("RunJob has no Retry"), unguardedTasks(noRetry));
        var catchToSucceed = (com.fasterxml.jackson.databind.node.ObjectNode) definition.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) catchToSucceed.get("States").get("RecordResult").get("Catch").get(0))
                .put("Next", "Done");
        assertEquals(List.of("RecordResult has no Catch of States.ALL that ends in a Fail state"), unguardedTasks(catchToSucceed));
    }

    @Test
    void aTaskWithoutRetryOrCatchCannotBeBuilt() {
        var retry = List.of(new Retrier(List.of("States.Timeout"), 1, 2, 2.0));
        var message = assertThrows(IllegalArgumentException.class, () -> new Task("arn:aws:states:::dynamodb:updateItem",
                Map.of(), null, null, null, null, retry, List.of(), null)).getMessage();
        assertEquals("task arn:aws:states:::dynamodb:updateItem: got 1 retrier(s) and 0 catcher(s); expected at least "
                + "one of each (a Retry for transient errors and a Catch into a state that records the failure)", message);
        assertThrows(IllegalArgumentException.class, () -> new Task("arn:aws:states:::dynamodb:updateItem",
                Map.of(), null, null, null, null, List.of(), List.of(new Catcher(List.of("States.ALL"), "$.error", "X")), null));
    }

    @Test
    void aDefinitionThatNamesAMissingOrUnreachableStateCannotBeBuilt() {
        var states = new LinkedHashMap<String, Asl.State>();
        states.put("Start", new Asl.Pass(Map.of(), "$", "Nowhere"));
        assertEquals("state Start: moves to Nowhere, which is not one of [Start]",
                assertThrows(IllegalArgumentException.class, () -> new Definition("c", "Start", 60, states)).getMessage());
        states.put("Start", new Succeed());
        states.put("Orphan", new Succeed());
        assertEquals("state machine: states [Orphan] cannot be reached from Start",
                assertThrows(IllegalArgumentException.class, () -> new Definition("c", "Start", 60, states)).getMessage());
    }

    @Test
    void theJobMessageCarriesTheTokenAndWaitsForTheJobNotForAHeartbeat() throws Exception {
        JsonNode run = built().get("States").get(TrainingWorkflowDefinition.RUN_JOB);
        assertEquals("arn:aws:states:::sqs:sendMessage.waitForTaskToken", run.get("Resource").asText());
        // A job waits in the queue while the fleet starts from zero, and a silent worker's job is
        // resumed by another on the same token: a heartbeat timeout would fail both.
        assertFalse(run.has("HeartbeatSeconds"), run.toString());
        assertEquals(86_400, run.get("TimeoutSeconds").asInt());
        assertEquals(INPUTS.jobsQueueUrl(), run.get("Parameters").get("QueueUrl").asText());
        JsonNode body = run.get("Parameters").get("MessageBody");
        assertEquals(List.of("checkpointPath.$", "input.$", "interruptions.$", "jobId.$", "taskToken.$"),
                iterableToList(body.fieldNames()));
        assertEquals("$$.Task.Token", body.get("taskToken.$").asText());
        // A worker's failure report or the job timeout is a verdict on the job, never retried (no second send).
        String retried = run.get("Retry").toString();
        assertFalse(retried.contains("States.ALL") || retried.contains("States.TaskFailed")
                || retried.contains("States.HeartbeatTimeout") || retried.contains("States.Timeout"), retried);
        assertEquals(86_400, built().get("TimeoutSeconds").asInt());
    }

    @Test
    void theDefinitionMatchesTheCopyTheLocalRunsUse() throws Exception {
        String text = TrainingWorkflowDefinition.build(INPUTS).toJson() + "\n";
        if (Boolean.getBoolean("workflow.update")) {
            Files.writeString(GOLDEN, text);
        }
        assertTrue(Files.exists(GOLDEN), GOLDEN + " is missing; write it with -Dworkflow.update=true");
        assertEquals(Files.readString(GOLDEN), text, GOLDEN + " is stale: the node tests would validate and run an old "
                + "definition; rewrite it with mvn -o -q -B test -Dtest=TrainingWorkflowDefinitionTest -Dworkflow.update=true");
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        var list = new ArrayList<String>();
        it.forEachRemaining(list::add);
        return list;
    }
}
