package com.portfolio.infra.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.CostSettings;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each kind of resource priced alone, on hand-made plans: GIVEN a resource with these inputs in
 * us-east-1 (or a region the table lacks) WHEN it is priced THEN these lines and figures.
 */
class PricingTest {

    private static final PriceTable TABLE = PriceTable.standard();
    private static final CostSettings SETTINGS = new CostSettings(40, null, CostSettings.UsageAssumptions.defaults());
    private static final double HOURS = 730;

    /** A plan of one component {@code comp} holding the given resources. */
    private static final class Builder {
        private final List<PlannedResource> resources = new ArrayList<>();
        private static final String STACK_URN = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack::portfolio-dev";
        private static final String COMPONENT_URN = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack$portfolio:test:Thing::comp";

        Builder() {
            resources.add(new PlannedResource(STACK_URN, "pulumi:pulumi:Stack", "portfolio-dev", null, null, false, Map.of(),
                    false, false, null));
            resources.add(new PlannedResource(COMPONENT_URN, "portfolio:test:Thing", "comp", null, STACK_URN, false, Map.of(),
                    false, false, null));
        }

        Builder add(String type, String name, Map<String, Object> inputs) {
            resources.add(new PlannedResource(COMPONENT_URN + "$" + type + "::" + name, type, name, name + "-id", COMPONENT_URN,
                    true, inputs, false, false, null));
            return this;
        }

        CostEstimate estimate(String region) {
            return CostEstimator.estimate(new Plan("portfolio", "dev", resources, Map.of()), region, SETTINGS, TABLE);
        }

        CostEstimate estimate() {
            return estimate("us-east-1");
        }
    }

    private static void assertUsd(double expected, double actual) {
        assertEquals(expected, actual, 0.0001);
    }

    @Test
    void aNatGatewayBillsEveryHourAndItsAddressToo() {
        var e = new Builder().add("aws:ec2/natGateway:NatGateway", "nat", Map.of())
                .add("aws:ec2/eip:Eip", "nat", Map.of("domain", "vpc")).estimate();
        assertUsd(0.045 * HOURS, e.fixed().get(0).monthlyUsd());
        assertUsd(0.005 * HOURS, e.fixed().get(1).monthlyUsd());
        assertUsd(32.85 + 3.65, e.fixedByComponent().get("comp"));
        assertTrue(e.usage().stream().anyMatch(u -> u.item().equals(UsageKinds.NAT_DATA) && Math.abs(u.lowUsd() - 20 * 0.045) < 1e-9),
                e.usage().toString());
    }

    @Test
    void anInterfaceEndpointBillsOncePerZoneItHasASubnetIn() {
        var two = new Builder().add("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm",
                Map.of("vpcEndpointType", "Interface", "subnetIds", List.of("a", "b"))).estimate();
        var three = new Builder().add("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm",
                Map.of("vpcEndpointType", "Interface", "subnetIds", List.of("a", "b", "c"))).estimate();
        assertUsd(2 * 0.01 * HOURS, two.fixedTotal());
        assertUsd(3 * 0.01 * HOURS, three.fixedTotal());
        assertEquals("3 x 730 h x $0.01", three.fixed().get(0).detail());
        // eu-central-1 charges more per zone-hour.
        var frankfurt = new Builder().add("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm",
                Map.of("vpcEndpointType", "Interface", "subnetIds", List.of("a", "b"))).estimate("eu-central-1");
        assertUsd(2 * 0.012 * HOURS, frankfurt.fixedTotal());
    }

    @Test
    void aGatewayEndpointIsFree() {
        var e = new Builder().add("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", Map.of("vpcEndpointType", "Gateway")).estimate();
        assertEquals(List.of(), e.fixed());
        assertEquals(List.of(), e.notPriced());
    }

    @Test
    void monthlyItemsCostTheirMonthlyPrice() {
        var e = new Builder().add("aws:kms/key:Key", "key", Map.of())
                .add("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", Map.of())
                .add("aws:cloudwatch/dashboard:Dashboard", "board", Map.of())
                .add("aws:route53/zone:Zone", "zone", Map.of())
                .add("aws:secretsmanager/secret:Secret", "secret", Map.of())
                .add("aws:budgets/budget:Budget", "budget", Map.of()).estimate();
        assertUsd(1.00 + 0.10 + 3.00 + 0.50 + 0.40 + 0, e.fixedTotal());
        assertEquals(6, e.fixed().size());
    }

