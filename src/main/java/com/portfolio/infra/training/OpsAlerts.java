package com.portfolio.infra.training;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * The ops topic: where alarms, spot interruptions and the handlers' notices go. Encrypted with
 * the stack key, whose policy lets EventBridge and CloudWatch alarms use it (StackKeyPolicy);
 * the topic policy lets them publish, from this account only. It stands apart from
 * {@link SpotInterruption} because the handlers publish to it and the rules target the handlers:
 * the topic comes first, then the handlers, then the rules.
 */
public final class OpsAlerts extends ComponentResource {

    public static final String TYPE = "portfolio:training:OpsAlerts";
    static final String COMPONENT = "ops-alerts";
    /** OPS-TAG-02's value for the ops topic. */
    static final String PURPOSE = "ops-alerts";

    /**
     * @param context  where the stack is deployed
     * @param keyArn   the stack key
     * @param training the e-mail address to subscribe, if any
     */
    public record Args(StackContext context, Output<String> keyArn, TrainingSettings training) {
    }

    public final Output<String> topicArn;

    public OpsAlerts(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var child = CustomResourceOptions.builder().parent(this).build();
        var topic = new Topic(name + "-topic", TopicArgs.builder()
                .displayName("Training alerts of " + context.settings().namePrefix())
                .kmsMasterKeyId(args.keyArn())
                .tags(Tags.with(context.tags(COMPONENT), "purpose", PURPOSE))
                .build(), child);
        new TopicPolicy(name + "-policy", TopicPolicyArgs.builder()
                .arn(topic.arn())
                .policy(Output.tuple(topic.arn(), context.accountId())
                        .applyValue(t -> TrainingPolicies.opsTopic(t.t1, t.t2)))
                .build(), child);
        String email = args.training().opsEmail();
        if (email != null) {
            // Stays pending until the recipient confirms the message SNS sends.
            new TopicSubscription(name + "-email", TopicSubscriptionArgs.builder()
                    .topic(topic.arn())
                    .protocol("email")
                    .endpoint(email)
                    .build(), child);
        }
        this.topicArn = topic.arn();
        registerOutputs(Map.of("topicArn", topicArn));
    }
}
