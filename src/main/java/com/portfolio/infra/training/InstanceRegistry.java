package com.portfolio.infra.training;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.portfolio.infra.storage.DynamoDb;
import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.dynamodb.Table;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which training instances exist and what they do: the {@code instances} table (functions/README.md)
 * and the EC2 state changes that keep it current. The registry handler registers an instance
 * when it is pending or running, deregisters it when it stops or terminates, and expires stale
 * entries; workers heartbeat into the table themselves.
 *
 * <p>EC2 state-change events carry no tags, so the rule cannot select the fleet: it matches
 * every instance's state changes and the handler keeps only instances tagged
 * {@code component=}{@value #FLEET_COMPONENT} with this stack's {@code project} and {@code stack}
 * (see {@link EventRouting#instanceStateChanges()}).
 */
public final class InstanceRegistry extends ComponentResource {

    public static final String TYPE = "portfolio:training:InstanceRegistry";
    static final String COMPONENT = "instance-registry";
    /** The {@code component} tag of the fleet's instances, by which the handler recognises them. */
    public static final String FLEET_COMPONENT = "training-fleet";
    public static final DynamoDb.TableSpec TABLE = new DynamoDb.TableSpec("instances", "instanceId", "expiresAt",
            List.of(new DynamoDb.IndexSpec("byStatus", "status", "updatedAt")));

    /**
     * @param context  where the stack is deployed
     * @param keyArn   the stack key
     * @param training alarm thresholds of the rule's dead-letter queue
     * @param ops      where those alarms go
     * @param handler  builds functions/registry once the table it writes exists; @default - none:
     *                 the rule is declared without a target
     */
    public record Args(StackContext context, Output<String> keyArn, TrainingSettings training, OpsAlerts ops,
                       Optional<HandlerFactory> handler) {
    }

    /** The registry's handler, which needs the table this component creates. */
    @FunctionalInterface
    public interface HandlerFactory {
        EventHandler create(Output<String> tableName, Output<String> tableArn);
    }

    /**
     * How often the handler sweeps stale entries. An instance whose worker hung keeps running and
     * sends no state change, so only a schedule finds it.
     */
    public static final String SWEEP_SCHEDULE = "rate(5 minutes)";

    public final Output<String> tableName;
    public final Output<String> tableArn;
    public final Output<String> ruleArn;

    public InstanceRegistry(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        boolean prod = context.settings().isProduction();
        var child = CustomResourceOptions.builder().parent(this).build();
        var table = new Table(name + "-table", DynamoDb.tableArgs(context, TABLE, args.keyArn(), prod),
                CustomResourceOptions.builder().parent(this).protect(prod).retainOnDelete(prod).build());
        var rule = new EventRule(name + "-state-changes", EventRuleArgs.builder()
                .description("EC2 state changes, for the training fleet's instance registry of "
                        + context.settings().namePrefix())
                .eventPattern(EventRouting.instanceStateChanges())
                .tags(context.tags(COMPONENT))
                .build(), child);
        args.handler().ifPresent(factory -> {
            EventHandler handler = factory.create(table.name(), table.arn());
            var sweep = new EventRule(name + "-sweep", EventRuleArgs.builder()
                    .description("Expires stale entries of the instance registry of " + context.settings().namePrefix())
                    .scheduleExpression(SWEEP_SCHEDULE)
                    .tags(context.tags(COMPONENT))
                    .build(), child);
            var deadLetters = new EventDeadLetterQueue(name + "-undelivered", new EventDeadLetterQueue.Args(context,
                    COMPONENT, args.keyArn(), List.of(rule.arn(), sweep.arn()), args.training(), args.ops()),
                    ComponentResourceOptions.builder().parent(this).build());
            EventTargets.toHandler(name + "-state-changes-target", rule, handler, deadLetters.queueArn,
                    EventRouting.STATE_EVENT_RETRIES, EventRouting.STATE_EVENT_MAX_AGE_SECONDS, child);
            // A missed sweep is made up by the next one: no point retrying it for long.
            EventTargets.toHandler(name + "-sweep-target", sweep, handler, deadLetters.queueArn,
                    1, 300, child);
            EventTargets.failuresTo(name + "-handler", handler, deadLetters.queueArn, args.keyArn(),
                    context.region(), 2, EventRouting.STATE_EVENT_MAX_AGE_SECONDS, child);
        });
        this.tableName = table.name();
        this.tableArn = table.arn();
        this.ruleArn = rule.arn();
        registerOutputs(Map.of("tableName", tableName, "tableArn", tableArn));
    }
}
