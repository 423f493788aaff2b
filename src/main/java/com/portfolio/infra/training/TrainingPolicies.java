package com.portfolio.infra.training;

import com.portfolio.infra.support.PolicyDocumentBuilder;
import java.util.List;

/** The policy documents of the training control plane, built from resolved ARNs and tested directly. */
public final class TrainingPolicies {

    /**
     * What workers and handlers do with a job message. Only these are limited to the stack's
     * principals: management actions (attributes, policy, tags) stay with IAM, so whoever deploys
     * the stack can still update the queue.
     */
    public static final List<String> QUEUE_DATA_ACTIONS = List.of("sqs:SendMessage", "sqs:ReceiveMessage",
            "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue");

    /** CloudWatch Logs delivery for Step Functions: these actions take no resource but "*". */
    static final List<String> LOG_DELIVERY_ACTIONS = List.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
    static final List<String> TRACING_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "xray:GetSamplingRules", "xray:GetSamplingTargets");

    private TrainingPolicies() {
    }

    /**
     * The job queue's (and its dead-letter queue's) policy: TLS only, and message actions only for
     * principals of this account tagged with this project and stack (every role the stack creates
     * carries those tags, OPS-TAG-01). Each condition is its own Deny, so failing any one denies.
     */
    public static String jobQueue(String queueArn, String accountId, String project, String stack) {
        String[] data = QUEUE_DATA_ACTIONS.toArray(String[]::new);
        return PolicyDocumentBuilder.create()
                .deny("DenyInsecureTransport").anyPrincipal().actions("sqs:*").resources(queueArn)
                .condition("Bool", "aws:SecureTransport", "false")
                .and()
                .deny("DenyOtherAccounts").anyPrincipal().actions(data).resources(queueArn)
                .condition("StringNotEquals", "aws:PrincipalAccount", accountId)
                .and()
                .deny("DenyOtherProjects").anyPrincipal().actions(data).resources(queueArn)
                .condition("StringNotEquals", "aws:PrincipalTag/project", project)
                .and()
                .deny("DenyOtherStacks").anyPrincipal().actions(data).resources(queueArn)
                .condition("StringNotEquals", "aws:PrincipalTag/stack", stack)
                .toJson();
    }

    /** A dead-letter queue of EventBridge targets: EventBridge may send to it for these rules only, over TLS. */
    public static String eventDeadLetterQueue(String queueArn, List<String> ruleArns) {
        return PolicyDocumentBuilder.create()
                .deny("DenyInsecureTransport").anyPrincipal().actions("sqs:*").resources(queueArn)
                .condition("Bool", "aws:SecureTransport", "false")
                .and()
                .allow("EventBridgeDeadLetters").servicePrincipal("events.amazonaws.com").actions("sqs:SendMessage")
                .resources(queueArn)
                .condition("ArnEquals", "aws:SourceArn", List.copyOf(ruleArns))
                .toJson();
    }

    /** The ops topic: EventBridge rules and CloudWatch alarms of this account may publish, over TLS. */
    public static String opsTopic(String topicArn, String accountId) {
        return PolicyDocumentBuilder.create()
                .deny("DenyInsecureTransport").anyPrincipal().actions("sns:Publish").resources(topicArn)
                .condition("Bool", "aws:SecureTransport", "false")
                .and()
                .allow("AlarmsAndRulesPublish").servicePrincipal("events.amazonaws.com", "cloudwatch.amazonaws.com")
                .actions("sns:Publish").resources(topicArn)
                .condition("StringEquals", "aws:SourceAccount", accountId)
                .toJson();
    }

    /**
     * The workflow's role: exactly what its tasks touch (the fleet's group, the job queue, the jobs
     * table, the stack key that encrypts the queue), plus log delivery and tracing.
     * DescribeAutoScalingGroups supports no resource-level permission, so it names "*".
     */
    public static String workflowRole(String partition, String region, String accountId, String fleetGroupName,
                                      String queueArn, String jobsTableArn, String keyArn) {
        String groupArn = "arn:" + partition + ":autoscaling:" + region + ":" + accountId
                + ":autoScalingGroup:*:autoScalingGroupName/" + fleetGroupName;
        return PolicyDocumentBuilder.create()
                .allow("DescribeFleet").actions("autoscaling:DescribeAutoScalingGroups").resources("*")
                .and()
                .allow("SizeFleet").actions("autoscaling:SetDesiredCapacity").resources(groupArn)
                .and()
                .allow("SendJobsAndReadDepth").actions("sqs:SendMessage", "sqs:GetQueueAttributes").resources(queueArn)
                .and()
                .allow("RecordOutcome").actions("dynamodb:UpdateItem").resources(jobsTableArn)
                .and()
                .allow("EncryptJobMessages").actions("kms:GenerateDataKey", "kms:Decrypt").resources(keyArn)
                .and()
                .allow("DeliverLogs").actions(LOG_DELIVERY_ACTIONS.toArray(String[]::new)).resources("*")
                .and()
                .allow("Trace").actions(TRACING_ACTIONS.toArray(String[]::new)).resources("*")
                .toJson();
    }
}
