package com.portfolio.infra.network;

import com.portfolio.infra.support.Ipv4Cidr;
import static com.portfolio.infra.testsupport.TestStacks.named;
import static com.portfolio.infra.testsupport.TestStacks.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.NatStrategy;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetworkingTest {

    private static final String SUBNET = "aws:ec2/subnet:Subnet";
    private static final String ROUTE = "aws:ec2/route:Route";
    private static final String NAT = "aws:ec2/natGateway:NatGateway";

    private static Set<String> ids(Plan plan, String type) {
        return plan.ofType(type).map(PlannedResource::id).collect(Collectors.toSet());
    }

    @Test
    void givenThreeAzsPerAzWhenPlannedThenEachPrivateRouteTableUsesTheNatInItsOwnAz() {
        Plan plan = plan(TestStacks.settings("prod", 3, NatStrategy.PER_AZ));
        assertEquals(3, plan.ofType(NAT).count());
        for (int az = 0; az < 3; az++) {
            PlannedResource nat = named(plan, NAT, "network-nat-" + az);
            PlannedResource publicSubnet = named(plan, SUBNET, "network-public-" + az);
            PlannedResource privateSubnet = named(plan, SUBNET, "network-private-" + az);
            assertEquals(publicSubnet.id(), nat.inputs().get("subnetId"));
            PlannedResource egress = named(plan, ROUTE, "network-private-egress-" + az);
            assertEquals(nat.id(), egress.inputs().get("natGatewayId"));
            assertEquals(named(plan, "aws:ec2/routeTable:RouteTable", "network-private-rt-" + az).id(),
                    egress.inputs().get("routeTableId"));
            assertEquals(publicSubnet.inputs().get("availabilityZone"), privateSubnet.inputs().get("availabilityZone"));
            assertEquals("us-east-1" + "abc".charAt(az), privateSubnet.inputs().get("availabilityZone"));
        }
    }

    @Test
    void givenSingleNatWhenPlannedThenEveryPrivateRouteUsesTheOneNat() {
        Plan plan = plan(TestStacks.dev());
        assertEquals(1, plan.ofType(NAT).count());
        String nat = named(plan, NAT, "network-nat-0").id();
        List<PlannedResource> egress = plan.ofType(ROUTE).filter(r -> r.name().startsWith("network-private-egress-")).toList();
        assertEquals(2, egress.size());
        egress.forEach(route -> assertEquals(nat, route.inputs().get("natGatewayId")));
    }

    @Test
    void subnetsFollowTheSubnetPlanAndNoneGivesPublicIps() {
        Plan plan = plan(TestStacks.dev());
        var vpc = Ipv4Cidr.parse("10.0.0.0/16");
        for (int az = 0; az < 2; az++) {
            var expected = SubnetPlan.forAz(vpc, az);
            assertEquals(expected.privateCidr().toString(), named(plan, SUBNET, "network-private-" + az).inputs().get("cidrBlock"));
            assertEquals(expected.publicCidr().toString(), named(plan, SUBNET, "network-public-" + az).inputs().get("cidrBlock"));
        }
        plan.ofType(SUBNET).forEach(subnet -> assertEquals(false, subnet.inputs().get("mapPublicIpOnLaunch"), subnet.name()));
        assertEquals(Set.of("private", "public"), plan.ofType(SUBNET).map(s -> s.tags().get("tier")).collect(Collectors.toSet()));
    }

    @Test
    void gatewayEndpointsServeEveryPrivateRouteTable() {
        Plan plan = plan(TestStacks.prod());
        Set<String> privateTables = plan.ofType("aws:ec2/routeTable:RouteTable")
                .filter(t -> "private".equals(t.tags().get("tier"))).map(PlannedResource::id).collect(Collectors.toSet());
        assertEquals(3, privateTables.size());
        for (String service : List.of("s3", "dynamodb")) {
            PlannedResource endpoint = named(plan, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-" + service);
            assertEquals("Gateway", endpoint.inputs().get("vpcEndpointType"));
            assertEquals("com.amazonaws.us-east-1." + service, endpoint.inputs().get("serviceName"));
            assertEquals(privateTables, Set.copyOf((List<?>) endpoint.inputs().get("routeTableIds")));
        }
    }

    @Test
    void interfaceEndpointsUsePrivateDnsInThePrivateSubnetsBehindTheirOwnGroup() {
        Plan plan = plan(TestStacks.dev());
        String endpointGroup = named(plan, "aws:ec2/securityGroup:SecurityGroup", "network-endpoints-sg").id();
        Set<String> privateSubnets = plan.ofType(SUBNET).filter(s -> "private".equals(s.tags().get("tier")))
                .map(PlannedResource::id).collect(Collectors.toSet());
        for (String service : List.of("ssm", "ssmmessages")) {
            PlannedResource endpoint = named(plan, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-" + service);
            assertEquals("Interface", endpoint.inputs().get("vpcEndpointType"));
            assertEquals(true, endpoint.inputs().get("privateDnsEnabled"));
            assertEquals(privateSubnets, Set.copyOf((List<?>) endpoint.inputs().get("subnetIds")));
            assertEquals(List.of(endpointGroup), endpoint.inputs().get("securityGroupIds"));
        }
    }

    @Test
    void nothingAdmitsTheInternetAndEveryRuleIsDescribed() {
        Plan plan = plan(TestStacks.prod());
        plan.resources().stream().filter(r -> r.type().endsWith("IngressRule")).forEach(rule -> {
            assertFalse("0.0.0.0/0".equals(rule.inputs().get("cidrIpv4")), rule.name());
            assertTrue(rule.inputs().get("description") instanceof String d && !d.isBlank(), rule.name());
        });
        plan.resources().stream().filter(r -> r.type().endsWith("EgressRule")).forEach(rule ->
                assertTrue(rule.inputs().get("description") instanceof String d && !d.isBlank(), rule.name()));
        PlannedResource defaultGroup = named(plan, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg");
        assertFalse(defaultGroup.inputs().containsKey("ingress") && !((List<?>) defaultGroup.inputs().get("ingress")).isEmpty());
        assertFalse(defaultGroup.inputs().containsKey("egress") && !((List<?>) defaultGroup.inputs().get("egress")).isEmpty());
        assertEquals(named(plan, "aws:ec2/vpc:Vpc", "network-vpc").id(), defaultGroup.inputs().get("vpcId"));
    }

    @Test
    void theFlowLogRecordsAllTrafficToARetainedEncryptedLogGroup() {
        Plan plan = plan(TestStacks.dev());
        PlannedResource logGroup = named(plan, "aws:cloudwatch/logGroup:LogGroup", "network-flow-log");
        PlannedResource flowLog = named(plan, "aws:ec2/flowLog:FlowLog", "network-flow-log");
        assertEquals("ALL", flowLog.inputs().get("trafficType"));
        assertEquals(logGroup.arn(), flowLog.inputs().get("logDestination"));
        assertEquals(named(plan, "aws:ec2/vpc:Vpc", "network-vpc").id(), flowLog.inputs().get("vpcId"));
        assertEquals(30.0, logGroup.inputs().get("retentionInDays"));
        assertEquals(named(plan, "aws:kms/key:Key", "stack-key-key").arn(), logGroup.inputs().get("kmsKeyId"));
    }

    @Test
    void everyResourceCarriesTheCostAllocationTags() {
        Plan plan = plan(TestStacks.dev());
        plan.resources().stream().filter(r -> r.inputs().containsKey("tags")).forEach(r -> {
            Map<String, String> tags = r.tags();
            assertEquals("portfolio", tags.get("project"), r.urn());
            assertEquals("dev", tags.get("stack"), r.urn());
            assertTrue(tags.containsKey("component"), r.urn());
        });
    }
}
