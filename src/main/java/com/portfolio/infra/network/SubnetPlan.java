package com.portfolio.infra.network;

import com.portfolio.infra.config.NetworkSettings;
import com.portfolio.infra.support.Ipv4Cidr;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where each AZ's subnets sit inside the VPC block. The allocation depends only on the AZ's
 * index, never on how many AZs there are, so growing the AZ count adds subnets without moving
 * (and so replacing) any existing one.
 *
 * <p>The VPC block is cut in eighths. Eighths 0..5 are the private subnets of AZs 0..5 (where
 * the instances, EFS mount targets and builds live, so they get nearly all addresses); eighth 6 is
 * kept free for a later tier; eighth 7 is cut in eight again for the public subnets, which only
 * hold NAT gateways. For a /16: private /19 (8,187 usable addresses), public /22 (1,019).
 */
public final class SubnetPlan {

    /** The most AZs the layout has room for. */
    public static final int MAX_AZS = NetworkSettings.MAX_AVAILABILITY_ZONES;

    private static final int TIER_BITS = 3;
    private static final int PUBLIC_EIGHTH = 7;

    private SubnetPlan() {
    }

    /** The subnets of one AZ. */
    public record AzSubnets(int index, Ipv4Cidr privateCidr, Ipv4Cidr publicCidr) {
    }

    public static AzSubnets forAz(Ipv4Cidr vpc, int azIndex) {
        if (azIndex < 0 || azIndex >= MAX_AZS) {
            throw new IllegalArgumentException("AZ index " + azIndex + " is outside 0.." + (MAX_AZS - 1));
        }
        int privatePrefix = vpc.prefix() + TIER_BITS;
        Ipv4Cidr publicTier = vpc.subnet(privatePrefix, PUBLIC_EIGHTH);
        return new AzSubnets(azIndex,
                vpc.subnet(privatePrefix, azIndex),
                publicTier.subnet(privatePrefix + TIER_BITS, azIndex));
    }

    public static List<AzSubnets> forAzs(Ipv4Cidr vpc, int azCount) {
        return IntStream.range(0, azCount).mapToObj(i -> forAz(vpc, i)).toList();
    }
}