    @Test
    void aGroupKeptAtOneInstanceIsFixedWithItsAddressAndVolume() {
        var e = new Builder()
                .add("aws:ec2/launchTemplate:LaunchTemplate", "nat-lt", Map.of("instanceType", "t4g.nano",
                        "networkInterfaces", List.of(Map.of("associatePublicIpAddress", "true")),
                        "blockDeviceMappings", List.of(Map.of("ebs", Map.of("volumeSize", 8.0)))))
                .add("aws:autoscaling/group:Group", "nat-asg", Map.of("minSize", 1.0, "maxSize", 1.0,
                        "launchTemplate", Map.of("id", "nat-lt-id"))).estimate();
        assertUsd(0.0042 * HOURS + 0.005 * HOURS + 8 * 0.08, e.fixedTotal());
        assertEquals(List.of(), e.usage(), "nothing runs above its minimum");
    }

    @Test
    void aSpotFleetIsARangeFromZeroNeverAFixedCost() {
        var e = new Builder()
                .add("aws:ec2/launchTemplate:LaunchTemplate", "gpu-lt", Map.of("instanceType", "g4dn.xlarge"))
                .add("aws:autoscaling/group:Group", "fleet", Map.of("name", "portfolio-dev-fleet", "minSize", 0.0, "maxSize", 4.0,
                        "mixedInstancesPolicy", Map.of(
                                "instancesDistribution", Map.of("onDemandPercentageAboveBaseCapacity", 0.0),
                                "launchTemplate", Map.of(
                                        "launchTemplateSpecification", Map.of("launchTemplateId", "gpu-lt-id"),
                                        "overrides", List.of(Map.of("instanceType", "g4dn.xlarge"), Map.of("instanceType", "g5.xlarge"),
                                                Map.of("instanceType", "g6.xlarge"), Map.of("instanceType", "g4dn.2xlarge"))))))
                .estimate();
        assertUsd(0, e.fixedTotal());
        var line = e.usage().get(0);
        assertTrue(line.unitPrices().startsWith("while the queue has work: $0.16-$1.006 per instance-hour (spot"), line.unitPrices());
        assertUsd(20 * 0.16, line.lowUsd());
        assertUsd(20 * 1.006, line.highUsd());
        assertTrue(line.item().contains("0 to 4"), line.item());
    }

    @Test
    void anUnknownInstanceTypeIsNotPricedRatherThanFree() {
        var e = new Builder()
                .add("aws:ec2/launchTemplate:LaunchTemplate", "lt", Map.of("instanceType", "p5.48xlarge"))
                .add("aws:autoscaling/group:Group", "asg", Map.of("minSize", 1.0, "maxSize", 1.0,
                        "launchTemplate", Map.of("id", "lt-id"))).estimate();
        assertEquals(1, e.notPriced().size());
        assertEquals("instance type p5.48xlarge is not in the price table", e.notPriced().get(0).reason());
    }

    @Test
    void aTypeTheTableDoesNotKnowIsListedNotCountedAsZero() {
        var e = new Builder().add("aws:rds/instance:Instance", "db", Map.of()).estimate();
        assertEquals(List.of(new CostEstimate.Unpriced("comp", "db", "aws:rds/instance:Instance",
                "the price table does not know this type")), e.notPriced());
        assertTrue(CostReport.lines(e).contains("    comp/db (aws:rds/instance:Instance): the price table does not know this type"),
                CostReport.lines(e).toString());
    }

    @Test
    void usageSharedByManyResourcesIsPricedOnce() {
        var e = new Builder().add("aws:lambda/function:Function", "a", Map.of())
                .add("aws:lambda/function:Function", "b", Map.of())
                .add("aws:lambda/function:Function", "c", Map.of()).estimate();
        assertEquals(1, e.usage().size());
        assertUsd(100_000 / 1e6 * 0.20 + 25_000 * 0.0000166667, e.usage().get(0).lowUsd());
    }

