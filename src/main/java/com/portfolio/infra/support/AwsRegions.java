package com.portfolio.infra.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The commercial AWS regions and the zones an account can use in each: pure data, read by the
 * offline plan's lookups (and later by the settings).
 *
 * <p>Source: AWS's "AWS Availability Zones" and "AZ IDs" pages
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html,
 * .../az-ids.html), compiled 2026-12-01. Only zones open to new accounts are listed: us-west-1
 * has a third zone (usw1-az2) and ap-northeast-1 a fourth (apne1-az3) that new accounts never
 * see. In the oldest regions zone names map to AZ IDs per account, so there a name's pairing with
 * an ID is one possible mapping; the IDs and the count are what every account sees. Local Zones
 * are listed only where the program's regions have them and are not opted in by default.
 *
 * <p>The China (aws-cn) and GovCloud (aws-us-gov) regions are listed too; an account of those
 * partitions sees only its own.
 *
 * <p>Interface endpoint services: the services a stack may name in
 * {@code portfolio:interfaceEndpoints} (those the program's resources call, plus the usual
 * neighbours), by region. Source: AWS PrivateLink's "AWS services that integrate with AWS
 * PrivateLink" (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html)
 * and {@code aws ec2 describe-vpc-endpoint-services} per region, compiled 2026-12-01. Each of
 * them was offered in every region of this table then, so every row holds all of them (a region
 * that lacks one must get a row of its own). A service missing here is refused when settings are
 * read: add it, for the regions that offer it, to use it. S3 and DynamoDB are not listed: the VPC
 * reaches them through its free gateway endpoints.
 */
public final class AwsRegions {

    /** {@code opt-in-status} of zones that need no opt-in (every Availability Zone of an enabled region). */
    public static final String NO_OPT_IN = "opt-in-not-required";
    public static final String NOT_OPTED_IN = "not-opted-in";
    public static final String AVAILABILITY_ZONE = "availability-zone";
    public static final String LOCAL_ZONE = "local-zone";

    /**
     * One zone as {@code DescribeAvailabilityZones} reports it.
     *
     * @param name        the zone name, e.g. {@code us-east-1a}
     * @param id          the AZ ID, the same physical zone in every account, e.g. {@code use1-az1}
     * @param type        {@link #AVAILABILITY_ZONE} or {@link #LOCAL_ZONE}
     * @param groupName   the region for an Availability Zone, the zone group for a Local Zone
     * @param optInStatus {@link #NO_OPT_IN} or {@link #NOT_OPTED_IN}
     */
    public record Zone(String name, String id, String type, String groupName, String optInStatus) {
    }

    /**
     * The interface endpoint services of the table, as {@code portfolio:interfaceEndpoints} names
     * them (the part after {@code com.amazonaws.<region>.}).
     */
    public static final Set<String> INTERFACE_ENDPOINT_SERVICES = Set.copyOf(new TreeSet<>(List.of(
            "ssm", "ssmmessages", "ec2messages", "ec2", "logs", "monitoring", "events", "sqs", "sns", "kms", "sts",
            "secretsmanager", "ecr.api", "ecr.dkr", "elasticfilesystem", "codebuild", "lambda", "states",
            "execute-api")));

    /**
     * @param code  e.g. {@code eu-west-1}
     * @param optIn whether the account must enable the region before using it
     * @param zones its zones, Availability Zones first
     * @param interfaceEndpoints the services of {@link #INTERFACE_ENDPOINT_SERVICES} it offers
     *                           interface endpoints for
     */
    public record Region(String code, boolean optIn, List<Zone> zones, Set<String> interfaceEndpoints) {
        public Region {
            zones = List.copyOf(zones);
            interfaceEndpoints = Set.copyOf(interfaceEndpoints);
        }

        /** The Availability Zones (no Local Zones) an account can use. */
        public List<Zone> availabilityZones() {
            return zones.stream().filter(z -> z.type().equals(AVAILABILITY_ZONE)).toList();
        }
    }

    private static final Map<String, Region> REGIONS = new LinkedHashMap<>();

