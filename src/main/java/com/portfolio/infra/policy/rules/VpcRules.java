package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.AddressRanges;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The VPC, subnet, route and security group rules. */
final class VpcRules {
    private VpcRules() {
    }

    static final String ANY_IPV4 = "0.0.0.0/0";
    static final String ANY_IPV6 = "::/0";

    static List<PlannedResource> privateRouteTables(PlanGraph plan) {
        return plan.ofType(Types.ROUTE_TABLE).stream().filter(t -> PlanGraph.tagged(t, Conventions.TIER, Conventions.PRIVATE)).toList();
    }

    /** The NAT gateway ids the route table's default IPv4 route points at (inline and Route resources). */
    static List<String> defaultRouteNats(PlanGraph plan, PlannedResource table) {
        List<String> nats = new ArrayList<>();
        for (Map<String, Object> r : Values.objects(table, "routes")) {
            if (ANY_IPV4.equals(Values.string(r, "cidrBlock").orElse(""))) {
                nats.add(Values.string(r, "natGatewayId").orElse("none"));
            }
        }
        for (PlannedResource r : plan.referencing(Types.ROUTE, "routeTableId", table)) {
            if (ANY_IPV4.equals(Values.string(r, "destinationCidrBlock").orElse(""))) {
                nats.add(Values.string(r, "natGatewayId").orElse("none"));
            }
        }
        return nats;
    }

