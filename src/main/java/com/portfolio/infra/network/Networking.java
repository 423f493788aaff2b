package com.portfolio.infra.network;

import com.portfolio.infra.config.NatStrategy;
import com.portfolio.infra.config.NetworkSettings;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.Policies;
import com.portfolio.infra.support.PolicyDocumentBuilder;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesFilterArgs;
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
 * The VPC: a public and a private subnet in each AZ, an internet gateway, NAT gateway(s) or a NAT
 * instance as the stack's strategy says, free S3 and DynamoDB gateway endpoints on every private route table,
 * the configured interface endpoints, a flow log, and the security groups of the workloads that
 * run inside it. Nothing admits traffic from the internet: instances are reached with SSM
 * Session Manager, never SSH.
 */
public final class Networking extends ComponentResource {

    public static final String TYPE = "portfolio:network:Networking";
    private static final String COMPONENT = "networking";

    /**
     * @param context where the stack is deployed
     * @param network the VPC layout from the stack's settings
     * @param keyArn  the stack key, which encrypts the flow log's log group
     */
    public record Args(StackContext context, NetworkSettings network, Output<String> keyArn) {
    }

    public final Output<String> vpcId;
    public final Output<String> vpcCidr;
    public final List<Output<String>> privateSubnetIds;
    public final List<Output<String>> publicSubnetIds;
    public final List<Output<String>> privateRouteTableIds;
    /** For CodeBuild projects in the VPC. */
    public final Output<String> buildSecurityGroupId;
    /** For the training instances. */
    public final Output<String> fleetSecurityGroupId;
    /** For Lambda functions that run in the VPC. */
    public final Output<String> lambdaSecurityGroupId;
    /**
     * Resolves once a build in the private subnets can reach what it needs: each private subnet
     * routes to a NAT gateway that routes to the internet, the S3 gateway endpoint serves every
     * private route table, the interface endpoints (whose private DNS takes over their services'
     * names inside the VPC) admit HTTPS, and the build security group's egress rules exist. Its
     * value, the ids of those resources, is only good for waiting on.
     */
    public final Output<List<String>> buildEgressReady;

    private final StackContext context;
    private final Map<String, String> tags;

    public Networking(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        this.context = args.context();
        this.tags = context.tags(COMPONENT);
        NetworkSettings network = args.network();
        var child = CustomResourceOptions.builder().parent(this).build();

        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock(network.vpcCidr().toString())
                .enableDnsSupport(true)
                .enableDnsHostnames(true) // required for interface endpoints' private DNS
                .tags(named(name + "-vpc"))
                .build(), child);
        this.vpcId = vpc.id();
        this.vpcCidr = vpc.cidrBlock();

        // Adopting the default security group with no rules closes it (FSBP EC2.2).
        new DefaultSecurityGroup(name + "-default-sg", DefaultSecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .tags(named(name + "-default-closed"))
                .build(), child);

        var zoneNames = AwsFunctions.getAvailabilityZones(GetAvailabilityZonesArgs.builder()
                .state("available")
                .filters(GetAvailabilityZonesFilterArgs.builder()
                        .name("opt-in-status").values("opt-in-not-required").build())
                .build()).applyValue(result -> requireZones(context.region(), result.names(), network.availabilityZones()));

