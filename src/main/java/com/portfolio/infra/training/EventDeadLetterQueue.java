package com.portfolio.infra.training;

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
import java.util.List;
import java.util.Map;

/**
 * Where EventBridge puts the events it could not deliver to a rule's target after its retries:
 * a queue under the stack key that only those rules may send to, with alarms on its depth and
 * its oldest message to the ops topic.
 */
public final class EventDeadLetterQueue extends ComponentResource {

    public static final String TYPE = "portfolio:training:EventDeadLetterQueue";

    /**
     * @param context   where the stack is deployed
     * @param component the owning component's tag
     * @param keyArn    the stack key
     * @param ruleArns  the rules whose targets use this queue
     * @param training  the alarm thresholds
     * @param ops       where the alarms go
     */
    public record Args(StackContext context, String component, Output<String> keyArn, List<Output<String>> ruleArns,
                       TrainingSettings training, OpsAlerts ops) {
        public Args {
            ruleArns = List.copyOf(ruleArns);
        }
    }

    public final Output<String> queueArn;

    public EventDeadLetterQueue(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var child = CustomResourceOptions.builder().parent(this).build();
        var queue = new Queue(name + "-queue", QueueArgs.builder()
                .kmsMasterKeyId(args.keyArn())
                .kmsDataKeyReusePeriodSeconds(300)
                .messageRetentionSeconds(JobQueue.DEAD_LETTER_RETENTION_SECONDS)
                .tags(Tags.with(context.tags(args.component()), "purpose", "dead-letter"))
                .build(), child);
        new QueuePolicy(name + "-policy", QueuePolicyArgs.builder()
                .queueUrl(queue.url())
                .policy(Output.tuple(queue.arn(), Output.all(args.ruleArns()))
                        .applyValue(t -> TrainingPolicies.eventDeadLetterQueue(t.t1, t.t2)))
                .build(), child);
        QueueAlarms.create(name + "-depth", context, args.component(), queue.name(), QueueAlarms.DEPTH,
                args.training().deadLetterAlarmMessages(), "Events of " + args.component()
                        + " could not be delivered to their handler", args.ops().topicArn, child);
        QueueAlarms.create(name + "-age", context, args.component(), queue.name(), QueueAlarms.OLDEST_AGE,
                args.training().oldestMessageAlarmSeconds(), "Undelivered events of " + args.component()
                        + " wait unattended", args.ops().topicArn, child);
        this.queueArn = queue.arn();
        registerOutputs(Map.of("queueArn", queueArn));
    }
}
