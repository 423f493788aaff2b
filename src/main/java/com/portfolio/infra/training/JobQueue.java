package com.portfolio.infra.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.sqs.QueuePolicy;
import com.pulumi.aws.sqs.QueuePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queue of training jobs and its dead-letter queue, both under the stack key. A job whose
 * message is received {@code receiveLimit} times without being deleted (its worker failed or
 * died each time) moves to the dead-letter queue, which raises an alarm. Interruptions do not
 * count: the interruption handler sends the job again as a new message (functions/README.md).
 */
public final class JobQueue extends ComponentResource {

    public static final String TYPE = "portfolio:training:JobQueue";
    static final String COMPONENT = "job-queue";
    /** Longer than any job may run (TrainingSettings.MAX_JOB_TIMEOUT_SECONDS): in-flight messages expire too. */
    public static final int RETENTION_SECONDS = 7 * 86_400;
    /** SQS's longest retention, so a failed job waits two weeks for someone to look at it. */
    public static final int DEAD_LETTER_RETENTION_SECONDS = 14 * 86_400;
    /** Long polling: workers wait for a message instead of paying for empty receives. */
    static final int RECEIVE_WAIT_SECONDS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param context  where the stack is deployed
     * @param keyArn   the stack key, which encrypts both queues
     * @param training receive limit, visibility timeout and alarm thresholds
     * @param ops      where the alarms go
     */
    public record Args(StackContext context, Output<String> keyArn, TrainingSettings training, OpsAlerts ops) {
    }

    public final Output<String> queueUrl;
    public final Output<String> queueArn;
    public final Output<String> queueName;
    public final Output<String> deadLetterQueueName;
    public final Output<String> deadLetterQueueArn;

    public JobQueue(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var training = args.training();
        var child = CustomResourceOptions.builder().parent(this).build();

        var deadLetters = new Queue(name + "-dlq", QueueArgs.builder()
                .kmsMasterKeyId(args.keyArn())
                .kmsDataKeyReusePeriodSeconds(300)
                .messageRetentionSeconds(DEAD_LETTER_RETENTION_SECONDS)
                .tags(Tags.with(context.tags(COMPONENT), "purpose", "dead-letter"))
                .build(), child);
        var queue = new Queue(name + "-queue", QueueArgs.builder()
                .kmsMasterKeyId(args.keyArn())
                .kmsDataKeyReusePeriodSeconds(300)
                .messageRetentionSeconds(RETENTION_SECONDS)
                .visibilityTimeoutSeconds(training.visibilityTimeoutSeconds())
                .receiveWaitTimeSeconds(RECEIVE_WAIT_SECONDS)
                .redrivePolicy(deadLetters.arn().applyValue(dlq -> redrivePolicy(dlq, training.receiveLimit())))
                .tags(Tags.with(context.tags(COMPONENT), "purpose", "job-queue"))
                .build(), child);
        queuePolicy(name + "-queue-policy", context, queue, child);
        queuePolicy(name + "-dlq-policy", context, deadLetters, child);

        QueueAlarms.create(name + "-dlq-depth", context, COMPONENT, deadLetters.name(), QueueAlarms.DEPTH,
                training.deadLetterAlarmMessages(), "Training jobs failed " + training.receiveLimit()
                        + " times and wait in the dead-letter queue", args.ops().topicArn, child);
        QueueAlarms.create(name + "-dlq-age", context, COMPONENT, deadLetters.name(), QueueAlarms.OLDEST_AGE,
                training.oldestMessageAlarmSeconds(), "A failed training job has waited unattended in the dead-letter queue",
                args.ops().topicArn, child);
        QueueAlarms.create(name + "-queue-age", context, COMPONENT, queue.name(), QueueAlarms.OLDEST_AGE,
                training.oldestMessageAlarmSeconds(), "A training job has waited too long for a worker (no capacity?)",
                args.ops().topicArn, child);

        this.queueUrl = queue.url();
        this.queueArn = queue.arn();
        this.queueName = queue.name();
        this.deadLetterQueueName = deadLetters.name();
        this.deadLetterQueueArn = deadLetters.arn();
        registerOutputs(Map.of("queueUrl", queueUrl, "queueArn", queueArn, "deadLetterQueueArn", deadLetterQueueArn));
    }

    private static void queuePolicy(String name, StackContext context, Queue queue, CustomResourceOptions options) {
        new QueuePolicy(name, QueuePolicyArgs.builder()
                .queueUrl(queue.url())
                .policy(Output.tuple(queue.arn(), context.accountId()).applyValue(t ->
                        TrainingPolicies.jobQueue(t.t1, t.t2, context.settings().project(), context.settings().stack())))
                .build(), options);
    }

    /** SQS's redrive policy: after {@code receiveLimit} receives, the message moves to the dead-letter queue. */
    static String redrivePolicy(String deadLetterQueueArn, int receiveLimit) {
        var policy = new LinkedHashMap<String, Object>();
        policy.put("deadLetterTargetArn", deadLetterQueueArn);
        policy.put("maxReceiveCount", receiveLimit);
        try {
            return JSON.writeValueAsString(policy);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a redrive policy of a string and a number did not serialise", e);
        }
    }
}