        var igw = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id()).tags(named(name + "-igw")).build(), child);
        var publicRoutes = new RouteTable(name + "-public-rt", RouteTableArgs.builder()
                .vpcId(vpc.id()).tags(tiered(name + "-public", "public")).build(), child);
        // Everything a build's traffic crosses on its way out, so builds can wait for all of it.
        var egressPath = new ArrayList<Output<String>>();
        egressPath.add(new Route(name + "-public-internet", RouteArgs.builder()
                .routeTableId(publicRoutes.id())
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igw.id())
                .build(), child).id());

        var privateSubnets = new ArrayList<Output<String>>();
        var publicSubnets = new ArrayList<Output<String>>();
        var privateTables = new ArrayList<RouteTable>();
        var natGateways = new ArrayList<NatGateway>();
        for (SubnetPlan.AzSubnets plan : SubnetPlan.forAzs(network.vpcCidr(), network.availabilityZones())) {
            int az = plan.index();
            var zone = zoneNames.applyValue(zones -> zones.get(az));
            var publicSubnet = new Subnet(name + "-public-" + az, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(zone)
                    .cidrBlock(plan.publicCidr().toString())
                    .mapPublicIpOnLaunch(false) // only NAT gateways live here, with their own EIPs
                    .tags(tiered(name + "-public-" + az, "public"))
                    .build(), child);
            egressPath.add(new RouteTableAssociation(name + "-public-" + az, RouteTableAssociationArgs.builder()
                    .subnetId(publicSubnet.id()).routeTableId(publicRoutes.id()).build(), child).id());
            publicSubnets.add(publicSubnet.id());

            var privateSubnet = new Subnet(name + "-private-" + az, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(zone)
                    .cidrBlock(plan.privateCidr().toString())
                    .mapPublicIpOnLaunch(false)
                    .tags(tiered(name + "-private-" + az, "private"))
                    .build(), child);
            privateSubnets.add(privateSubnet.id());

            boolean natGateway = network.natGateways() != NatStrategy.INSTANCE;
            if (natGateway && (az == 0 || network.natGateways() == NatStrategy.PER_AZ)) {
                var eip = new Eip(name + "-nat-" + az, EipArgs.builder()
                        .domain("vpc").tags(named(name + "-nat-" + az)).build(), child);
                natGateways.add(new NatGateway(name + "-nat-" + az, NatGatewayArgs.builder()
                        .allocationId(eip.allocationId())
                        .subnetId(publicSubnet.id())
                        .tags(named(name + "-nat-" + az))
                        .build(), CustomResourceOptions.builder().parent(this).dependsOn(igw).build()));
                egressPath.add(natGateways.get(natGateways.size() - 1).id());
            }
            // A route table per AZ even with one NAT, so switching to per-az only moves routes.
            var table = new RouteTable(name + "-private-rt-" + az, RouteTableArgs.builder()
                    .vpcId(vpc.id()).tags(tiered(name + "-private-" + az, "private")).build(), child);
            egressPath.add(new RouteTableAssociation(name + "-private-" + az, RouteTableAssociationArgs.builder()
                    .subnetId(privateSubnet.id()).routeTableId(table.id()).build(), child).id());
            if (natGateway) {
                egressPath.add(new Route(name + "-private-egress-" + az, RouteArgs.builder()
                        .routeTableId(table.id())
                        .destinationCidrBlock("0.0.0.0/0")
                        .natGatewayId(natGateways.get(network.natGateways() == NatStrategy.PER_AZ ? az : 0).id())
                        .build(), child).id());
            }
            privateTables.add(table);
        }
        if (network.natGateways() == NatStrategy.INSTANCE) {
            // The instance writes the private tables' default route itself at boot (see NatInstanceBoot).
            var nat = new NatInstance(name + "-nat", new NatInstance.Args(context, COMPONENT, vpc.id(),
                    network.vpcCidr().toString(), List.copyOf(publicSubnets), privateTables.stream().map(RouteTable::id).toList()),
                    ComponentResourceOptions.builder().parent(this).build());
            egressPath.add(nat.groupId);
        }
        this.privateSubnetIds = List.copyOf(privateSubnets);
        this.publicSubnetIds = List.copyOf(publicSubnets);
        this.privateRouteTableIds = privateTables.stream().map(RouteTable::id).toList();

        // Gateway endpoints cost nothing and keep S3/DynamoDB traffic off the NAT (FSBP EC2.10).
        var tableIds = Output.all(privateRouteTableIds);
        for (String service : List.of("s3", "dynamodb")) {
            var endpoint = new VpcEndpoint(name + "-" + service, VpcEndpointArgs.builder()
                    .vpcId(vpc.id())
                    .serviceName("com.amazonaws." + context.region() + "." + service)
                    .vpcEndpointType("Gateway")
                    .routeTableIds(tableIds)
                    .tags(named(name + "-" + service))
                    .build(), child);
            if (service.equals("s3")) {
                // A build's S3 traffic (sources, outputs, markers) goes through this endpoint.
                egressPath.add(endpoint.id());
            }
        }
        egressPath.addAll(createInterfaceEndpoints(name, network, vpc, privateSubnets, child));
        createFlowLog(name, vpc, args.keyArn(), child);

        var buildGroup = workloadSecurityGroup(name + "-build-sg",
                "CodeBuild projects that build onto EFS", vpc, network, true);
        this.buildSecurityGroupId = buildGroup.id();
        egressPath.addAll(buildGroup.egressRuleIds());
        this.fleetSecurityGroupId = workloadSecurityGroup(name + "-fleet-sg",
                "Spot GPU training instances", vpc, network, false).id();
        this.lambdaSecurityGroupId = workloadSecurityGroup(name + "-lambda-sg",
                "Lambda functions that run in the VPC", vpc, network, false).id();
        this.buildEgressReady = Output.all(egressPath);

        registerOutputs(Map.of(
                "vpcId", vpcId,
                "privateSubnetIds", Output.all(privateSubnetIds),
                "publicSubnetIds", Output.all(publicSubnetIds)));
    }

    /** The interface endpoints and the rule that admits HTTPS to them; returns their ids. */
    private List<Output<String>> createInterfaceEndpoints(String name, NetworkSettings network, Vpc vpc,
                                                          List<Output<String>> privateSubnets, CustomResourceOptions child) {
        var ids = new ArrayList<Output<String>>();
        if (network.interfaceEndpoints().isEmpty()) {
            return ids;
        }
        var endpointGroup = new SecurityGroup(name + "-endpoints-sg", SecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .description("Interface endpoints: HTTPS from inside the VPC only")
                // The policy knows the endpoints' own group by this tag (SEC-VPC-06).
                .tags(Tags.with(named(name + "-endpoints"), "purpose", "vpc-endpoints"))
                .build(), child);
        ids.add(new SecurityGroupIngressRule(name + "-endpoints-https-in", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(endpointGroup.id())
                .description("HTTPS to AWS APIs from resources in this VPC")
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .cidrIpv4(network.vpcCidr().toString())
                .tags(named(name + "-endpoints-https-in"))
                .build(), child).id());
        for (String service : network.interfaceEndpoints()) {
            String logical = name + "-" + service.replace('.', '-');
            ids.add(new VpcEndpoint(logical, VpcEndpointArgs.builder()
                    .vpcId(vpc.id())
                    .serviceName("com.amazonaws." + context.region() + "." + service)
                    .vpcEndpointType("Interface")
                    .privateDnsEnabled(true)
                    .subnetIds(Output.all(privateSubnets))
                    .securityGroupIds(Output.all(List.of(endpointGroup.id())))
                    .tags(named(logical))
                    .build(), child).id());
        }
        return ids;
    }

    private void createFlowLog(String name, Vpc vpc, Output<String> keyArn, CustomResourceOptions child) {
        var logGroup = new LogGroup(name + "-flow-log", LogGroupArgs.builder()
                .name("/aws/vpc/flow-logs/" + context.settings().namePrefix())
                .retentionInDays(context.settings().logRetentionDays())
                .kmsKeyId(keyArn)
                .tags(tags)
                .build(), child);
        var role = new Role(name + "-flow-log", RoleArgs.builder()
                .description("Lets VPC Flow Logs write to " + context.settings().namePrefix() + "'s flow log group")
                .assumeRolePolicy(context.accountId().applyValue(account ->
                        Policies.assumeRoleBy("vpc-flow-logs.amazonaws.com", account)))
                .tags(tags)
                .build(), child);
        new RolePolicy(name + "-flow-log", RolePolicyArgs.builder()
                .role(role.id())
                .policy(logGroup.arn().applyValue(arn -> PolicyDocumentBuilder.create()
                        .allow("WriteFlowLogs")
                        .actions("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                        .resources(arn, arn + ":*")
                        .toJson()))
                .build(), child);
        new FlowLog(name + "-flow-log", FlowLogArgs.builder()
                .vpcId(vpc.id())
                .trafficType("ALL")
                .logDestinationType("cloud-watch-logs")
                .logDestination(logGroup.arn())
                .iamRoleArn(role.arn())
                .maxAggregationInterval(60)
                .tags(named(name + "-flow-log"))
                .build(), child);
    }

    /**
     * A security group with no ingress and described egress: HTTPS anywhere (AWS APIs and package
     * mirrors through the NAT) and NFS inside the VPC (EFS). Build hosts also get HTTP, which
     * some OS package mirrors still require.
     */
    private WorkloadGroup workloadSecurityGroup(String logical, String purpose, Vpc vpc,
                                                NetworkSettings network, boolean allowHttp) {
        var child = CustomResourceOptions.builder().parent(this).build();
        var group = new SecurityGroup(logical, SecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .description(purpose + ": no ingress; egress to AWS APIs, package mirrors and EFS")
                .tags(named(logical))
                .build(), child);
        var rules = new ArrayList<Output<String>>();
        rules.add(egress(logical + "-https-out", group, "tcp", 443, "0.0.0.0/0", "HTTPS to AWS APIs and package mirrors"));
        rules.add(egress(logical + "-nfs-out", group, "tcp", 2049, network.vpcCidr().toString(), "NFS to EFS mount targets in this VPC"));
        if (allowHttp) {
            rules.add(egress(logical + "-http-out", group, "tcp", 80, "0.0.0.0/0", "HTTP to OS package mirrors that serve no HTTPS"));
        }
        return new WorkloadGroup(group.id(), List.copyOf(rules));
    }

    /** A workload's security group and its egress rules, which a new group lacks until they exist. */
    private record WorkloadGroup(Output<String> id, List<Output<String>> egressRuleIds) {
    }

    private Output<String> egress(String logical, SecurityGroup group, String protocol, int port, String cidr, String description) {
        return new SecurityGroupEgressRule(logical, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(group.id())
                .description(description)
                .ipProtocol(protocol).fromPort(port).toPort(port)
                .cidrIpv4(cidr)
                .tags(named(logical))
                .build(), CustomResourceOptions.builder().parent(this).build()).id();
    }

    private static List<String> requireZones(String region, List<String> available, int wanted) {
        if (available.size() < wanted) {
            throw new IllegalStateException("portfolio:availabilityZones is " + wanted + " but " + region + " offers only "
                    + available.size() + " AZs without opt-in (" + String.join(", ", available)
                    + "); expected at most " + available.size());
        }
        return available.subList(0, wanted);
    }

    private Map<String, String> named(String value) {
        return Tags.with(tags, "Name", value);
    }

    private Map<String, String> tiered(String value, String tier) {
        return Tags.with(named(value), "tier", tier);
    }
}
