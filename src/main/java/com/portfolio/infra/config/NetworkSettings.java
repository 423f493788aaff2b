package com.portfolio.infra.config;

import com.portfolio.infra.support.Ipv4Cidr;
import java.util.List;

/**
 * @param availabilityZones  how many AZs the VPC spans; @default 2
 * @param vpcCidr            the VPC's IPv4 block, /16 to /20; @default 10.0.0.0/16
 * @param natGateways        NAT layout; @default single (prod must use per-az; instance only
 *                           outside production)
 * @param interfaceEndpoints services reached through interface endpoints (private DNS);
 *                           @default none: each costs about $7 a month per AZ, and Session
 *                           Manager reaches its services through the NAT as well
 */
public record NetworkSettings(int availabilityZones, Ipv4Cidr vpcCidr, NatStrategy natGateways,
                              List<String> interfaceEndpoints) {
    /** The most AZs a VPC spans: the subnet layout reserves room for this many and no more. */
    public static final int MAX_AVAILABILITY_ZONES = 6;

    public NetworkSettings {
        interfaceEndpoints = List.copyOf(interfaceEndpoints);
    }
}
