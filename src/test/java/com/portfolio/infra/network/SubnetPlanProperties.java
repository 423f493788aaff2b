package com.portfolio.infra.network;

import com.portfolio.infra.support.Ipv4Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SubnetPlanProperties {

    @Provide
    Arbitrary<Ipv4Cidr> vpcBlocks() {
        return Combinators.combine(Arbitraries.longs().between(0, 0xFFFFFFFFL), Arbitraries.integers().between(16, 20))
                .as((address, prefix) -> new Ipv4Cidr(address & (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL, prefix));
    }

    private static List<Ipv4Cidr> allSubnets(List<SubnetPlan.AzSubnets> plan) {
        var all = new ArrayList<Ipv4Cidr>();
        plan.forEach(az -> {
            all.add(az.privateCidr());
            all.add(az.publicCidr());
        });
        return all;
    }

    @Property
    void everySubnetLiesInsideTheVpcBlock(@ForAll("vpcBlocks") Ipv4Cidr vpc, @ForAll @IntRange(min = 1, max = 6) int azs) {
        allSubnets(SubnetPlan.forAzs(vpc, azs)).forEach(subnet ->
                assertTrue(vpc.contains(subnet), subnet + " outside " + vpc));
    }

    @Property
    void noTwoSubnetsOverlap(@ForAll("vpcBlocks") Ipv4Cidr vpc, @ForAll @IntRange(min = 1, max = 6) int azs) {
        List<Ipv4Cidr> subnets = allSubnets(SubnetPlan.forAzs(vpc, azs));
        for (int i = 0; i < subnets.size(); i++) {
            for (int j = i + 1; j < subnets.size(); j++) {
                assertFalse(subnets.get(i).overlaps(subnets.get(j)), subnets.get(i) + " overlaps " + subnets.get(j));
            }
        }
    }

    @Property
    void oneSubnetOfEachTierPerAzAndPrivateOnesAreTheLarger(@ForAll("vpcBlocks") Ipv4Cidr vpc,
                                                           @ForAll @IntRange(min = 1, max = 6) int azs) {
        List<SubnetPlan.AzSubnets> plan = SubnetPlan.forAzs(vpc, azs);
        assertEquals(azs, plan.size());
        for (int i = 0; i < azs; i++) {
            assertEquals(i, plan.get(i).index());
            assertTrue(plan.get(i).privateCidr().size() > plan.get(i).publicCidr().size());
        }
    }

    @Property
    void growingTheAzCountKeepsEveryExistingSubnetWhereItWas(@ForAll("vpcBlocks") Ipv4Cidr vpc,
                                                             @ForAll @IntRange(min = 1, max = 6) int before,
                                                             @ForAll @IntRange(min = 1, max = 6) int after) {
        List<SubnetPlan.AzSubnets> smaller = SubnetPlan.forAzs(vpc, Math.min(before, after));
        List<SubnetPlan.AzSubnets> larger = SubnetPlan.forAzs(vpc, Math.max(before, after));
        assertEquals(smaller, larger.subList(0, smaller.size()));
    }

    @Property
    void aSlashTwentyStillLeavesRoomForANatGatewayInEveryPublicSubnet(@ForAll @IntRange(min = 0, max = 5) int az) {
        var subnets = SubnetPlan.forAz(Ipv4Cidr.parse("10.0.0.0/20"), az);
        assertEquals(64, subnets.publicCidr().size());
        assertEquals(512, subnets.privateCidr().size());
    }
}
