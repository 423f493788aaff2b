package com.portfolio.infra.network;

import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.SettingsException;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GIVEN portfolio:natGateways instance WHEN the program plans THEN the NAT instance's resources have these inputs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NatInstanceTest {

    private static final Plan PLAN = TestStacks.plan(TestStacks.settings("dev", Map.of("portfolio:natGateways", "instance",
            "portfolio:vpcCidr", "10.10.0.0/16")));
    private static final String LT = "aws:ec2/launchTemplate:LaunchTemplate";
    private static final String ASG = "aws:autoscaling/group:Group";

    @Test
    void noNatGatewayNoElasticIpAndNoDeclaredDefaultRouteInThePrivateTables() {
        assertEquals(0, PLAN.ofType("aws:ec2/natGateway:NatGateway").count());
        assertEquals(0, PLAN.ofType("aws:ec2/eip:Eip").count());
        assertEquals(List.of("network-public-internet"), PLAN.ofType("aws:ec2/route:Route").map(PlannedResource::name).toList(),
                "the instance writes the private default routes itself at boot");
    }

    @Test
    void theLaunchTemplateIsAnImdsV2OnlyArmAmazonLinuxWithAPublicAddressAnEncryptedRootAndNoKey() {
        PlannedResource lt = named(PLAN, LT, "network-nat-lt");
        assertEquals("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", lt.inputs().get("imageId"));
        assertEquals("t4g.nano", lt.inputs().get("instanceType"));
        assertEquals(Map.of("httpEndpoint", "enabled", "httpTokens", "required", "httpPutResponseHopLimit", 1.0),
                lt.inputs().get("metadataOptions"));
        assertEquals("true", lt.input("networkInterfaces.0.associatePublicIpAddress").orElseThrow());
        assertEquals(List.of(named(PLAN, "aws:ec2/securityGroup:SecurityGroup", "network-nat-sg").id()),
                lt.input("networkInterfaces.0.securityGroups").orElseThrow());
        assertEquals("true", lt.input("blockDeviceMappings.0.ebs.encrypted").orElseThrow());
        assertEquals(false, lt.inputs().containsKey("keyName"));
        assertEquals("nat-instance", lt.tags().get("purpose"));
        assertEquals(named(PLAN, "aws:iam/instanceProfile:InstanceProfile", "network-nat-profile").arn(),
                lt.input("iamInstanceProfile.arn").orElseThrow());
    }

    @Test
    void theBootScriptTurnsTheCheckOffAndTakesEveryPrivateRoute() {
        String script = new String(Base64.getDecoder().decode((String) named(PLAN, LT, "network-nat-lt").inputs().get("userData")),
                StandardCharsets.UTF_8);
        assertTrue(script.contains("iptables -t nat -A POSTROUTING -o \"$out\" -s 10.10.0.0/16 -j MASQUERADE"), script);
        assertTrue(script.contains("X-aws-ec2-metadata-token-ttl-seconds"), "reads the metadata with an IMDSv2 token");
        assertTrue(script.contains("aws ec2 modify-instance-attribute --region us-east-1 --instance-id \"$self\" --no-source-dest-check"));
        assertTrue(script.contains("for table in network-private-rt-0-id network-private-rt-1-id; do"), script);
        assertTrue(script.contains("replace-route") && script.contains("|| aws ec2 create-route"), script);
    }

    @Test
    void oneInstanceKeptByAGroupOverThePublicSubnets() {
        PlannedResource asg = named(PLAN, ASG, "network-nat-asg");
        assertEquals(1.0, asg.inputs().get("minSize"));
        assertEquals(1.0, asg.inputs().get("maxSize"));
        assertEquals("portfolio-dev-nat", asg.inputs().get("name"));
        assertEquals(List.of("network-public-0-id", "network-public-1-id"), asg.inputs().get("vpcZoneIdentifiers"));
        assertEquals(named(PLAN, LT, "network-nat-lt").id(), asg.input("launchTemplate.id").orElseThrow());
        assertEquals("dev", asg.tags().get("stack"));
    }

    @Test
    void itsGroupAdmitsOnlyTheVpcAndSendsOnlyHttpAndHttps() {
        var rules = PLAN.resources().stream().filter(r -> r.name().startsWith("network-nat-from") || r.name().startsWith("network-nat-out"))
                .toList();
        assertEquals(3, rules.size());
        PlannedResource in = named(PLAN, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "network-nat-from-vpc");
        assertEquals("10.10.0.0/16", in.inputs().get("cidrIpv4"));
        assertEquals(List.of(80.0, 443.0), PLAN.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
                .filter(r -> r.name().startsWith("network-nat-out")).map(r -> r.inputs().get("fromPort")).sorted().toList());
    }

    @Test
    void itsRoleHasSessionManagerAndOnlyWhatTheBootNeeds() throws Exception {
        PlannedResource attachment = named(PLAN, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "network-nat-ssm");
        assertEquals("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", attachment.inputs().get("policyArn"));
        JsonNode policy = new ObjectMapper().readTree((String) named(PLAN, "aws:iam/rolePolicy:RolePolicy", "network-nat-routes")
                .inputs().get("policy"));
        JsonNode own = policy.get("Statement").get(0);
        assertEquals("ec2:ModifyInstanceAttribute", own.get("Action").asText());
        assertEquals("portfolio-dev-nat", own.get("Condition").get("StringEquals").get("ec2:ResourceTag/aws:autoscaling:groupName").asText());
        JsonNode routes = policy.get("Statement").get(1);
        assertEquals("[\"ec2:ReplaceRoute\",\"ec2:CreateRoute\"]", routes.get("Action").toString());
        assertEquals("[\"arn:aws:ec2:us-east-1:123456789012:route-table/network-private-rt-0-id\","
                + "\"arn:aws:ec2:us-east-1:123456789012:route-table/network-private-rt-1-id\"]", routes.get("Resource").toString());
    }

    @Test
    void aProductionStackRefusesTheInstanceMode() {
        var e = assertThrows(SettingsException.class, () -> TestStacks.settings("prod", Map.of("portfolio:natGateways", "instance")));
        assertEquals(List.of("portfolio:natGateways: got \"instance\" in a production stack (portfolio:environment production); "
                + "expected per-az (production needs a NAT gateway in every AZ so one AZ's outage cannot cut the others' egress)"),
                e.problems());
    }

    @Test
    void aBootScriptWithoutRouteTablesIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> NatInstanceBoot.script("us-east-1", "10.0.0.0/16", List.of()));
        assertEquals("a NAT instance needs at least one private route table to serve; got none", e.getMessage());
    }
}
