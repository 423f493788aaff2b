package com.portfolio.infra.training;

import static com.portfolio.infra.testsupport.PolicyJson.actionResourcePairs;
import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GIVEN stack settings WHEN the program is planned under the mocks THEN the training fleet's group,
 * launch template, role and scaling have these inputs, wired to the stack's own resources.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrainingFleetTest {

    static final String GROUP = "aws:autoscaling/group:Group";
    static final String TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String POLICY = "aws:autoscaling/policy:Policy";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

    private static final Plan DEV = TestStacks.plan(TestStacks.dev());

    private static Object in(PlannedResource r, String path) {
        return r.input(path).orElseThrow(() -> new AssertionError(r.name() + " has no input " + path + ": " + r.inputs()));
    }

    private static List<String> privateSubnetIds(Plan plan) {
        return plan.ofType("aws:ec2/subnet:Subnet").filter(s -> "private".equals(s.tags().get("tier")))
                .map(PlannedResource::id).sorted().toList();
    }

    @Test
    void theGroupIsAllSpotFromZeroOverEveryPrivateSubnetWithoutManagingItsDesiredCapacity() {
        PlannedResource group = named(DEV, GROUP, "fleet-asg");
        assertEquals("portfolio-dev-fleet", in(group, "name"));
        assertEquals(TestStacks.dev().training().fleetGroupName("portfolio-dev"), in(group, "name"), "the workflow's target");
        assertEquals(0.0, in(group, "minSize"));
        assertEquals(4.0, in(group, "maxSize"));
        assertFalse(group.inputs().containsKey("desiredCapacity"), "an update must not reset a running fleet");
        assertEquals(2, privateSubnetIds(DEV).size());
        assertEquals(privateSubnetIds(DEV), ((List<?>) in(group, "vpcZoneIdentifiers")).stream().map(String::valueOf).sorted().toList());
        assertEquals(0.0, in(group, "mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity"));
        assertEquals(0.0, in(group, "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity"));
        assertEquals("capacity-optimized", in(group, "mixedInstancesPolicy.instancesDistribution.spotAllocationStrategy"));
        var types = new ArrayList<String>();
        ((List<?>) in(group, "mixedInstancesPolicy.launchTemplate.overrides")).forEach(o ->
                types.add(String.valueOf(PlannedResource.valueAt(o, "instanceType").orElseThrow())));
        assertEquals(List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge"), types);
        assertEquals(named(DEV, TEMPLATE, "fleet-lt").id(),
                in(group, "mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateId"));
        assertEquals(true, in(group, "capacityRebalance"));
        assertEquals("1Minute", in(group, "metricsGranularity"));
        assertTrue(((List<?>) in(group, "enabledMetrics")).containsAll(List.of("GroupInServiceInstances", "GroupDesiredCapacity")));
        assertEquals(100.0, in(group, "instanceMaintenancePolicy.minHealthyPercentage"));
        assertEquals(200.0, in(group, "instanceMaintenancePolicy.maxHealthyPercentage"));
    }

    @Test
    void theGroupPropagatesExactlyTheTagsByWhichTheHandlersKnowTheFleet() {
        PlannedResource group = named(DEV, GROUP, "fleet-asg");
        var tags = new HashMap<String, String>();
        for (Object tag : (List<?>) in(group, "tags")) {
            assertEquals(true, PlannedResource.valueAt(tag, "propagateAtLaunch").orElseThrow(), String.valueOf(tag));
            tags.put(String.valueOf(PlannedResource.valueAt(tag, "key").orElseThrow()),
                    String.valueOf(PlannedResource.valueAt(tag, "value").orElseThrow()));
        }
        // lambda-layer/src/training_control/fleet.py: stack=<stack>, component=training-fleet.
        assertEquals(Map.of("project", "portfolio", "stack", "dev", "component", "training-fleet", "Name", "portfolio-dev-fleet"), tags);
    }

    @Test
    void theComponentTagIsTheOneTheHandlersLookFor() throws Exception {
        String fleetPy = java.nio.file.Files.readString(java.nio.file.Path.of("lambda-layer/src/training_control/fleet.py"));
        var m = java.util.regex.Pattern.compile("(?m)^FLEET_COMPONENT = \"([^\"]+)\"$").matcher(fleetPy);
        assertTrue(m.find(), "fleet.py names no FLEET_COMPONENT");
        assertEquals(m.group(1), named(DEV, GROUP, "fleet-asg").tags().get("component"));
        assertTrue(fleetPy.contains("self.wanted = {\"stack\": stack, \"component\": FLEET_COMPONENT}"),
                "the handlers match on stack and component, which the group propagates");
    }

    @Test
    void theTemplateLaunchesPrivateImdsv2OnlyInstancesOnEncryptedVolumesWithTheProfile() {
        PlannedResource template = named(DEV, TEMPLATE, "fleet-lt");
        assertEquals("portfolio-dev-fleet-template", in(template, "name"));
        assertEquals("resolve:ssm:/aws/service/deeplearning/ami/x86_64/oss-nvidia-driver-gpu-pytorch-2.5-amazon-linux-2023/latest/ami-id",
                in(template, "imageId"));
        assertEquals("required", in(template, "metadataOptions.httpTokens"));
        assertEquals(1.0, in(template, "metadataOptions.httpPutResponseHopLimit"));
        assertEquals("disabled", in(template, "metadataOptions.instanceMetadataTags"));
        assertEquals("false", in(template, "networkInterfaces.0.associatePublicIpAddress"));
        assertEquals(List.of(named(DEV, "aws:ec2/securityGroup:SecurityGroup", "network-fleet-sg").id()),
                in(template, "networkInterfaces.0.securityGroups"));
        assertEquals("/dev/xvda", in(template, "blockDeviceMappings.0.deviceName"));
        assertEquals("gp3", in(template, "blockDeviceMappings.0.ebs.volumeType"));
        assertEquals("true", in(template, "blockDeviceMappings.0.ebs.encrypted"));
        assertEquals(150.0, in(template, "blockDeviceMappings.0.ebs.volumeSize"));
        assertEquals(named(DEV, "aws:kms/key:Key", "stack-key-key").arn(), in(template, "blockDeviceMappings.0.ebs.kmsKeyId"));
        assertEquals(named(DEV, "aws:iam/instanceProfile:InstanceProfile", "fleet-profile").arn(),
                in(template, "iamInstanceProfile.arn"));
        var specs = new HashMap<String, Object>();
        ((List<?>) in(template, "tagSpecifications")).forEach(s -> specs.put(
                String.valueOf(PlannedResource.valueAt(s, "resourceType").orElseThrow()), PlannedResource.valueAt(s, "tags").orElseThrow()));
        var instanceTags = Map.of("project", "portfolio", "stack", "dev", "component", "training-fleet", "Name", "portfolio-dev-fleet");
        assertEquals(Map.of("instance", instanceTags, "volume", instanceTags), specs);
    }

    @Test
    void theUserDataMountsTheStacksAccessPointsAndNamesItsQueueTablesAndGroup() {
        PlannedResource template = named(DEV, TEMPLATE, "fleet-lt");
        String script = new String(Base64.getDecoder().decode((String) in(template, "userData")), StandardCharsets.UTF_8);
        assertTrue(script.contains("FILE_SYSTEM_ID=" + named(DEV, "aws:efs/fileSystem:FileSystem", "efs-fs").id() + "\n"), script);
        String accessPoint = "aws:efs/accessPoint:AccessPoint";
        for (String[] mount : List.of(new String[]{"/packages", "packages", " ,ro"}, new String[]{"/checkpoints", "checkpoints", " ''"},
                new String[]{"/training-data", "training-data", " ''"})) {
            String id = DEV.ofType(accessPoint).filter(a -> a.name().endsWith(mount[1])).findFirst().orElseThrow().id();
            assertTrue(script.contains("\nadd_mount " + mount[0] + " " + id + mount[2] + "\n"), mount[0] + " " + id + "\n" + script);
        }
        assertTrue(script.contains("Environment=JOBS_QUEUE_URL=" + named(DEV, "aws:sqs/queue:Queue", "jobs-queue").state().get("url") + "\n"));
        assertTrue(script.contains("Environment=INSTANCES_TABLE=" + named(DEV, "aws:dynamodb/table:Table", "instances-table").state().get("name") + "\n"));
        assertTrue(script.contains("Environment=TRAINING_JOBS_TABLE=" + DEV.ofType("aws:dynamodb/table:Table")
                .filter(t -> t.name().endsWith("training-jobs")).findFirst().orElseThrow().state().get("name") + "\n"), script);
        assertTrue(script.contains("Environment=FLEET_GROUP_NAME=portfolio-dev-fleet\n"));
        assertTrue(script.contains("Environment=HEARTBEAT_SECONDS=300\nEnvironment=VISIBILITY_TIMEOUT_SECONDS=900\n"
                + "Environment=RECEIVE_LIMIT=3\n"), script);
    }

    @Test
    void theRoleGrantsTheWorkerExactlyItsCallsOnThisStacksResources() {
        PlannedResource role = named(DEV, ROLE, "fleet-role");
        assertEquals("portfolio-dev-fleet-instance", in(role, "name"));
        assertEquals("portfolio", role.tags().get("project"));
        assertEquals("dev", role.tags().get("stack"), "the job queue denies principals without this stack's tag");
        PlannedResource worker = named(DEV, ROLE_POLICY, "fleet-worker");
        assertEquals(role.id(), in(worker, "role"));
        String queue = named(DEV, "aws:sqs/queue:Queue", "jobs-queue").arn();
        String jobs = DEV.ofType("aws:dynamodb/table:Table").filter(t -> t.name().endsWith("training-jobs")).findFirst().orElseThrow().arn();
        String instances = named(DEV, "aws:dynamodb/table:Table", "instances-table").arn();
        String key = named(DEV, "aws:kms/key:Key", "stack-key-key").arn();
        String group = named(DEV, GROUP, "fleet-asg").arn();
        String fileSystem = named(DEV, "aws:efs/fileSystem:FileSystem", "efs-fs").arn();
        var expected = new TreeSet<String>();
        FleetPolicies.QUEUE_ACTIONS.forEach(a -> expected.add(a + " " + queue));
        FleetPolicies.JOB_TABLE_ACTIONS.forEach(a -> expected.add(a + " " + jobs));
        FleetPolicies.INSTANCE_TABLE_ACTIONS.forEach(a -> expected.add(a + " " + instances));
        FleetPolicies.KEY_ACTIONS.forEach(a -> expected.add(a + " " + key));
        FleetPolicies.TASK_ACTIONS.forEach(a -> expected.add(a + " *"));
        expected.add("autoscaling:SetInstanceProtection " + group);
        expected.add("elasticfilesystem:ClientMount " + fileSystem);
        expected.add("elasticfilesystem:ClientWrite " + fileSystem);
        assertEquals(expected, actionResourcePairs((String) in(worker, "policy")));
        String policy = (String) in(worker, "policy");
        DEV.ofType("aws:efs/accessPoint:AccessPoint").forEach(ap -> assertTrue(policy.contains(ap.arn()), ap.name()));

        // Besides it, only Session Manager's managed policy.
        var attachments = DEV.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter(a -> role.state().get("name").equals(a.inputs().get("role"))).map(a -> a.inputs().get("policyArn")).toList();
        assertEquals(List.of("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"), attachments);
        assertEquals(1, DEV.ofType(ROLE_POLICY).filter(p -> role.id().equals(p.inputs().get("role"))).count());
        assertEquals(role.state().get("name"), in(named(DEV, "aws:iam/instanceProfile:InstanceProfile", "fleet-profile"), "role"));
    }

    @Test
    void autoScalingMayCreateVolumesUnderTheStackKey() {
        PlannedResource grant = named(DEV, "aws:kms/grant:Grant", "fleet-volume-key");
        assertEquals(named(DEV, "aws:kms/key:Key", "stack-key-key").arn(), in(grant, "keyId"));
        assertEquals("arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                in(grant, "granteePrincipal"));
        assertTrue(((List<?>) in(grant, "operations")).containsAll(List.of("CreateGrant", "GenerateDataKeyWithoutPlaintext", "Decrypt")));
    }

    @Test
    void theGroupTracksTheJobsQueuesBacklogPerInstanceAndStartsFromZero() {
        String queueName = (String) named(DEV, "aws:sqs/queue:Queue", "jobs-queue").state().get("name");
        PlannedResource backlog = named(DEV, POLICY, "fleet-backlog");
        assertEquals("portfolio-dev-fleet", in(backlog, "autoscalingGroupName"));
        assertEquals("TargetTrackingScaling", in(backlog, "policyType"));
        assertEquals(1.0, in(backlog, "targetTrackingConfiguration.targetValue"));
        var metrics = new HashMap<String, Object>();
        ((List<?>) in(backlog, "targetTrackingConfiguration.customizedMetricSpecification.metrics")).forEach(m ->
                metrics.put(String.valueOf(PlannedResource.valueAt(m, "id").orElseThrow()), m));
        assertEquals(Set.of("visible", "inflight", "inservice", "backlog"), metrics.keySet());
        assertEquals(FleetScaling.BACKLOG_PER_INSTANCE, PlannedResource.valueAt(metrics.get("backlog"), "expression").orElseThrow());
        assertEquals(true, PlannedResource.valueAt(metrics.get("backlog"), "returnData").orElseThrow());
        assertEquals("ApproximateNumberOfMessagesVisible", PlannedResource.valueAt(metrics.get("visible"), "metricStat.metric.metricName").orElseThrow());
        assertEquals("ApproximateNumberOfMessagesNotVisible", PlannedResource.valueAt(metrics.get("inflight"), "metricStat.metric.metricName").orElseThrow());
        assertEquals(queueName, PlannedResource.valueAt(metrics.get("inflight"), "metricStat.metric.dimensions.0.value").orElseThrow());
        assertEquals("QueueName", PlannedResource.valueAt(metrics.get("visible"), "metricStat.metric.dimensions.0.name").orElseThrow());
        assertEquals("GroupInServiceInstances", PlannedResource.valueAt(metrics.get("inservice"), "metricStat.metric.metricName").orElseThrow());
        assertEquals("portfolio-dev-fleet", PlannedResource.valueAt(metrics.get("inservice"), "metricStat.metric.dimensions.0.value").orElseThrow());

        PlannedResource start = named(DEV, POLICY, "fleet-start");
        assertEquals("StepScaling", in(start, "policyType"));
        assertEquals("ChangeInCapacity", in(start, "adjustmentType"));
        assertEquals(1.0, in(start, "stepAdjustments.0.scalingAdjustment"));
        PlannedResource alarm = named(DEV, ALARM, "fleet-jobs-waiting");
        assertEquals(List.of(start.arn()), in(alarm, "alarmActions"));
        assertEquals(1.0, in(alarm, "threshold"));
        assertEquals("GreaterThanOrEqualToThreshold", in(alarm, "comparisonOperator"));
        var queries = new HashMap<String, Object>();
        ((List<?>) in(alarm, "metricQueries")).forEach(q -> queries.put(String.valueOf(PlannedResource.valueAt(q, "id").orElseThrow()), q));
        assertEquals(FleetScaling.STARTS_FROM_ZERO, PlannedResource.valueAt(queries.get("start"), "expression").orElseThrow());
        assertEquals(Map.of("QueueName", queueName), PlannedResource.valueAt(queries.get("visible"), "metric.dimensions").orElseThrow());
        assertEquals(Map.of("AutoScalingGroupName", "portfolio-dev-fleet"),
                PlannedResource.valueAt(queries.get("desired"), "metric.dimensions").orElseThrow());
    }

    @Test
    void settingsReachTheGroupTheTemplateAndTheScaling() {
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("training:fleetInstanceTypes", "[\"g5.2xlarge\", \"g6.2xlarge\"]",
                "training:fleetMaxInstances", "9", "training:backlogPerInstance", "3", "training:fleetRootVolumeGiB", "300",
                "training:fleetAmiParameter", "/team/gpu-image", "training:fleetAutoScalingGroup", "gpu-fleet")));
        PlannedResource group = named(plan, GROUP, "fleet-asg");
        assertEquals("gpu-fleet", in(group, "name"), "the group the workflow targets");
        assertEquals(9.0, in(group, "maxSize"));
        assertEquals(2, ((List<?>) in(group, "mixedInstancesPolicy.launchTemplate.overrides")).size());
        assertEquals(3.0, in(named(plan, POLICY, "fleet-backlog"), "targetTrackingConfiguration.targetValue"));
        PlannedResource template = named(plan, TEMPLATE, "fleet-lt");
        assertEquals("resolve:ssm:/team/gpu-image", in(template, "imageId"));
        assertEquals(300.0, in(template, "blockDeviceMappings.0.ebs.volumeSize"));
        assertEquals("gpu-fleet", plan.outputs().get("fleetGroupName"));
    }

    @Test
    void theStackExportsTheGroupAndTheRole() {
        assertEquals("portfolio-dev-fleet", DEV.outputs().get("fleetGroupName"));
        assertEquals(named(DEV, ROLE, "fleet-role").arn(), DEV.outputs().get("fleetRoleArn"));
    }

    @Test
    void theFleetBreaksNoRuleInEitherStack() {
        for (Plan plan : List.of(DEV, TestStacks.plan(TestStacks.prod()))) {
            PolicyReport report = PolicyEngine.standard().evaluate(plan);
            var fleetUrns = plan.resources().stream().filter(r -> r.urn().contains("TrainingFleet")).map(PlannedResource::urn).toList();
            assertFalse(fleetUrns.isEmpty());
            var onFleet = report.violations().stream().filter(v -> fleetUrns.contains(v.urn())).toList();
            assertEquals(List.of(), onFleet, plan.stack());
            assertEquals(1, plan.ofType(GROUP).filter(g -> "training-fleet".equals(g.tags().get("component"))).count());
        }
    }
}
