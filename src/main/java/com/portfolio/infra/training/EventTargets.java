package com.portfolio.infra.training;

import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetDeadLetterConfigArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetRetryPolicyArgs;
import com.portfolio.infra.support.PolicyDocumentBuilder;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.FunctionEventInvokeConfig;
import com.pulumi.aws.lambda.FunctionEventInvokeConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionEventInvokeConfigDestinationConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionEventInvokeConfigDestinationConfigOnFailureArgs;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;

/** A rule's target with a dead-letter queue and an explicit retry policy (REL-ASYNC-01). */
final class EventTargets {

    private EventTargets() {
    }

    /** Sends the rule's events to {@code handler}, which EventBridge may invoke for this rule only. */
    static EventTarget toHandler(String name, EventRule rule, EventHandler handler, Output<String> deadLetterArn,
                                 int retries, int maxAgeSeconds, CustomResourceOptions options) {
        new Permission(name + "-invoke", PermissionArgs.builder()
                .action("lambda:InvokeFunction")
                .function(handler.functionName())
                .principal("events.amazonaws.com")
                .sourceArn(rule.arn())
                .build(), options);
        return to(name, rule, handler.functionArn(), deadLetterArn, retries, maxAgeSeconds, options);
    }

    /**
     * Where the handler's own failures go. EventBridge invokes a function asynchronously: its
     * target DLQ only catches events it could not deliver, so an event the handler failed on
     * (after Lambda's retries) would vanish without an on-failure destination. Lambda sends there
     * with the function's role, which therefore may send to this queue, through its key.
     */
    static void failuresTo(String name, EventHandler handler, Output<String> deadLetterArn, Output<String> keyArn,
                           String region, int retries, int maxAgeSeconds, CustomResourceOptions options) {
        new RolePolicy(name + "-failures", RolePolicyArgs.builder()
                .role(handler.roleName())
                .policy(Output.tuple(deadLetterArn, keyArn).applyValue(t -> failureSinkPolicy(t.t1, t.t2, region)))
                .build(), options);
        new FunctionEventInvokeConfig(name + "-failures", FunctionEventInvokeConfigArgs.builder()
                .functionName(handler.functionName())
                .maximumRetryAttempts(retries)
                .maximumEventAgeInSeconds(maxAgeSeconds)
                .destinationConfig(FunctionEventInvokeConfigDestinationConfigArgs.builder()
                        .onFailure(FunctionEventInvokeConfigDestinationConfigOnFailureArgs.builder()
                                .destination(deadLetterArn)
                                .build())
                        .build())
                .build(), options);
    }

    /** Sending to the dead-letter queue, which SQS encrypts with the stack key on the sender's behalf. */
    static String failureSinkPolicy(String deadLetterArn, String keyArn, String region) {
        return PolicyDocumentBuilder.create()
                .allow("SendFailedEvents").actions("sqs:SendMessage").resources(deadLetterArn)
                .and()
                .allow("EncryptFailedEvents").actions("kms:GenerateDataKey", "kms:Decrypt").resources(keyArn)
                .condition("StringEquals", "kms:ViaService", "sqs." + region + ".amazonaws.com")
                .toJson();
    }

    static EventTarget to(String name, EventRule rule, Output<String> targetArn, Output<String> deadLetterArn,
                          int retries, int maxAgeSeconds, CustomResourceOptions options) {
        return new EventTarget(name, EventTargetArgs.builder()
                .rule(rule.name())
                .arn(targetArn)
                .deadLetterConfig(EventTargetDeadLetterConfigArgs.builder().arn(deadLetterArn).build())
                .retryPolicy(EventTargetRetryPolicyArgs.builder()
                        .maximumRetryAttempts(retries)
                        .maximumEventAgeInSeconds(maxAgeSeconds)
                        .build())
                .build(), options);
    }
}