    @Test
    void usageKindsPriceAtTheirAssumptions() {
        var e = new Builder().add("aws:dynamodb/table:Table", "t", Map.of("billingMode", "PAY_PER_REQUEST"))
                .add("aws:sqs/queue:Queue", "q", Map.of())
                .add("aws:sns/topic:Topic", "n", Map.of())
                .add("aws:sfn/stateMachine:StateMachine", "m", Map.of())
                .add("aws:apigatewayv2/api:Api", "api", Map.of())
                .add("aws:cloudfront/distribution:Distribution", "cdn", Map.of())
                .add("aws:cloudfront/function:Function", "rewrite", Map.of())
                .add("aws:s3/bucketV2:BucketV2", "site", Map.of())
                .add("aws:efs/fileSystem:FileSystem", "fs", Map.of())
                .add("aws:cloudwatch/logGroup:LogGroup", "logs", Map.of()).estimate();
        Map<String, Double> byItem = new java.util.HashMap<>();
        e.usage().forEach(u -> byItem.put(u.item(), u.lowUsd()));
        assertUsd(0.1 * 0.625 + 0.5 * 0.125 + 1 * 0.25, byItem.get(UsageKinds.DYNAMODB));
        assertUsd(0.1 * 0.40, byItem.get(UsageKinds.SQS));
        assertUsd(0.001 * 0.50, byItem.get(UsageKinds.SNS));
        assertUsd(10 * 0.025, byItem.get(UsageKinds.STEP_FUNCTIONS));
        assertUsd(0.1 * 1.00, byItem.get(UsageKinds.HTTP_API));
        assertUsd(20 * 0.01 + 10 * 0.085, byItem.get(UsageKinds.CLOUDFRONT));
        assertUsd(0.2 * 0.10, byItem.get(UsageKinds.CLOUDFRONT_FUNCTIONS));
        assertUsd(20 * 0.023, byItem.get(UsageKinds.S3));
        assertUsd(20 * 0.30, byItem.get(UsageKinds.EFS));
        assertUsd(2 * 0.50, byItem.get(UsageKinds.LOGS));
        assertUsd(0, e.fixedTotal());
    }

    @Test
    void aBuildProjectBillsItsComputeTypesMinutesAndAGpuImageAtTheGpuRate() {
        var e = new Builder().add("aws:codebuild/project:Project", "small",
                        Map.of("name", "small", "environment", Map.of("computeType", "BUILD_GENERAL1_SMALL", "type", "LINUX_CONTAINER")))
                .add("aws:codebuild/project:Project", "gpu",
                        Map.of("name", "gpu", "environment", Map.of("computeType", "BUILD_GENERAL1_LARGE", "type", "LINUX_GPU_CONTAINER")))
                .estimate();
        assertUsd(120 * 0.005, e.usage().get(0).lowUsd());
        assertUsd(120 * 0.18, e.usage().get(1).lowUsd());
        assertEquals("CodeBuild gpu (GPU_LARGE)", e.usage().get(1).item());
    }

    @Test
    void provisionedCapacityIsNotPricedRatherThanGuessed() {
        var e = new Builder().add("aws:dynamodb/table:Table", "t", Map.of("billingMode", "PROVISIONED")).estimate();
        assertEquals(1, e.notPriced().size());
    }

    @Test
    void aRegionTheTableLacksGivesANoteAndNoFigures() {
        var e = new Builder().add("aws:kms/key:Key", "key", Map.of()).estimate("ap-southeast-2");
        assertFalse(e.priced());
        assertEquals(List.of(), e.fixed());
        assertTrue(e.note().startsWith("the price table (as of 2025-07-01) has no prices for ap-southeast-2; it knows us-east-1"),
                e.note());
        var lines = CostReport.lines(e);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  note: the price table")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("total fixed")), lines.toString());
        assertFalse(e.overBudget());
    }

    @Test
    void aFixedCostAboveTheBudgetIsAnAdvisory() {
        var e = new Builder().add("aws:ec2/natGateway:NatGateway", "nat", Map.of())
                .add("aws:ec2/natGateway:NatGateway", "nat2", Map.of()).estimate();
        assertTrue(e.overBudget());
        assertTrue(CostReport.lines(e).contains("  advisory: the fixed cost $65.70 exceeds portfolio:monthlyBudget $40.00; lower it "
                + "(fewer interface endpoints or zones, portfolio:natGateways instance outside prod) or raise the budget"),
                CostReport.lines(e).toString());
        var within = new Builder().add("aws:ec2/natGateway:NatGateway", "nat", Map.of()).estimate();
        assertFalse(within.overBudget());
        assertTrue(CostReport.lines(within).stream().noneMatch(l -> l.contains("advisory")));
    }

    @Test
    void theJsonSectionCarriesTheSameFigures() {
        var e = new Builder().add("aws:ec2/natGateway:NatGateway", "nat", Map.of()).estimate();
        Map<String, Object> json = CostReport.json(e);
        assertEquals(32.85, json.get("fixedMonthly"));
        assertEquals(Map.of("comp", 32.85), json.get("fixedByComponent"));
        assertEquals("2025-07-01", json.get("asOf"));
        assertEquals(40, json.get("monthlyBudget"));
        assertEquals(0.9, ((Map<?, ?>) ((List<?>) json.get("usage")).get(0)).get("monthlyLow"));
    }
}
