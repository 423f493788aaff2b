package com.portfolio.infra.config;

/** How many NAT gateways the private subnets share. */
public enum NatStrategy {
    /** One NAT gateway for every AZ: cheapest, but an AZ outage cuts every AZ's egress. */
    SINGLE("single"),
    /** One NAT gateway per AZ, each AZ routing through its own: required in prod. */
    PER_AZ("per-az"),
    /**
     * One small NAT instance, kept running by a one-instance Auto Scaling group: a few dollars a
     * month instead of a NAT gateway's 30 or more, for development stacks only (an instance
     * replaced after a failure leaves the private subnets without egress for minutes).
     */
    INSTANCE("instance");

    private final String word;

    NatStrategy(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