    static final class FlowLogs extends Rule {
        FlowLogs() {
            super("SEC-VPC-01", MANDATORY, BOTH,
                    "ec2 FlowLog",
                    "one per VPC",
                    "FSBP EC2.6", "Add exactly one ec2 FlowLog with vpcId = the VPC (trafficType ALL, to a log group).",
                    List.of(Types.VPC));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource vpc : plan.ofType(Types.VPC)) {
                int n = plan.referencing(Types.FLOW_LOG, "vpcId", vpc).size();
                if (n != 1 && !out.anyComputed(plan, Types.FLOW_LOG, "vpcId")) {
                    out.add(vpc, "VPC %s has %d flow logs; expected exactly 1", vpc.name(), n);
                }
            }
        }
    }

    static final class NothingPublic extends Rule {
        /** Resource inputs that place something into subnets. */
        static final Map<String, String> SUBNET_INPUTS = Map.of(
                Types.FUNCTION, "vpcConfig.subnetIds",
                Types.CODEBUILD_PROJECT, "vpcConfig.subnets",
                Types.MOUNT_TARGET, "subnetId",
                Types.INSTANCE, "subnetId",
                Types.SPOT_INSTANCE_REQUEST, "subnetId",
                Types.VPC_ENDPOINT, "subnetIds",
                Types.AUTOSCALING_GROUP, "vpcZoneIdentifiers",
                "aws:batch/computeEnvironment:ComputeEnvironment", "computeResources.subnets");

        NothingPublic() {
            super("SEC-VPC-02", MANDATORY, BOTH,
                    "ec2 Subnet",
                    "private subnets have mapPublicIpOnLaunch false; nothing in the stack launches into a public subnet except NAT gateways and a NAT instance's group",
                    "FSBP EC2.15",
                    "Tag every subnet tier=public|private, keep mapPublicIpOnLaunch false on private subnets, and launch workloads only into private subnets.",
                    List.of(Types.SUBNET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource s : plan.ofType(Types.SUBNET)) {
                String tier = PlanGraph.tag(s, Conventions.TIER);
                if (!Conventions.PUBLIC.equals(tier) && !Conventions.PRIVATE.equals(tier)) {
                    out.add(s, "subnet %s has tier tag %s; expected public or private", s.name(), tier == null ? "unset" : tier);
                } else if (Conventions.PRIVATE.equals(tier) && !out.computed(s, "mapPublicIpOnLaunch") && Values.isTrue(s, "mapPublicIpOnLaunch")) {
                    out.add(s, "private subnet %s has mapPublicIpOnLaunch true; expected false", s.name());
                }
            }
            SUBNET_INPUTS.forEach((type, path) -> {
                for (PlannedResource r : plan.ofType(type)) {
                    if (launchesNatInstance(plan, r)) {
                        continue; // a NAT sits in a public subnet; SEC-VPC-07 holds it to being only a NAT
                    }
                    Values.list(r, path).forEach(ref -> reportIfPublic(plan, r, String.valueOf(ref), out));
                }
            });
            for (PlannedResource lt : plan.ofType(Types.LAUNCH_TEMPLATE)) {
                if (Conventions.isNatInstance(lt)) {
                    continue;
                }
                Values.objects(lt, "networkInterfaces").forEach(ni ->
                        Values.string(ni, "subnetId").ifPresent(ref -> reportIfPublic(plan, lt, ref, out)));
            }
        }

        /** An Auto Scaling group whose launch template is a NAT instance's. */
        static boolean launchesNatInstance(PlanGraph plan, PlannedResource r) {
            return r.type().equals(Types.AUTOSCALING_GROUP) && NatInstanceRules.launchTemplateOf(plan, r)
                    .filter(Conventions::isNatInstance).isPresent();
        }

        private static void reportIfPublic(PlanGraph plan, PlannedResource r, String ref, Findings out) {
            plan.resolve(Types.SUBNET, ref)
                    .filter(s -> PlanGraph.tagged(s, Conventions.TIER, Conventions.PUBLIC))
                    .ifPresent(s -> out.add(r, "%s launches into public subnet %s; expected a private subnet (only NAT gateways and a NAT instance go public)",
                            PlanGraph.describe(r), s.name()));
        }
    }

    static final class SecurityGroups extends Rule {
        static final String PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
        static final String PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

        SecurityGroups() {
            super("SEC-VPC-03", MANDATORY, BOTH,
                    "ec2 SecurityGroup / rules",
                    "no ingress from 0.0.0.0/0 or ::/0; every rule has a description; the VPC's default security group is adopted with no rules",
                    "FSBP EC2.2/.18/.19",
                    "Allow ingress only from security groups or specific CIDRs (no set whose union is wider than an IPv4 /8 or an IPv6 /32), give every rule a description, and adopt each VPC's default security group (DefaultSecurityGroup) with no rules.",
                    List.of(Types.SECURITY_GROUP, Types.SECURITY_GROUP_RULE, Types.INGRESS_RULE, Types.EGRESS_RULE, Types.VPC));
        }

        /** One place that admits traffic into a group: where it is written, and the CIDRs it admits. */
        private record Ingress(PlannedResource resource, String label, String group, List<AddressRanges.Block> blocks) {
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            List<Ingress> ingress = new ArrayList<>();
            for (PlannedResource sg : plan.ofType(Types.SECURITY_GROUP)) {
                for (String direction : List.of("ingress", "egress")) {
                    if (out.computed(sg, direction)) {
                        continue;
                    }
                    List<Map<String, Object>> rules = Values.objects(sg, direction);
                    for (int i = 0; i < rules.size(); i++) {
                        Map<String, Object> rule = rules.get(i);
                        String label = String.format("security group %s %s[%d]", sg.name(), direction, i);
                        if (direction.equals("ingress")) {
                            ingress.add(new Ingress(sg, label, sg.id(), blocks(plan, sg, label, rule,
                                    List.of("cidrBlocks", "ipv6CidrBlocks"), "prefixListIds", out)));
                        }
                        if (Values.string(rule, "description").isEmpty()) {
                            out.add(sg, "%s has no description", label);
                        }
                    }
                }
            }
            for (PlannedResource rule : plan.ofType(Types.SECURITY_GROUP_RULE)) {
                if (out.computed(rule, "type")) {
                    continue;
                }
                if ("ingress".equals(Values.string(rule, "type").orElse(""))) {
                    String label = "security group rule " + rule.name();
                    ingress.add(new Ingress(rule, label, Values.string(rule, "securityGroupId").orElse(rule.name()),
                            blocks(plan, rule, label, rule.inputs(), List.of("cidrBlocks", "ipv6CidrBlocks"), "prefixListIds", out)));
                }
                describe(rule, out);
            }
            for (PlannedResource rule : plan.ofType(Types.INGRESS_RULE)) {
                String label = "ingress rule " + rule.name();
                ingress.add(new Ingress(rule, label, Values.string(rule, "securityGroupId").orElse(rule.name()),
                        blocks(plan, rule, label, rule.inputs(), List.of("cidrIpv4", "cidrIpv6"), "prefixListId", out)));
                describe(rule, out);
            }
            plan.ofType(Types.EGRESS_RULE).forEach(rule -> describe(rule, out));
            reportWideIngress(plan, ingress, out);
            for (PlannedResource vpc : plan.ofType(Types.VPC)) {
                List<PlannedResource> defaults = plan.referencing(Types.DEFAULT_SECURITY_GROUP, "vpcId", vpc);
                if (defaults.isEmpty() && !out.anyComputed(plan, Types.DEFAULT_SECURITY_GROUP, "vpcId")) {
                    out.add(vpc, "VPC %s's default security group is not adopted; expected a DefaultSecurityGroup with no rules", vpc.name());
                }
                for (PlannedResource d : defaults) {
                    int rules = Values.list(d, "ingress").size() + Values.list(d, "egress").size();
                    if (rules > 0) {
                        out.add(d, "default security group %s of VPC %s has %d rule(s); expected none", d.name(), vpc.name(), rules);
                    }
                }
            }
        }

        /**
         * A source that is wide on its own is reported where it is written; a group whose
         * sources are each narrow but together wide is reported on the group (its first source
         * when the group is not declared in the stack).
         */
        private static void reportWideIngress(PlanGraph plan, List<Ingress> ingress, Findings out) {
            Map<String, List<Ingress>> byGroup = new java.util.LinkedHashMap<>();
            for (Ingress i : ingress) {
                String group = plan.resolve(Types.SECURITY_GROUP, i.group()).map(PlannedResource::id).orElse(i.group());
                byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
                if (AddressRanges.wide(i.blocks())) {
                    out.add(i.resource(), "%s allows ingress from %s; expected no ingress from the internet (no CIDRs whose union is wider than an IPv4 /8 or an IPv6 /32)",
                            i.label(), cidrs(i.blocks()));
                }
            }
            byGroup.forEach((group, sources) -> {
                List<AddressRanges.Block> all = sources.stream().flatMap(i -> i.blocks().stream()).toList();
                if (sources.stream().noneMatch(i -> AddressRanges.wide(i.blocks())) && AddressRanges.wide(all)) {
                    PlannedResource target = plan.resolve(Types.SECURITY_GROUP, group).orElse(sources.get(0).resource());
                    out.add(target, "security group %s admits ingress from %s through %s, whose union is wider than an IPv4 /8 or an IPv6 /32; expected no ingress from the internet",
                            target.name(), cidrs(all), sources.stream().map(Ingress::label).toList());
                }
            });
        }

        /** The CIDRs an ingress source admits: its own and those of the prefix lists it names. */
        private static List<AddressRanges.Block> blocks(PlanGraph plan, PlannedResource r, String label, Map<String, Object> source,
                                                        List<String> cidrInputs, String prefixListInput, Findings out) {
            List<String> cidrs = new ArrayList<>();
            for (String input : cidrInputs) {
                if (!Values.isComputed(source, input)) {
                    Values.list(source, input).forEach(c -> cidrs.add(String.valueOf(c)));
                } else {
                    out.computed(r, input);
                }
            }
            for (Object listId : Values.list(source, prefixListInput)) {
                Optional<PlannedResource> list = plan.resolve(PREFIX_LIST, listId);
                list.ifPresent(l -> Values.objects(l, "entries").forEach(e -> Values.string(e, "cidr").ifPresent(cidrs::add)));
                list.ifPresent(l -> plan.referencing(PREFIX_LIST_ENTRY, "prefixListId", l)
                        .forEach(e -> Values.string(e, "cidr").ifPresent(cidrs::add)));
            }
            List<AddressRanges.Block> blocks = new ArrayList<>();
            for (String cidr : cidrs) {
                try {
                    blocks.add(AddressRanges.Block.parse(cidr));
                } catch (IllegalArgumentException e) {
                    out.add(r, "%s: %s", label, e.getMessage());
                }
            }
            return blocks;
        }

        private static String cidrs(List<AddressRanges.Block> blocks) {
            return String.join(", ", blocks.stream().map(AddressRanges.Block::cidr).toList());
        }

        private static void describe(PlannedResource rule, Findings out) {
            if (Values.string(rule, "description").isEmpty() && !out.computed(rule, "description")) {
                out.add(rule, "%s has no description", PlanGraph.describe(rule));
            }
        }
    }

    static final class NatPerZone extends Rule {
        NatPerZone() {
            super("REL-VPC-04", MANDATORY, PROD,
                    "ec2 NatGateway / RouteTable",
                    "prod: one NAT per AZ and each private route table routes to the NAT in its own AZ",
                    "VPC docs",
                    "In prod create one NAT gateway per availability zone and route each private route table's 0.0.0.0/0 to the NAT in its own zone.",
                    List.of(Types.SUBNET, Types.ROUTE_TABLE, Types.NAT_GATEWAY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            // Zones and routes join four kinds of resources: one unknown link leaves the whole picture unknown.
            if (out.anyComputed(plan, Types.NAT_GATEWAY, "subnetId") | out.anyComputed(plan, Types.SUBNET, "availabilityZone", "availabilityZoneId")
                    | out.anyComputed(plan, Types.ROUTE_TABLE_ASSOCIATION, "routeTableId", "subnetId")
                    | out.anyComputed(plan, Types.ROUTE_TABLE, "routes") | out.anyComputed(plan, Types.ROUTE, "routeTableId", "destinationCidrBlock", "natGatewayId")) {
                return;
            }
            Map<String, String> natZones = new java.util.HashMap<>();
            for (PlannedResource nat : plan.ofType(Types.NAT_GATEWAY)) {
                Values.string(nat, "subnetId").flatMap(plan::subnetZone).ifPresent(z -> natZones.put(nat.name(), z));
            }
            Set<String> missing = plan.zonesOf(plan.privateSubnets());
            missing.removeAll(natZones.values());
            for (String zone : missing) {
                plan.privateSubnets().stream().filter(s -> PlanGraph.zoneOf(s).orElse("").equals(zone)).findFirst().ifPresent(s ->
                        out.add(s, "zone %s (private subnet %s) has no NAT gateway; expected one NAT per zone", zone, s.name()));
            }
            for (PlannedResource table : privateRouteTables(plan)) {
                Set<String> tableZones = new TreeSet<>();
                plan.referencing(Types.ROUTE_TABLE_ASSOCIATION, "routeTableId", table).forEach(a ->
                        Values.string(a, "subnetId").flatMap(plan::subnetZone).ifPresent(tableZones::add));
                List<String> nats = defaultRouteNats(plan, table);
                if (nats.isEmpty() || nats.contains("none")) {
                    out.add(table, "private route table %s has no default route to a NAT gateway", table.name());
                    continue;
                }
                for (String natRef : nats) {
                    Optional<PlannedResource> nat = plan.resolve(Types.NAT_GATEWAY, natRef);
                    String natZone = nat.map(n -> natZones.get(n.name())).orElse(null);
                    if (natZone == null || tableZones.stream().anyMatch(z -> !z.equals(natZone))) {
                        out.add(table, "private route table %s serves zone(s) %s but routes to NAT %s in zone %s; expected the NAT of its own zone",
                                table.name(), tableZones, nat.map(PlannedResource::name).orElse(natRef), natZone == null ? "unknown" : natZone);
                    }
                }
            }
        }
    }

    static final class GatewayEndpoints extends Rule {
        GatewayEndpoints() {
            super("SEC-VPC-05", MANDATORY, BOTH,
                    "ec2 VpcEndpoint",
                    "S3 and DynamoDB gateway endpoints attached to every private route table",
                    "FSBP EC2.10",
                    "Add Gateway VpcEndpoints for com.amazonaws.<region>.s3 and .dynamodb with routeTableIds including every private route table.",
                    List.of(Types.ROUTE_TABLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource table : privateRouteTables(plan)) {
                for (String service : List.of("s3", "dynamodb")) {
                    boolean attached = plan.ofType(Types.VPC_ENDPOINT).stream()
                            .filter(e -> Values.string(e, "serviceName").orElse("").endsWith("." + service)
                                    && "Gateway".equalsIgnoreCase(Values.string(e, "vpcEndpointType").orElse("Gateway")))
                            .anyMatch(e -> Values.list(e, "routeTableIds").stream().anyMatch(ref -> plan.refersTo(ref, table))
                                    || plan.referencing(Types.VPC_ENDPOINT_ROUTE_TABLE_ASSOCIATION, "vpcEndpointId", e).stream()
                                    .anyMatch(a -> plan.refersTo(Values.string(a, "routeTableId").orElse(null), table)));
                    if (!attached && !out.anyComputed(plan, Types.VPC_ENDPOINT, "serviceName", "vpcEndpointType", "routeTableIds")
                            && !out.anyComputed(plan, Types.VPC_ENDPOINT_ROUTE_TABLE_ASSOCIATION, "vpcEndpointId", "routeTableId")) {
                        out.add(table, "private route table %s has no %s gateway endpoint attached", table.name(), service);
                    }
                }
            }
        }
    }

    static final class InterfaceEndpoints extends Rule {
        InterfaceEndpoints() {
            super("SEC-VPC-06", MANDATORY, BOTH,
                    "ec2 VpcEndpoint",
                    "interface endpoints have private DNS enabled and only the endpoints security group",
                    "—",
                    "Set privateDnsEnabled true and securityGroupIds to exactly the endpoints' own security group (tagged purpose=vpc-endpoints), never the VPC default.",
                    List.of(Types.VPC_ENDPOINT));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource endpoint : plan.ofType(Types.VPC_ENDPOINT)) {
                if (out.computed(endpoint, "vpcEndpointType")
                        || !"Interface".equalsIgnoreCase(Values.string(endpoint, "vpcEndpointType").orElse("Gateway"))) {
                    continue;
                }
                if (!out.computed(endpoint, "privateDnsEnabled") && !Values.isTrue(endpoint, "privateDnsEnabled")) {
                    out.add(endpoint, "interface endpoint %s privateDnsEnabled is %s; expected true, so that the service's usual name reaches it",
                            endpoint.name(), Values.at(endpoint, "privateDnsEnabled").orElse("unset"));
                }
                if (out.computed(endpoint, "securityGroupIds")) {
                    continue;
                }
                List<String> groups = Values.strings(endpoint, "securityGroupIds");
                if (groups.isEmpty()) {
                    out.add(endpoint, "interface endpoint %s names no security group, so it gets the VPC's default one; expected only the endpoints security group",
                            endpoint.name());
                }
                for (String ref : groups) {
                    Optional<PlannedResource> group = plan.resolve(Types.SECURITY_GROUP, ref);
                    if (group.isEmpty() || !PlanGraph.tagged(group.get(), Conventions.PURPOSE, Conventions.VPC_ENDPOINTS)) {
                        out.add(endpoint, "interface endpoint %s uses security group %s, which is %s; expected only the endpoints security group (purpose=%s)",
                                endpoint.name(), ref, group.map(g -> "not tagged purpose=" + Conventions.VPC_ENDPOINTS).orElse("not declared in this stack"),
                                Conventions.VPC_ENDPOINTS);
                    }
                }
            }
        }
    }
}
