package com.portfolio.infra.training;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spot interruption warning and the rebalance recommendation, each by its own rule, to the
 * handler that marks the instance {@code interrupting}, sends its job again with its checkpoint
 * path (so the interruption does not spend the job's failure budget) and notifies the ops topic.
 * Every target retries briefly (the warning gives two minutes) and has a dead-letter queue.
 * Without a handler the notices go to the ops topic directly, so an interruption is never silent.
 */
public final class SpotInterruption extends ComponentResource {

    public static final String TYPE = "portfolio:training:SpotInterruption";
    static final String COMPONENT = "spot-interruption";

    /** The rules by their role in logical names. */
    static final Map<String, String> NOTICES = orderedNotices();

    /**
     * @param context  where the stack is deployed
     * @param keyArn   the stack key
     * @param training alarm thresholds of the targets' dead-letter queue
     * @param ops      the ops topic
     * @param handler  functions/spot-interruption; @default - none: notices go to the ops topic
     */
    public record Args(StackContext context, Output<String> keyArn, TrainingSettings training, OpsAlerts ops,
                       Optional<EventHandler> handler) {
    }

    public final List<Output<String>> ruleArns;
    /** Each rule's name, by its role ({@link #NOTICES}): EventBridge's metrics are by rule name. */
    public final Map<String, Output<String>> ruleNames;

    public SpotInterruption(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var child = CustomResourceOptions.builder().parent(this).build();
        var rules = new LinkedHashMap<String, EventRule>();
        NOTICES.forEach((role, detailType) -> rules.put(role, new EventRule(name + "-" + role, EventRuleArgs.builder()
                .description(detailType + " for the training fleet of " + context.settings().namePrefix())
                .eventPattern(EventRouting.spotNotice(detailType))
                .tags(context.tags(COMPONENT))
                .build(), child)));
        var arns = new ArrayList<Output<String>>();
        rules.values().forEach(rule -> arns.add(rule.arn()));
        var deadLetters = new EventDeadLetterQueue(name + "-undelivered", new EventDeadLetterQueue.Args(context,
                COMPONENT, args.keyArn(), arns, args.training(), args.ops()),
                ComponentResourceOptions.builder().parent(this).build());
        rules.forEach((role, rule) -> {
            String target = name + "-" + role + "-target";
            if (args.handler().isPresent()) {
                EventTargets.toHandler(target, rule, args.handler().get(), deadLetters.queueArn,
                        EventRouting.SPOT_EVENT_RETRIES, EventRouting.SPOT_EVENT_MAX_AGE_SECONDS, child);
            } else {
                EventTargets.to(target, rule, args.ops().topicArn, deadLetters.queueArn,
                        EventRouting.SPOT_EVENT_RETRIES, EventRouting.SPOT_EVENT_MAX_AGE_SECONDS, child);
            }
        });
        args.handler().ifPresent(handler -> EventTargets.failuresTo(name + "-handler", handler, deadLetters.queueArn,
                args.keyArn(), context.region(), 2, EventRouting.SPOT_EVENT_MAX_AGE_SECONDS, child));
        this.ruleArns = List.copyOf(arns);
        var names = new LinkedHashMap<String, Output<String>>();
        rules.forEach((role, rule) -> names.put(role, rule.name()));
        this.ruleNames = java.util.Collections.unmodifiableMap(names);
        registerOutputs(Map.of());
    }

    private static Map<String, String> orderedNotices() {
        var notices = new LinkedHashMap<String, String>();
        notices.put("interruption", EventRouting.SPOT_INTERRUPTION);
        notices.put("rebalance", EventRouting.REBALANCE);
        return java.util.Collections.unmodifiableMap(notices);
    }
}
