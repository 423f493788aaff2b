package com.portfolio.infra.network;

import com.portfolio.infra.support.PolicyDocumentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * What a NAT instance does at boot, and the only AWS permissions it needs for it.
 *
 * <p>Why at boot: the instance is launched by an Auto Scaling group (so a failed one is replaced
 * without anyone acting), and a launch template cannot turn an instance's source/destination
 * check off, nor can a route name an instance that does not exist yet. So each instance, once
 * running, turns its own check off (without which EC2 drops every packet not addressed to it)
 * and points the private route tables' default route at itself: {@code ReplaceRoute}, or
 * {@code CreateRoute} when the route is not there yet (first boot). The program therefore
 * declares no default route in the private tables in this mode; they hold whatever the newest
 * instance wrote. See https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html
 */
public final class NatInstanceBoot {

    /** Amazon Linux 2023 for arm64 (Graviton), always the latest, from AWS's public SSM parameter. */
    public static final String IMAGE_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
    /** Read by EC2 at each launch, so every replacement instance gets the current image. */
    public static final String IMAGE_ID = "resolve:ssm:" + IMAGE_PARAMETER;
    /** The tag the Auto Scaling group puts on its instances; the instance policy keys on it. */
    public static final String GROUP_TAG = "aws:autoscaling:groupName";

    private NatInstanceBoot() {
    }

    /**
     * The boot script: forwarding and masquerading for the VPC's block (iptables, as AWS's NAT
     * instance guide does on Amazon Linux 2023), then the source/destination check and the routes.
     * The instance metadata is read with an IMDSv2 token, the only kind the launch template allows.
     */
    public static String script(String region, String vpcCidr, List<String> privateRouteTableIds) {
        if (privateRouteTableIds.isEmpty()) {
            throw new IllegalArgumentException("a NAT instance needs at least one private route table to serve; got none");
        }
        return """
                #!/bin/bash
                # NAT instance: forward the VPC's traffic to the internet, then become the private subnets' route out.
                set -euo pipefail
                dnf install -y iptables-services
                systemctl enable --now iptables
                echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf
                sysctl -p /etc/sysctl.d/90-nat.conf
                out=$(ip route show default | awk '{print $5; exit}')
                iptables -F FORWARD
                iptables -t nat -A POSTROUTING -o "$out" -s %2$s -j MASQUERADE
                service iptables save
                token=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)
                self=$(curl -sf -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
                aws ec2 modify-instance-attribute --region %1$s --instance-id "$self" --no-source-dest-check
                for table in %3$s; do
                  aws ec2 replace-route --region %1$s --route-table-id "$table" --destination-cidr-block 0.0.0.0/0 --instance-id "$self" \\
                    || aws ec2 create-route --region %1$s --route-table-id "$table" --destination-cidr-block 0.0.0.0/0 --instance-id "$self"
                done
                """.formatted(region, vpcCidr, String.join(" ", privateRouteTableIds));
    }

    /** The script as a launch template's {@code userData}: base64. */
    public static String userData(String region, String vpcCidr, List<String> privateRouteTableIds) {
        return Base64.getEncoder().encodeToString(script(region, vpcCidr, privateRouteTableIds).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The instance role's own permissions, beyond Session Manager's managed policy: its source/
     * destination check, on instances of its own group only (their ARN is unknown before launch,
     * so the group's tag narrows them), and the default route of the private route tables.
     */
    public static String policy(String partition, String region, String accountId, String groupName,
                                List<String> privateRouteTableIds) {
        var tables = privateRouteTableIds.stream()
                .map(id -> "arn:" + partition + ":ec2:" + region + ":" + accountId + ":route-table/" + id).toList();
        return PolicyDocumentBuilder.create()
                .allow("OwnSourceDestCheck")
                .actions("ec2:ModifyInstanceAttribute")
                .resources("arn:" + partition + ":ec2:" + region + ":" + accountId + ":instance/*")
                .condition("StringEquals", "ec2:ResourceTag/" + GROUP_TAG, groupName)
                .and()
                .allow("PrivateDefaultRoutes")
                .actions("ec2:ReplaceRoute", "ec2:CreateRoute")
                .resources(tables)
                .toJson();
    }
}
