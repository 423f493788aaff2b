package com.portfolio.infra.training;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.portfolio.infra.support.Policies;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.aws.sfn.StateMachineArgs;
import com.pulumi.aws.sfn.inputs.StateMachineLoggingConfigurationArgs;
import com.pulumi.aws.sfn.inputs.StateMachineTracingConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * The training workflow's state machine ({@link TrainingWorkflowDefinition}), its role limited
 * to what its tasks touch, and its log group (retention, stack key); X-Ray tracing on.
 */
public final class TrainingWorkflow extends ComponentResource {

    public static final String TYPE = "portfolio:training:TrainingWorkflow";
    static final String COMPONENT = "training-workflow";

    /**
     * @param context       where the stack is deployed
     * @param keyArn        the stack key: encrypts the log group and the job queue the workflow sends to
     * @param training      timeouts, the fleet's group and the log level
     * @param jobs          the job queue
     * @param jobsTableName the {@code training-jobs} table
     * @param jobsTableArn  the same table, for the role
     */
    public record Args(StackContext context, Output<String> keyArn, TrainingSettings training, JobQueue jobs,
                       Output<String> jobsTableName, Output<String> jobsTableArn) {
    }

    public final Output<String> stateMachineArn;
    public final Output<String> roleArn;

    public TrainingWorkflow(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var settings = context.settings();
        var training = args.training();
        var child = CustomResourceOptions.builder().parent(this).build();
        String fleetGroup = training.fleetGroupName(settings.namePrefix());

        // The /aws/vendedlogs/ prefix keeps Step Functions' log delivery under CloudWatch's
        // resource-policy size limit (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
                .name(logGroupName(settings.namePrefix()))
                .retentionInDays(settings.logRetentionDays())
                .kmsKeyId(args.keyArn())
                .tags(context.tags(COMPONENT))
                .build(), child);
        var role = new Role(name + "-role", RoleArgs.builder()
                .description("Runs the training workflow of " + settings.namePrefix())
                .assumeRolePolicy(context.accountId().applyValue(account -> Policies.assumeRoleBy("states.amazonaws.com", account)))
                .tags(context.tags(COMPONENT))
                .build(), child);
        var policy = new RolePolicy(name + "-role", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(context.accountId(), args.jobs().queueArn, args.jobsTableArn(), args.keyArn())
                        .applyValue(t -> TrainingPolicies.workflowRole(context.partition(), context.region(), t.t1,
                                fleetGroup, t.t2, t.t3, t.t4)))
                .build(), child);
        var definition = Output.tuple(args.jobs().queueUrl, args.jobsTableName()).applyValue(t ->
                TrainingWorkflowDefinition.build(new TrainingWorkflowDefinition.Inputs(t.t1, t.t2, fleetGroup,
                        training.jobTimeoutSeconds())).toJson());
        // Created after its policy: Step Functions checks the role can deliver logs when the machine is created.
        var machine = new StateMachine(name + "-machine", StateMachineArgs.builder()
                .type("STANDARD")
                .roleArn(role.arn())
                .definition(definition)
                .loggingConfiguration(StateMachineLoggingConfigurationArgs.builder()
                        .level(training.workflowLogLevel())
                        .includeExecutionData(training.workflowLogExecutionData())
                        .logDestination(logGroup.arn().applyValue(arn -> arn + ":*"))
                        .build())
                .tracingConfiguration(StateMachineTracingConfigurationArgs.builder().enabled(true).build())
                .tags(context.tags(COMPONENT))
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(policy).build());
        this.stateMachineArn = machine.arn();
        this.roleArn = role.arn();
        registerOutputs(Map.of("stateMachineArn", stateMachineArn));
    }

    /** The workflow's log group. */
    public static String logGroupName(String namePrefix) {
        return "/aws/vendedlogs/states/" + namePrefix + "-training-workflow";
    }
}
