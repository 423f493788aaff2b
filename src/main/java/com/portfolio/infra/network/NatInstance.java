package com.portfolio.infra.network;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.Policies;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshPreferencesArgs;
import com.pulumi.aws.autoscaling.inputs.GroupLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
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
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One small NAT instance for the private subnets, for development stacks: a t4g.nano costs about
 * $3 a month plus its public address, a NAT gateway about $33. An Auto Scaling group of exactly
 * one instance, spread over the public subnets, replaces it when it fails. It has no SSH key and
 * admits only the VPC; it is reached with Session Manager (its role has Session Manager's managed
 * policy and, beyond it, only what its boot script needs: see {@link NatInstanceBoot}).
 */
public final class NatInstance extends ComponentResource {

    public static final String TYPE = "portfolio:network:NatInstance";
    /** The tag value by which the policy knows a NAT instance's launch template. */
    public static final String PURPOSE = "nat-instance";
    /** @default t4g.nano: arm64, enough for a development stack's egress (up to 5 Gbit/s burst). */
    public static final String INSTANCE_TYPE = "t4g.nano";
    /** The root volume: Amazon Linux 2023's image is 8 GiB. */
    public static final int ROOT_VOLUME_GIB = 8;

    /**
     * @param context              where the stack is deployed
     * @param component            the tags' component, the VPC's
     * @param vpcId                the VPC
     * @param vpcCidr              its block: the only source the instance admits and masquerades
     * @param publicSubnetIds      where the group may launch the instance (any zone)
     * @param privateRouteTableIds the tables whose default route the instance takes over
     */
    public record Args(StackContext context, String component, Output<String> vpcId, String vpcCidr,
                       List<Output<String>> publicSubnetIds, List<Output<String>> privateRouteTableIds) {
    }

    /** The group's id; resolves once the group exists with its instance launched. */
    public final Output<String> groupId;

    public NatInstance(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        StackContext context = args.context();
        Map<String, String> tags = context.tags(args.component());
        var child = CustomResourceOptions.builder().parent(this).build();
        String groupName = context.physicalName("nat");

        var group = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                .description("NAT instance: traffic from this VPC only; egress HTTP and HTTPS")
                .tags(Tags.with(tags, "Name", name + "-sg"))
                .build(), child);
        new SecurityGroupIngressRule(name + "-from-vpc", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(group.id())
                .description("Everything the private subnets send out, from this VPC only")
                .ipProtocol("-1")
                .cidrIpv4(args.vpcCidr())
                .tags(Tags.with(tags, "Name", name + "-from-vpc"))
                .build(), child);
        // The workloads behind it may only send HTTP(S) (their own groups say so); the NAT matches.
        for (int port : List.of(443, 80)) {
            new SecurityGroupEgressRule(name + "-out-" + port, SecurityGroupEgressRuleArgs.builder()
                    .securityGroupId(group.id())
                    .description((port == 443 ? "HTTPS" : "HTTP") + " to the internet for the private subnets")
                    .ipProtocol("tcp").fromPort(port).toPort(port)
                    .cidrIpv4("0.0.0.0/0")
                    .tags(Tags.with(tags, "Name", name + "-out-" + port))
                    .build(), child);
        }

        var role = new Role(name + "-role", RoleArgs.builder()
                .description("NAT instance of " + context.settings().namePrefix() + ": Session Manager, its own source/dest check, the private default routes")
                .assumeRolePolicy(Policies.assumeRoleByEc2())
                .tags(tags)
                .build(), child);
        new RolePolicyAttachment(name + "-ssm", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn(Policies.awsManagedPolicyArn(context.partition(), Policies.SESSION_MANAGER_CORE))
                .build(), child);
        new RolePolicy(name + "-routes", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(context.accountId(), Output.all(args.privateRouteTableIds())).applyValue(t ->
                        NatInstanceBoot.policy(context.partition(), context.region(), t.t1, groupName, t.t2)))
                .build(), child);
        var profile = new InstanceProfile(name + "-profile", InstanceProfileArgs.builder()
                .role(role.name())
                .tags(tags)
                .build(), child);

        var launchTemplate = new LaunchTemplate(name + "-lt", LaunchTemplateArgs.builder()
                .description("NAT instance for the private subnets of " + context.settings().namePrefix())
                .imageId(NatInstanceBoot.IMAGE_ID)
                .instanceType(INSTANCE_TYPE)
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().arn(profile.arn()).build())
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled").httpTokens("required").httpPutResponseHopLimit(1).build())
                .networkInterfaces(LaunchTemplateNetworkInterfaceArgs.builder()
                        .deviceIndex(0)
                        // A NAT's traffic leaves through its own public address: no Elastic IP to keep and pay for.
                        .associatePublicIpAddress("true")
                        .deleteOnTermination("true")
                        .securityGroups(Output.all(List.of(group.id())))
                        .build())
                .blockDeviceMappings(LaunchTemplateBlockDeviceMappingArgs.builder()
                        .deviceName("/dev/xvda")
                        .ebs(LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                                .volumeType("gp3").volumeSize(ROOT_VOLUME_GIB).encrypted("true").deleteOnTermination("true").build())
                        .build())
                .userData(Output.all(args.privateRouteTableIds()).applyValue(tables ->
                        NatInstanceBoot.userData(context.region(), args.vpcCidr(), tables)))
                .tagSpecifications(
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("instance").tags(Tags.with(tags, "Name", groupName)).build(),
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("volume").tags(tags).build())
                .tags(Tags.with(Tags.with(tags, "Name", name + "-lt"), "purpose", PURPOSE))
                .build(), child);

        var groupTags = new ArrayList<GroupTagArgs>();
        Tags.with(tags, "Name", groupName).forEach((key, value) ->
                groupTags.add(GroupTagArgs.builder().key(key).value(value).propagateAtLaunch(true).build()));
        var autoScaling = new Group(name + "-asg", GroupArgs.builder()
                .name(groupName)
                .minSize(1).maxSize(1).desiredCapacity(1)
                .vpcZoneIdentifiers(Output.all(args.publicSubnetIds()))
                .launchTemplate(GroupLaunchTemplateArgs.builder().id(launchTemplate.id()).version("$Latest").build())
                .healthCheckType("EC2")
                .healthCheckGracePeriod(120)
                // A new launch template version (a newer image) replaces the instance; one NAT means a
                // short gap in egress, which a development stack accepts.
                .instanceRefresh(GroupInstanceRefreshArgs.builder().strategy("Rolling")
                        .preferences(GroupInstanceRefreshPreferencesArgs.builder().minHealthyPercentage(0).build()).build())
                .tags(groupTags)
                .build(), child);
        this.groupId = autoScaling.id();
        registerOutputs(Map.of("groupId", groupId));
    }
}
