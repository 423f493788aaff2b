package com.portfolio.infra.training;

import com.portfolio.infra.training.Asl.And;
import com.portfolio.infra.training.Asl.Catcher;
import com.portfolio.infra.training.Asl.Choice;
import com.portfolio.infra.training.Asl.Compare;
import com.portfolio.infra.training.Asl.Definition;
import com.portfolio.infra.training.Asl.Fail;
import com.portfolio.infra.training.Asl.Not;
import com.portfolio.infra.training.Asl.Pass;
import com.portfolio.infra.training.Asl.Retrier;
import com.portfolio.infra.training.Asl.Rule;
import com.portfolio.infra.training.Asl.State;
import com.portfolio.infra.training.Asl.Succeed;
import com.portfolio.infra.training.Asl.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training workflow: validate the request, make sure the fleet has capacity, hand the job to
 * a worker through the job queue and wait for its report, record the outcome in the jobs table,
 * and hint the fleet to scale in once the queue is drained. Built from typed states, never from
 * a template, so every Task is forced to carry a Retry and a Catch.
 *
 * <p>The job message and the jobs table's attributes follow functions/README.md.
 */
public final class TrainingWorkflowDefinition {

    public static final String VALIDATE = "ValidateInput";
    public static final String INVALID = "InvalidInput";
    public static final String PREPARE = "PrepareJob";
    public static final String DESCRIBE_FLEET = "DescribeFleet";
    public static final String CHECK_CAPACITY = "CheckCapacity";
    public static final String FLEET_NOT_FOUND = "FleetNotFound";
    public static final String SCALE_OUT = "ScaleOut";
    public static final String RUN_JOB = "RunJob";
    public static final String RECORD_RESULT = "RecordResult";
    public static final String CHECK_QUEUE = "CheckQueue";
    public static final String QUEUE_DRAINED = "QueueDrained";
    public static final String SCALE_IN = "ScaleInHint";
    public static final String DONE = "Done";
    public static final String RECORD_FAILURE = "RecordFailure";
    public static final String JOB_FAILED = "JobFailed";
    public static final String RECORD_HINT_FAILURE = "RecordHintFailure";
    public static final String HINT_FAILED = "ScaleInHintFailed";

    /** Integrations the workflow calls (https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html). */
    public static final String DESCRIBE_GROUPS = "arn:aws:states:::aws-sdk:autoscaling:describeAutoScalingGroups";
    public static final String SET_DESIRED = "arn:aws:states:::aws-sdk:autoscaling:setDesiredCapacity";
    public static final String SEND_AND_WAIT = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
    public static final String QUEUE_ATTRIBUTES = "arn:aws:states:::aws-sdk:sqs:getQueueAttributes";
    public static final String UPDATE_ITEM = "arn:aws:states:::dynamodb:updateItem";

    /**
     * Errors worth retrying, per integration: throttling, service faults and the client's own
     * network errors. Step Functions names them ServiceName.ExceptionName
     * (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
     * A worker's own failure report is never among them: it is a verdict on the job.
     */
    static final List<String> AUTOSCALING_TRANSIENT = List.of("AutoScaling.ThrottlingException",
            "AutoScaling.ResourceContentionException", "AutoScaling.SdkClientException");
    static final List<String> SQS_TRANSIENT = List.of("SQS.SdkClientException", "SQS.AmazonSQSException");
    static final List<String> SQS_SDK_TRANSIENT = List.of("Sqs.SdkClientException", "Sqs.RequestThrottledException",
            "Sqs.SqsException");
    static final List<String> DYNAMODB_TRANSIENT = List.of("DynamoDB.ProvisionedThroughputExceededException",
            "DynamoDB.ThrottlingException", "DynamoDB.RequestLimitExceeded", "DynamoDB.InternalServerErrorException",
            "DynamoDB.SdkClientException");
    /** A scale-in refused because the group is still in its cooldown: the hint is simply not taken. */
    static final String SCALING_IN_PROGRESS = "AutoScaling.ScalingActivityInProgressException";

    /**
     * What the definition refers to, resolved.
     *
     * @param jobsQueueUrl      the job queue
     * @param jobsTableName     the {@code training-jobs} table
     * @param fleetGroupName    the Auto Scaling group of the training fleet
     * @param jobTimeoutSeconds the longest a job may take end to end
     */
    public record Inputs(String jobsQueueUrl, String jobsTableName, String fleetGroupName, int jobTimeoutSeconds) {
    }

    private TrainingWorkflowDefinition() {
    }