    static {
        // North America
        region("us-east-1", false, "abcdef", "use1", 1, 2, 3, 4, 5, 6);
        localZone("us-east-1", "us-east-1-bos-1a", "use1-bos1-az1", "us-east-1-bos-1");
        region("us-east-2", false, "abc", "use2", 1, 2, 3);
        region("us-west-1", false, "ac", "usw1", 1, 3);
        region("us-west-2", false, "abcd", "usw2", 1, 2, 3, 4);
        localZone("us-west-2", "us-west-2-lax-1a", "usw2-lax1-az1", "us-west-2-lax-1");
        localZone("us-west-2", "us-west-2-lax-1b", "usw2-lax1-az2", "us-west-2-lax-1");
        region("ca-central-1", false, "abd", "cac1", 1, 2, 4);
        region("ca-west-1", true, "abc", "caw1", 1, 2, 3);
        region("mx-central-1", true, "abc", "mxc1", 1, 2, 3);
        // South America
        region("sa-east-1", false, "abc", "sae1", 1, 2, 3);
        // Europe
        region("eu-west-1", false, "abc", "euw1", 1, 2, 3);
        region("eu-west-2", false, "abc", "euw2", 1, 2, 3);
        region("eu-west-3", false, "abc", "euw3", 1, 2, 3);
        region("eu-central-1", false, "abc", "euc1", 1, 2, 3);
        region("eu-central-2", true, "abc", "euc2", 1, 2, 3);
        region("eu-north-1", false, "abc", "eun1", 1, 2, 3);
        region("eu-south-1", true, "abc", "eus1", 1, 2, 3);
        region("eu-south-2", true, "abc", "eus2", 1, 2, 3);
        // Asia Pacific
        region("ap-northeast-1", false, "acd", "apne1", 1, 2, 4);
        region("ap-northeast-2", false, "abcd", "apne2", 1, 2, 3, 4);
        region("ap-northeast-3", false, "abc", "apne3", 1, 2, 3);
        region("ap-south-1", false, "abc", "aps1", 1, 2, 3);
        region("ap-south-2", true, "abc", "aps2", 1, 2, 3);
        region("ap-southeast-1", false, "abc", "apse1", 1, 2, 3);
        region("ap-southeast-2", false, "abc", "apse2", 1, 2, 3);
        region("ap-southeast-3", true, "abc", "apse3", 1, 2, 3);
        region("ap-southeast-4", true, "abc", "apse4", 1, 2, 3);
        region("ap-southeast-5", true, "abc", "apse5", 1, 2, 3);
        region("ap-southeast-6", true, "abc", "apse6", 1, 2, 3);
        region("ap-southeast-7", true, "abc", "apse7", 1, 2, 3);
        region("ap-east-1", true, "abc", "ape1", 1, 2, 3);
        region("ap-east-2", true, "abc", "ape2", 1, 2, 3);
        // Middle East and Africa
        region("me-south-1", true, "abc", "mes1", 1, 2, 3);
        region("me-central-1", true, "abc", "mec1", 1, 2, 3);
        region("il-central-1", true, "abc", "ilc1", 1, 2, 3);
        region("af-south-1", true, "abc", "afs1", 1, 2, 3);
        // China (aws-cn)
        region("cn-north-1", false, "abd", "cnn1", 1, 2, 4);
        region("cn-northwest-1", false, "abc", "cnnw1", 1, 2, 3);
        // GovCloud (aws-us-gov)
        region("us-gov-west-1", false, "abc", "usgw1", 1, 2, 3);
        region("us-gov-east-1", false, "abc", "usge1", 1, 2, 3);
    }

    private AwsRegions() {
    }

    /** The region with this code, if the table has it. */
    public static Optional<Region> find(String code) {
        return Optional.ofNullable(REGIONS.get(code));
    }

    /** Every region's code, in the table's order. */
    public static List<String> codes() {
        return List.copyOf(REGIONS.keySet());
    }

    /** Zone {@code letters[i]} gets AZ ID {@code <idPrefix>-az<azNumbers[i]>}. */
    private static void region(String code, boolean optIn, String letters, String idPrefix, int... azNumbers) {
        if (letters.length() != azNumbers.length) {
            throw new IllegalStateException(code + ": " + letters.length() + " zone letters for " + azNumbers.length + " AZ IDs");
        }
        var zones = new ArrayList<Zone>();
        for (int i = 0; i < azNumbers.length; i++) {
            zones.add(new Zone(code + letters.charAt(i), idPrefix + "-az" + azNumbers[i], AVAILABILITY_ZONE, code, NO_OPT_IN));
        }
        REGIONS.put(code, new Region(code, optIn, zones, INTERFACE_ENDPOINT_SERVICES));
    }

    private static void localZone(String code, String name, String id, String group) {
        Region region = REGIONS.get(code);
        var zones = new ArrayList<>(region.zones());
        zones.add(new Zone(name, id, LOCAL_ZONE, group, NOT_OPTED_IN));
        REGIONS.put(code, new Region(code, region.optIn(), zones, region.interfaceEndpoints()));
    }
}
