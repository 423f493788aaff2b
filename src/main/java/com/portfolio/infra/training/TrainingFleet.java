package com.portfolio.infra.training;

import com.portfolio.infra.config.FleetSettings;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.TrainingSettings;
import com.portfolio.infra.network.Networking;
import com.portfolio.infra.storage.EfsStorage;
import com.portfolio.infra.support.Policies;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.Policy;
import com.pulumi.aws.autoscaling.PolicyArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceMaintenancePolicyArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyInstancesDistributionArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyLaunchTemplateOverrideArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyStepAdjustmentArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationCustomizedMetricSpecificationArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatMetricArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateIamInstanceProfileArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateNetworkInterfaceArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.kms.Grant;
import com.pulumi.aws.kms.GrantArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spot GPU instances that run training jobs, from zero: an Auto Scaling group of spot
 * instances only (several types, capacity-optimized, capacity rebalancing) in the private subnets,
 * launched from a template that mounts the EFS access points and starts the worker
 * ({@link FleetUserData}), with a role that grants exactly what the worker calls
 * ({@link FleetPolicies}), and scaled on the jobs queue's backlog per instance ({@link FleetScaling}).
 *
 * <p>Its instances carry the tags by which the registry and spot handlers recognise the fleet:
 * {@code project}, {@code stack}, {@code component=}{@value InstanceRegistry#FLEET_COMPONENT} and
 * {@code Name}. The EventBridge rules that feed those handlers cannot be narrowed to the group:
 * EC2 state-change and spot events carry neither tags nor the group's name.
 */
public final class TrainingFleet extends ComponentResource {

    public static final String TYPE = "portfolio:training:TrainingFleet";
    public static final String COMPONENT = InstanceRegistry.FLEET_COMPONENT;
    /** The physical names' roles: the group's is the one "ensure capacity" targets. */
    public static final String INSTANCE_ROLE = "fleet-instance";
    public static final String TEMPLATE_ROLE = "fleet-template";
    public static final String GRANT_ROLE = "fleet-volumes";
    /** The Deep Learning AMI's root device (Amazon Linux 2023). */
    static final String ROOT_DEVICE = "/dev/xvda";
    /**
     * Boot (driver load, the EFS helper, three mounts) and the worker's start before an instance
     * counts in the group's metrics and its health checks.
     */
    public static final int WARMUP_SECONDS = 300;
    /** What EC2 needs from a key to create and attach a volume under it on Auto Scaling's behalf. */
    static final List<String> VOLUME_KEY_OPERATIONS = List.of("Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo",
            "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant");
    /** The group metrics the scaling math and the dashboard read (one-minute granularity). */
    public static final List<String> GROUP_METRICS = List.of("GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity",
            "GroupInServiceInstances", "GroupPendingInstances", "GroupTerminatingInstances", "GroupTotalInstances");

    /**
     * @param context           where the stack is deployed
     * @param fleet             instance types, size, image and scaling target
     * @param training          the worker's heartbeat and visibility timeout, and the group's name
     * @param keyArn            the stack key: root volumes, and the queue and tables the worker uses
     * @param network           the private subnets and the fleet's security group
     * @param efs               the file system and its access points
     * @param jobs              the queue the worker consumes and the scaling follows
     * @param registry              the instances table
     * @param trainingJobsTableName the training-jobs table, which the worker updates
     * @param trainingJobsTableArn  its ARN
     */
    public record Args(StackContext context, FleetSettings fleet, TrainingSettings training, Output<String> keyArn,
                       Networking network, EfsStorage efs, JobQueue jobs, InstanceRegistry registry,
                       Output<String> trainingJobsTableName, Output<String> trainingJobsTableArn) {
    }

    public final Output<String> groupName;
    public final Output<String> groupArn;
    public final Output<String> roleArn;
    public final Output<String> roleName;
    public final Output<String> launchTemplateId;

    public TrainingFleet(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var settings = context.settings();
        var fleet = args.fleet();
        var efs = args.efs();
        Map<String, String> tags = context.tags(COMPONENT);
        var child = CustomResourceOptions.builder().parent(this).build();
        String groupName = args.training().fleetGroupName(settings.namePrefix());

        // The project and stack tags matter beyond cost: the job queue denies principals without them.
        var role = new Role(name + "-role", RoleArgs.builder()
                .name(context.physicalName(INSTANCE_ROLE))
                .description("Training instances of " + settings.namePrefix() + ": the worker's queue, tables, "
                        + "task callbacks, scale-in protection and EFS mounts; Session Manager")
                .assumeRolePolicy(Policies.assumeRoleByEc2())
                .tags(tags)
                .build(), child);
        new RolePolicyAttachment(name + "-ssm", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn(Policies.awsManagedPolicyArn(context.partition(), Policies.SESSION_MANAGER_CORE))
                .build(), child);
        // No role of the stack needs iam:PassRole for this profile: Auto Scaling's service-linked role
        // launches the instances, and the workflow only changes the group's desired capacity. Only
        // whoever deploys the stack passes the role, when the group and template are created.
        var profile = new InstanceProfile(name + "-profile", InstanceProfileArgs.builder()
                .name(context.physicalName(INSTANCE_ROLE))
                .role(role.name())
                .tags(tags)
                .build(), child);

        var accessPoints = efs.accessPointIds;
        var userData = Output.tuple(efs.fileSystemId, accessPoints.get("trainingData"), accessPoints.get("checkpoints"),
                accessPoints.get("packages"), args.jobs().queueUrl, args.trainingJobsTableName(), args.registry().tableName)
                .applyValue(t -> FleetUserData.base64(new FleetUserData.Inputs(context.region(), settings.stack(),
                        t.t1, t.t2, t.t3, t.t4, t.t5, t.t6, t.t7, groupName, args.training().heartbeatSeconds(),
                        args.training().visibilityTimeoutSeconds(), args.training().receiveLimit(), EfsStorage.TRAINING_UID,
                        EfsStorage.TRAINING_GID)));
        var template = new LaunchTemplate(name + "-lt", LaunchTemplateArgs.builder()
                .name(context.physicalName(TEMPLATE_ROLE))
                .description("Spot GPU training instances of " + settings.namePrefix())
                // Read from SSM at each launch, so new instances take the newest image without an update.
                // Auto Scaling accepts templates whose image is an SSM parameter; its service-linked role
                // may read the parameter (AutoScalingServiceRolePolicy has ssm:GetParameters).
                .imageId(fleet.imageId())
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().arn(profile.arn()).build())
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled").httpTokens("required").httpPutResponseHopLimit(1)
                        .instanceMetadataTags("disabled").build())
                .networkInterfaces(LaunchTemplateNetworkInterfaceArgs.builder()
                        .deviceIndex(0)
                        .associatePublicIpAddress("false")
                        .deleteOnTermination("true")
                        .securityGroups(Output.all(List.of(args.network().fleetSecurityGroupId)))
                        .build())
                .blockDeviceMappings(LaunchTemplateBlockDeviceMappingArgs.builder()
                        .deviceName(ROOT_DEVICE)
                        .ebs(LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                                .volumeType("gp3").volumeSize(fleet.rootVolumeGiB())
                                .encrypted("true").kmsKeyId(args.keyArn()).deleteOnTermination("true").build())
                        .build())
                .userData(userData)
                .tagSpecifications(
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("instance")
                                .tags(Tags.with(tags, "Name", groupName)).build(),
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("volume")
                                .tags(Tags.with(tags, "Name", groupName)).build())
                .tags(Tags.with(tags, "Name", context.physicalName(TEMPLATE_ROLE)))
                .build(), child);

        var groupTags = new ArrayList<GroupTagArgs>();
        Tags.with(tags, "Name", groupName).forEach((key, value) ->
                groupTags.add(GroupTagArgs.builder().key(key).value(value).propagateAtLaunch(true).build()));
        var overrides = fleet.instanceTypes().stream()
                .map(type -> GroupMixedInstancesPolicyLaunchTemplateOverrideArgs.builder().instanceType(type).build())
                .toList();
        var group = new Group(name + "-asg", GroupArgs.builder()
                .name(groupName)
                .minSize(0)
                .maxSize(fleet.maxInstances())
                // No desiredCapacity: the workflow ("ensure capacity", the drain hint) and the scaling
                // policies own it. Set here, every update would reset a running fleet to this number,
                // terminating instances in the middle of their jobs. New groups start at min, 0.
                .vpcZoneIdentifiers(Output.all(args.network().privateSubnetIds))
                .mixedInstancesPolicy(GroupMixedInstancesPolicyArgs.builder()
                        .instancesDistribution(GroupMixedInstancesPolicyInstancesDistributionArgs.builder()
                                .onDemandBaseCapacity(0)
                                .onDemandPercentageAboveBaseCapacity(0)
                                // The pools least likely to be reclaimed; jobs checkpoint, so price matters less.
                                .spotAllocationStrategy("capacity-optimized")
                                .build())
                        .launchTemplate(GroupMixedInstancesPolicyLaunchTemplateArgs.builder()
                                .launchTemplateSpecification(GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs.builder()
                                        .launchTemplateId(template.id()).version("$Latest").build())
                                .overrides(overrides)
                                .build())
                        .build())
                // On a rebalance recommendation, launch a replacement before the instance is reclaimed.
                .capacityRebalance(true)
                // Launch before terminating when an instance is replaced (rebalancing, health): capacity
                // never drops below what the jobs hold.
                .instanceMaintenancePolicy(GroupInstanceMaintenancePolicyArgs.builder()
                        .minHealthyPercentage(100).maxHealthyPercentage(200).build())
                .metricsGranularity("1Minute")
                .enabledMetrics(GROUP_METRICS)
                .defaultInstanceWarmup(WARMUP_SECONDS)
                .healthCheckType("EC2")
                .healthCheckGracePeriod(WARMUP_SECONDS)
                // Scale-in takes instances of an old template version first, then follows the spot
                // allocation strategy; busy instances are protected by their worker.
                .terminationPolicies("OldestLaunchTemplate", "AllocationStrategy", "Default")
                // Capacity is the workflow's business: an update never waits for instances to start.
                .waitForCapacityTimeout("0")
                // No instance refresh: a new template version reaches new launches; running instances
                // finish their jobs on the old one.
                .tags(groupTags)
                .build(), CustomResourceOptions.builder().parent(this).ignoreChanges("desiredCapacity").build());

        new RolePolicy(name + "-worker", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.all(List.of(args.jobs().queueArn, args.trainingJobsTableArn(), args.registry().tableArn,
                        args.keyArn(), group.arn(), efs.fileSystemArn, efs.accessPointArns.get("trainingData"),
                        efs.accessPointArns.get("checkpoints"), efs.accessPointArns.get("packages")))
                        .applyValue(a -> FleetPolicies.instanceRole(new FleetPolicies.Resources(a.get(0), a.get(1),
                                a.get(2), a.get(3), a.get(4), a.get(5), a.get(6), a.get(7), a.get(8)))))
                .build(), child);

        // Auto Scaling's service-linked role creates the encrypted root volumes: it needs the stack
        // key. A grant gives it that without touching the key policy. It exists once a group does.
        new Grant(name + "-volume-key", GrantArgs.builder()
                .name(context.physicalName(GRANT_ROLE))
                .keyId(args.keyArn())
                .granteePrincipal(context.accountId().applyValue(account -> "arn:" + context.partition() + ":iam::"
                        + account + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"))
                .operations(VOLUME_KEY_OPERATIONS)
                .retireOnDelete(true)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(group).build());

        scaling(name, context, fleet, args.jobs(), group, tags, child);

        this.groupName = group.name();
        this.groupArn = group.arn();
        this.roleArn = role.arn();
        this.roleName = role.name();
        this.launchTemplateId = template.id();
        registerOutputs(Map.of("groupName", this.groupName, "groupArn", groupArn, "roleArn", roleArn,
                "launchTemplateId", launchTemplateId));
    }

    /** Target tracking on the backlog per instance, and the step that starts the first instance. */
    private static void scaling(String name, StackContext context, FleetSettings fleet, JobQueue jobs, Group group,
                                Map<String, String> tags, CustomResourceOptions child) {
        var queueDimension = jobs.queueName.applyValue(queue -> List.of(
                PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs.builder()
                        .name("QueueName").value(queue).build()));
        var groupDimension = group.name().applyValue(g -> List.of(
                PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs.builder()
                        .name("AutoScalingGroupName").value(g).build()));
        new Policy(name + "-backlog", PolicyArgs.builder()
                .autoscalingGroupName(group.name())
                .policyType("TargetTrackingScaling")
                .targetTrackingConfiguration(PolicyTargetTrackingConfigurationArgs.builder()
                        .targetValue((double) fleet.backlogPerInstance())
                        .customizedMetricSpecification(PolicyTargetTrackingConfigurationCustomizedMetricSpecificationArgs.builder()
                                .metrics(
                                        trackedMetric(FleetScaling.VISIBLE, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum", queueDimension),
                                        trackedMetric(FleetScaling.IN_FLIGHT, "AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "Sum", queueDimension),
                                        trackedMetric(FleetScaling.IN_SERVICE, "AWS/AutoScaling", "GroupInServiceInstances", "Average", groupDimension),
                                        PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricArgs.builder()
                                                .id("backlog").label("Jobs per in-service instance")
                                                .expression(FleetScaling.BACKLOG_PER_INSTANCE).returnData(true).build())
                                .build())
                        .build())
                .build(), child);

        var start = new Policy(name + "-start", PolicyArgs.builder()
                .autoscalingGroupName(group.name())
                .policyType("StepScaling")
                .adjustmentType("ChangeInCapacity")
                .metricAggregationType("Maximum")
                .estimatedInstanceWarmup(WARMUP_SECONDS)
                .stepAdjustments(PolicyStepAdjustmentArgs.builder().metricIntervalLowerBound("0").scalingAdjustment(1).build())
                .build(), child);
        new MetricAlarm(name + "-jobs-waiting", MetricAlarmArgs.builder()
                .alarmDescription("Training jobs wait and the fleet " + context.settings().namePrefix()
                        + " has no instance: start one (target tracking cannot scale from zero)")
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .threshold(1.0)
                .evaluationPeriods(1)
                // An idle queue may publish no datapoints: nothing waits then. The workflow also starts
                // the first instance itself ("ensure capacity"); this alarm catches requeued jobs.
                .treatMissingData("notBreaching")
                .metricQueries(
                        alarmMetric(FleetScaling.VISIBLE, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum",
                                jobs.queueName.applyValue(q -> Map.of("QueueName", q))),
                        alarmMetric(FleetScaling.IN_FLIGHT, "AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "Sum",
                                jobs.queueName.applyValue(q -> Map.of("QueueName", q))),
                        alarmMetric(FleetScaling.IN_SERVICE, "AWS/AutoScaling", "GroupInServiceInstances", "Maximum",
                                group.name().applyValue(g -> Map.of("AutoScalingGroupName", g))),
                        alarmMetric(FleetScaling.DESIRED, "AWS/AutoScaling", "GroupDesiredCapacity", "Maximum",
                                group.name().applyValue(g -> Map.of("AutoScalingGroupName", g))),
                        MetricAlarmMetricQueryArgs.builder().id("start").label("Jobs wait for an empty fleet")
                                .expression(FleetScaling.STARTS_FROM_ZERO).returnData(true).build())
                .alarmActions(start.arn().applyValue(List::of))
                .tags(tags)
                .build(), child);
    }

    private static PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricArgs trackedMetric(
            String id, String namespace, String metricName, String stat,
            Output<List<PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs>> dimensions) {
        return PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricArgs.builder()
                .id(id)
                .returnData(false)
                .metricStat(PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatArgs.builder()
                        .stat(stat)
                        .period(FleetScaling.PERIOD_SECONDS)
                        .metric(PolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetricMetricStatMetricArgs.builder()
                                .namespace(namespace).metricName(metricName).dimensions(dimensions).build())
                        .build())
                .build();
    }

    private static MetricAlarmMetricQueryArgs alarmMetric(String id, String namespace, String metricName, String stat,
                                                          Output<Map<String, String>> dimensions) {
        return MetricAlarmMetricQueryArgs.builder()
                .id(id)
                .returnData(false)
                .metric(MetricAlarmMetricQueryMetricArgs.builder()
                        .namespace(namespace).metricName(metricName).stat(stat)
                        .period(FleetScaling.PERIOD_SECONDS).dimensions(dimensions).build())
                .build();
    }
}