    public static Definition build(Inputs in) {
        var states = new LinkedHashMap<String, State>();
        // Choice rules are tried in order, so each test only sees a value the earlier ones let through
        // (comparing a missing field would stop the execution with States.Runtime, which no Catch sees).
        states.put(VALIDATE, new Choice(List.of(
                new Rule(new Not(new Compare("$.jobId", "IsPresent", true)), INVALID),
                new Rule(new Not(new Compare("$.jobId", "IsString", true)), INVALID),
                new Rule(new Compare("$.jobId", "StringEquals", ""), INVALID),
                new Rule(new Not(new Compare("$.input", "IsPresent", true)), INVALID)), PREPARE));
        states.put(INVALID, new Fail("InvalidJobRequest",
                "expected {\"jobId\": a non-empty string, \"input\": the job's request}"));
        states.put(PREPARE, new Pass(Map.of(
                "jobId.$", "$.jobId",
                "input.$", "$.input",
                "checkpointPath.$", "States.Format('/checkpoints/{}/', $.jobId)",
                "interruptions", 0), "$", DESCRIBE_FLEET));

        states.put(DESCRIBE_FLEET, task(DESCRIBE_GROUPS,
                Map.of("AutoScalingGroupNames", List.of(in.fleetGroupName())),
                Map.of("groups.$", "$.AutoScalingGroups"), "$.fleet", AUTOSCALING_TRANSIENT, CHECK_CAPACITY));
        states.put(CHECK_CAPACITY, new Choice(List.of(
                new Rule(new Not(new Compare("$.fleet.groups[0]", "IsPresent", true)), FLEET_NOT_FOUND),
                new Rule(new Compare("$.fleet.groups[0].DesiredCapacity", "NumericEquals", 0), SCALE_OUT)), RUN_JOB));
        states.put(FLEET_NOT_FOUND, new Pass(Map.of(
                "Error", "FleetNotFound",
                "Cause", "no Auto Scaling group named " + in.fleetGroupName() + " to run the job on"), "$.error", RECORD_FAILURE));
        // Desired 1 is enough to start: the fleet's own scaling on queue depth takes it from there.
        states.put(SCALE_OUT, task(SET_DESIRED,
                Map.of("AutoScalingGroupName", in.fleetGroupName(), "DesiredCapacity", 1, "HonorCooldown", false),
                null, null, AUTOSCALING_TRANSIENT, RUN_JOB));

        var message = new LinkedHashMap<String, Object>();
        message.put("jobId.$", "$.jobId");
        message.put("taskToken.$", "$$.Task.Token");
        message.put("input.$", "$.input");
        message.put("checkpointPath.$", "$.checkpointPath");
        message.put("interruptions.$", "$.interruptions");
        // The worker reports with SendTaskSuccess/SendTaskFailure; its failure report is not
        // retried: a job is never sent twice. No HeartbeatSeconds: the token waits in the queue
        // for as long as the fleet takes to start an instance (from zero, or at its maximum with a
        // backlog), and a worker that goes silent loses the message to another worker once its
        // visibility lapses, which resumes the job on the same token from its checkpoint. A
        // heartbeat timeout would fail jobs that are waiting or being resumed; the job timeout
        // bounds the whole run instead.
        states.put(RUN_JOB, new Task(SEND_AND_WAIT, Map.of("QueueUrl", in.jobsQueueUrl(), "MessageBody", message),
                null, "$.result", null, in.jobTimeoutSeconds(),
                List.of(retry(SQS_TRANSIENT)), List.of(toRecordFailure()), RECORD_RESULT));

        states.put(RECORD_RESULT, task(UPDATE_ITEM, Map.of(
                "TableName", in.jobsTableName(),
                "Key", jobKey(),
                "UpdateExpression", "SET #status = :succeeded, #result = :result, updatedAt = :now REMOVE instanceId",
                "ExpressionAttributeNames", Map.of("#status", "status", "#result", "result"),
                "ExpressionAttributeValues", Map.of(
                        ":succeeded", Map.of("S", "succeeded"),
                        // ASL cannot turn any JSON into DynamoDB's typed form: the report is kept as its JSON text.
                        ":result", Map.of("M", Map.of("output", Map.of("S.$", "States.JsonToString($.result)"))),
                        ":now", Map.of("S.$", "$$.State.EnteredTime"))),
                null, null, DYNAMODB_TRANSIENT, CHECK_QUEUE));

        states.put(CHECK_QUEUE, hintTask(QUEUE_ATTRIBUTES, Map.of("QueueUrl", in.jobsQueueUrl(),
                        "AttributeNames", List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")),
                Map.of("waiting.$", "States.StringToJson($.Attributes.ApproximateNumberOfMessages)",
                        "inFlight.$", "States.StringToJson($.Attributes.ApproximateNumberOfMessagesNotVisible)"),
                "$.queue", SQS_SDK_TRANSIENT, List.of(), QUEUE_DRAINED));
        states.put(QUEUE_DRAINED, new Choice(List.of(new Rule(new And(List.of(
                new Compare("$.queue.waiting", "NumericEquals", 0),
                new Compare("$.queue.inFlight", "NumericEquals", 0))), SCALE_IN)), DONE));
        // A hint, not an order: the cooldown is honoured, and instances protected from scale-in
        // while they train are kept by Auto Scaling whatever the desired count says.
        states.put(SCALE_IN, hintTask(SET_DESIRED,
                Map.of("AutoScalingGroupName", in.fleetGroupName(), "DesiredCapacity", 0, "HonorCooldown", true),
                null, null, AUTOSCALING_TRANSIENT, List.of(new Catcher(List.of(SCALING_IN_PROGRESS), null, DONE)), DONE));
        states.put(DONE, new Succeed());

        states.put(RECORD_FAILURE, new Task(UPDATE_ITEM, Map.of(
                "TableName", in.jobsTableName(),
                "Key", jobKey(),
                "UpdateExpression", "SET #status = :failed, #error = :error, updatedAt = :now ADD failures :one",
                "ExpressionAttributeNames", Map.of("#status", "status", "#error", "error"),
                "ExpressionAttributeValues", Map.of(
                        ":failed", Map.of("S", "failed"),
                        ":error", errorMap(),
                        ":now", Map.of("S.$", "$$.State.EnteredTime"),
                        ":one", Map.of("N", "1"))),
                null, null, null, null, List.of(retry(DYNAMODB_TRANSIENT)),
                List.of(new Catcher(List.of("States.ALL"), "$.recordError", JOB_FAILED)), JOB_FAILED));
        states.put(JOB_FAILED, new Fail("TrainingJobFailed", "the job failed; its error is in the jobs table"));

        states.put(RECORD_HINT_FAILURE, new Task(UPDATE_ITEM, Map.of(
                "TableName", in.jobsTableName(),
                "Key", jobKey(),
                "UpdateExpression", "SET scaleInHintError = :error",
                "ExpressionAttributeValues", Map.of(":error", errorMap())),
                null, null, null, null, List.of(retry(DYNAMODB_TRANSIENT)),
                List.of(new Catcher(List.of("States.ALL"), "$.recordError", HINT_FAILED)), HINT_FAILED));
        states.put(HINT_FAILED, new Fail("ScaleInHintFailed",
                "the job succeeded and its result is recorded; the scale-in hint could not be given"));

        return new Definition("Trains one job: capacity, queue, worker report, result (functions/README.md)",
                VALIDATE, in.jobTimeoutSeconds(), states);
    }

    /** A Task on the job's path: its failures are the job's, recorded as such. */
    private static Task task(String resource, Map<String, Object> parameters, Map<String, Object> selector,
                             String resultPath, List<String> transientErrors, String next) {
        return new Task(resource, parameters, selector, resultPath, null, null, List.of(retry(transientErrors)),
                List.of(toRecordFailure()), next);
    }

    /** A Task after the result is recorded: its failures are noted beside the result, which stays. */
    private static Task hintTask(String resource, Map<String, Object> parameters, Map<String, Object> selector,
                                 String resultPath, List<String> transientErrors, List<Catcher> expected, String next) {
        var catchers = new java.util.ArrayList<>(expected);
        catchers.add(new Catcher(List.of("States.ALL"), "$.error", RECORD_HINT_FAILURE));
        return new Task(resource, parameters, selector, resultPath, null, null, List.of(retry(transientErrors)),
                catchers, next);
    }

    private static Retrier retry(List<String> errors) {
        return new Retrier(errors, 2, 4, 2.0);
    }

    private static Catcher toRecordFailure() {
        return new Catcher(List.of("States.ALL"), "$.error", RECORD_FAILURE);
    }

    private static Map<String, Object> jobKey() {
        return Map.of("jobId", Map.of("S.$", "$.jobId"));
    }

    /** The caught error as a map: its name, and the whole error object as JSON text (Cause may be absent). */
    private static Map<String, Object> errorMap() {
        return Map.of("M", Map.of(
                "Error", Map.of("S.$", "$.error.Error"),
                "detail", Map.of("S.$", "States.JsonToString($.error)")));
    }
}
