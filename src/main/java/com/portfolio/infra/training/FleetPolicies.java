package com.portfolio.infra.training;

import com.portfolio.infra.support.PolicyDocumentBuilder;
import java.util.List;

/**
 * The training instances' role: exactly what the worker calls (the training contract), on the
 * stack's own resources, built from resolved ARNs and tested directly. Session Manager comes from
 * AWS's managed policy, attached beside this one.
 */
public final class FleetPolicies {

    public static final List<String> QUEUE_ACTIONS = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility");
    public static final List<String> JOB_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:UpdateItem");
    /** The worker registers and heartbeats with conditional updates: it never puts a whole item. */
    public static final List<String> INSTANCE_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:UpdateItem");
    /** The queue is SSE-KMS and the tables are under the stack key. */
    public static final List<String> KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");
    /**
     * The callback of the workflow's task token. These actions take no resource in IAM (Step
     * Functions lists them among the actions without resource-level permissions): the token is
     * what names the task, so the resource is "*".
     */
    public static final List<String> TASK_ACTIONS = List.of("states:SendTaskSuccess", "states:SendTaskFailure",
            "states:SendTaskHeartbeat");
    public static final String PROTECTION_ACTION = "autoscaling:SetInstanceProtection";
    public static final String MOUNT_ACTION = "elasticfilesystem:ClientMount";
    public static final String WRITE_ACTION = "elasticfilesystem:ClientWrite";
    /** The condition key that names the access point an NFS client mounts through. */
    public static final String ACCESS_POINT_KEY = "elasticfilesystem:AccessPointArn";

    private FleetPolicies() {
    }

    /** The resolved ARNs the worker touches. */
    public record Resources(String jobsQueueArn, String trainingJobsTableArn, String instancesTableArn, String keyArn,
                            String groupArn, String fileSystemArn, String trainingDataAccessPointArn,
                            String checkpointsAccessPointArn, String packagesAccessPointArn) {
    }

    public static String instanceRole(Resources r) {
        return PolicyDocumentBuilder.create()
                .allow("ConsumeJobs").actions(QUEUE_ACTIONS.toArray(String[]::new)).resources(r.jobsQueueArn())
                .and()
                .allow("RecordJobs").actions(JOB_TABLE_ACTIONS.toArray(String[]::new)).resources(r.trainingJobsTableArn())
                .and()
                .allow("RegisterInstance").actions(INSTANCE_TABLE_ACTIONS.toArray(String[]::new))
                .resources(r.instancesTableArn())
                .and()
                .allow("UseStackKey").actions(KEY_ACTIONS.toArray(String[]::new)).resources(r.keyArn())
                .and()
                .allow("ReportTasks").actions(TASK_ACTIONS.toArray(String[]::new)).resources("*")
                .and()
                // The worker protects its own instance from scale-in while it holds a job.
                .allow("ProtectWhileBusy").actions(PROTECTION_ACTION).resources(r.groupArn())
                .and()
                .allow("MountAccessPoints").actions(MOUNT_ACTION).resources(r.fileSystemArn())
                .condition("StringEquals", ACCESS_POINT_KEY, List.of(r.trainingDataAccessPointArn(),
                        r.checkpointsAccessPointArn(), r.packagesAccessPointArn()))
                .and()
                // Packages are written by the ML build only; instances read them.
                .allow("WriteCheckpointsAndData").actions(WRITE_ACTION).resources(r.fileSystemArn())
                .condition("StringEquals", ACCESS_POINT_KEY, List.of(r.trainingDataAccessPointArn(),
                        r.checkpointsAccessPointArn()))
                .toJson();
    }
}
