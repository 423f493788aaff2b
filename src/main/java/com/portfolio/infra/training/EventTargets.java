package com.portfolio.infra.training;

import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetDeadLetterConfigArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetRetryPolicyArgs;
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
