package com.portfolio.infra.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.Environment;
import com.portfolio.infra.config.NatStrategy;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.inputs.GetVpcArgs;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The offline engine's lookups answer as AWS would, and refuse what they do not model. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlanMocksTest {

    private static Plan planIn(String region, int azs) {
        var settings = TestStacks.settings("dev", Map.of("aws:region", region,
                "portfolio:availabilityZones", String.valueOf(azs), "portfolio:natGateways", NatStrategy.SINGLE.word()));
        return TestStacks.plan(settings);
    }

    @Test
    void moreZonesThanTheRegionHasFailsThePlanNamingRegionCountAndSetting() {
        var error = assertThrows(OfflinePlanner.PlanFailedException.class, () -> planIn("eu-west-1", 4));
        assertTrue(error.getMessage().contains("portfolio:availabilityZones is 4 but eu-west-1 offers only 3 AZs"),
                error.getMessage());
    }

    @Test
    void usWest1HasTwoUsableZonesAndTheSubnetsUseThem() {
        assertThrows(OfflinePlanner.PlanFailedException.class, () -> planIn("us-west-1", 3));
        Plan plan = planIn("us-west-1", 2);
        var zones = plan.ofType(Types.SUBNET).map(s -> String.valueOf(s.inputs().get("availabilityZone")))
                .distinct().sorted().toList();
        assertEquals(java.util.List.of("us-west-1a", "us-west-1c"), zones);
    }

    @Test
    void anUnknownRegionIsRefusedByName() {
        // The settings refuse such a region first; the mocks must not answer for it either.
        var error = assertThrows(OfflinePlanner.PlanFailedException.class, () -> OfflinePlanner.run("portfolio", "dev",
                Environment.DEVELOPMENT, "us-fake-1", ctx -> ctx.export("zones", AwsFunctions.getAvailabilityZones()
                        .applyValue(result -> result.names()))));
        assertTrue(error.getMessage().contains("the offline plan knows no AWS region \"us-fake-1\""), error.getMessage());
        assertTrue(error.getMessage().contains("eu-west-1"), error.getMessage());
    }

    @Test
    void aLookupTheMocksDoNotModelFailsThePlanInsteadOfAnsweringSomething() {
        var error = assertThrows(OfflinePlanner.PlanFailedException.class, () -> OfflinePlanner.run("portfolio", "dev",
                Environment.DEVELOPMENT, "eu-west-1", ctx -> ctx.export("vpc", Ec2Functions.getVpc(GetVpcArgs.builder().default_(true).build())
                        .applyValue(result -> result.id()))));
        assertTrue(error.getMessage().contains("the offline plan has no answer for the lookup aws:ec2/getVpc:getVpc"),
                error.getMessage());
    }
}
