package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EFS, VPC, launch template and CodeBuild rules. */
class NetworkAndComputeRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void unencryptedFileSystemViolatesEfs01() {
        plan.get("models-fs").set("encrypted", false).unset("kmsKeyId");
        assertViolation(plan, "SEC-EFS-01", "models-fs", "encrypted is false");
        assertViolation(plan, "SEC-EFS-01", "models-fs", "kmsKeyId is unset");
    }

    @Test
    void rootAccessPointViolatesEfs02() {
        plan.get("models-ap").set("rootDirectory.path", "/").unset("posixUser");
        assertViolation(plan, "SEC-EFS-02", "models-ap", "rootDirectory.path is /");
        assertViolation(plan, "SEC-EFS-02", "models-ap", "posixUser is unset");
    }

    @Test
    void mountTargetInPublicSubnetViolatesEfs03() {
        plan.get("models-mt-a").set("subnetId", plan.get("public-a").id());
        assertViolation(plan, "SEC-EFS-03", "models-mt-a", "public-a-id", "tier public");
    }

    @Test
    void disabledBackupViolatesEfs04() {
        plan.get("models-backup").set("backupPolicy.status", "DISABLED");
        assertViolation(plan, "REL-EFS-04", "models-fs", "[DISABLED]", "ENABLED");
    }

    @Test
    void oneZoneFileSystemAndMissingMountTargetViolateEfs05() {
        plan.get("models-fs").set("availabilityZoneName", "us-east-1a");
        plan.without("models-mt-b");
        assertViolation(plan, "REL-EFS-05", "models-fs", "One Zone", "us-east-1a");
        assertViolation(plan, "REL-EFS-05", "models-fs", "no mount target", "[us-east-1b]");
    }

    @Test
    void vpcWithoutFlowLogViolatesVpc01() {
        plan.without("vpc-flow-log");
        assertViolation(plan, "SEC-VPC-01", "vpc", "has 0 flow logs");
    }

    @Test
    void privateSubnetWithPublicIpsViolatesVpc02() {
        plan.get("private-b").set("mapPublicIpOnLaunch", true);
        assertViolation(plan, "SEC-VPC-02", "private-b", "mapPublicIpOnLaunch true");
    }

    @Test
    void untieredSubnetAndPublicLaunchViolateVpc02() {
        plan.get("public-b").tag("tier", null);
        plan.get("trainer-lt").set("networkInterfaces", List.of(Map.of("associatePublicIpAddress", "false", "subnetId", plan.get("public-a").id())));
        assertViolation(plan, "SEC-VPC-02", "public-b", "tier tag unset");
        assertViolation(plan, "SEC-VPC-02", "trainer-lt", "public subnet public-a");
    }

    @Test
    void openIngressViolatesVpc03() {
        plan.add(Types.INGRESS_RULE, "ssh").set("securityGroupId", plan.get("worker-sg").id()).set("cidrIpv4", "0.0.0.0/0")
                .set("ipProtocol", "tcp").set("fromPort", 22.0).set("toPort", 22.0);
        assertViolation(plan, "SEC-VPC-03", "ssh", "allows ingress from 0.0.0.0/0");
        assertViolation(plan, "SEC-VPC-03", "ssh", "no description");
    }

    @Test
    void inlineOpenIpv6IngressViolatesVpc03() {
        plan.get("worker-sg").set("ingress", List.of(Map.of("protocol", "tcp", "fromPort", 443.0, "toPort", 443.0,
                "ipv6CidrBlocks", List.of("::/0"), "description", "https")));
        assertViolation(plan, "SEC-VPC-03", "worker-sg", "ingress[0] allows ingress from ::/0");
    }

    @Test
    void defaultSecurityGroupMustBeAdoptedEmpty() {
        plan.get("vpc-default-sg").set("egress", List.of(Map.of("protocol", "-1", "cidrBlocks", List.of("0.0.0.0/0"))));
        assertViolation(plan, "SEC-VPC-03", "vpc-default-sg", "has 1 rule(s)");
        plan.without("vpc-default-sg");
        assertViolation(plan, "SEC-VPC-03", "vpc", "default security group is not adopted");
    }

    @Test
    void crossZoneNatViolatesVpc04() {
        plan.get("rt-private-b").set("routes", List.of(Map.of("cidrBlock", "0.0.0.0/0", "natGatewayId", plan.get("nat-a").id())));
        assertViolation(plan, "REL-VPC-04", "rt-private-b", "[us-east-1b]", "nat-a in zone us-east-1a");
    }

    @Test
    void zoneWithoutNatViolatesVpc04AndRouteResourcesCount() {
        plan.without("nat-b");
        plan.get("rt-private-b").unset("routes");
        plan.add(Types.ROUTE, "rt-private-b-default").set("routeTableId", plan.get("rt-private-b").id())
                .set("destinationCidrBlock", "0.0.0.0/0").set("natGatewayId", plan.get("nat-a").id());
        assertViolation(plan, "REL-VPC-04", "private-b", "zone us-east-1b", "no NAT gateway");
        assertViolation(plan, "REL-VPC-04", "rt-private-b", "routes to NAT nat-a");
    }

    @Test
    void oneSharedNatIsOnlyAdvisedInDev() {
        TestPlan dev = CompliantPlan.build("dev");
        dev.without("nat-b");
        dev.get("rt-private-b").set("routes", List.of(Map.of("cidrBlock", "0.0.0.0/0", "natGatewayId", dev.get("nat-a").id())));
        var v = assertViolation(dev, "REL-VPC-04", "rt-private-b", "nat-a");
        org.junit.jupiter.api.Assertions.assertEquals(Severity.ADVISORY, v.severity());
    }

    @Test
    void missingDynamoEndpointViolatesVpc05() {
        plan.get("endpoint-dynamodb").set("routeTableIds", List.of(plan.get("rt-private-a").id()));
        assertViolation(plan, "SEC-VPC-05", "rt-private-b", "no dynamodb gateway endpoint");
    }

    @Test
    void endpointRouteTableAssociationCounts() {
        plan.get("endpoint-s3").unset("routeTableIds");
        for (String az : List.of("a", "b")) {
            plan.add(Types.VPC_ENDPOINT_ROUTE_TABLE_ASSOCIATION, "s3-rt-" + az)
                    .set("vpcEndpointId", plan.get("endpoint-s3").id()).set("routeTableId", plan.get("rt-private-" + az).id());
        }
        assertNoViolation(plan, "SEC-VPC-05");
    }

    @Test
    void imdsV1ViolatesLt01() {
        plan.get("trainer-lt").set("metadataOptions.httpTokens", "optional").set("metadataOptions.httpPutResponseHopLimit", 3.0);
        assertViolation(plan, "SEC-LT-01", "trainer-lt", "httpTokens is optional");
        assertViolation(plan, "SEC-LT-01", "trainer-lt", "httpPutResponseHopLimit is 3");
    }

    @Test
    void publicIpAndSecretUserDataViolateLt02() {
        String script = "#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n";
        plan.get("trainer-lt").set("networkInterfaces", List.of(Map.of("associatePublicIpAddress", "true", "subnetId", plan.get("private-a").id())))
                .set("userData", Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)));
        assertViolation(plan, "SEC-LT-02", "trainer-lt", "associatePublicIpAddress is true");
        assertViolation(plan, "SEC-LT-02", "trainer-lt", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void unencryptedVolumeViolatesLt03() {
        plan.get("trainer-lt").set("blockDeviceMappings", List.of(Map.of("deviceName", "/dev/sdf", "ebs", Map.of("encrypted", "false"))));
        assertViolation(plan, "SEC-LT-03", "trainer-lt", "/dev/sdf", "ebs.encrypted is false");
    }

    @Test
    void buildWithDisabledEncryptionViolatesCb01() {
        plan.get("builder").set("artifacts.encryptionDisabled", true);
        assertViolation(plan, "SEC-CB-01", "builder", "[artifacts]");
    }

    @Test
    void buildWithoutLogGroupViolatesCb01() {
        plan.get("builder").unset("logsConfig");
        assertViolation(plan, "SEC-CB-01", "builder", "default group");
    }

    @Test
    void plaintextTokenAndPrivilegedModeViolateCb02() {
        plan.get("builder").set("environment.environmentVariables", List.of(Map.of("name", "GITHUB_TOKEN", "value", "ghp_abc")))
                .set("environment.privilegedMode", true);
        assertViolation(plan, "SEC-CB-02", "builder", "GITHUB_TOKEN is a PLAINTEXT credential");
        assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true");
    }

    @Test
    void buildInZoneWithoutMountTargetViolatesCb03() {
        plan.without("models-mt-b");
        assertViolation(plan, "REL-CB-03", "builder", "[us-east-1b]", "without an EFS mount target");
    }

    @Test
    void buildInPublicSubnetViolatesCb03() {
        plan.get("builder").set("vpcConfig.subnets", List.of(plan.get("public-a").id()));
        assertViolation(plan, "REL-CB-03", "builder", "public-a-id", "private subnets only");
    }
}
