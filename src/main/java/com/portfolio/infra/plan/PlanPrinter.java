package com.portfolio.infra.plan;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The human view of a plan: the resource tree (component, then its children with type, logical
 * name and a few telling inputs), counts per type and per component, and the stack outputs as
 * YAML.
 */
public final class PlanPrinter {

    /** The inputs worth showing in the tree, per type; other types show none. */
    private static final Map<String, List<String>> KEY_INPUTS = Map.ofEntries(
            Map.entry("aws:ec2/vpc:Vpc", List.of("cidrBlock")),
            Map.entry("aws:ec2/subnet:Subnet", List.of("cidrBlock", "availabilityZone", "tags.tier")),
            Map.entry("aws:ec2/route:Route", List.of("destinationCidrBlock", "natGatewayId", "gatewayId")),
            Map.entry("aws:ec2/natGateway:NatGateway", List.of("subnetId")),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", List.of("serviceName", "vpcEndpointType")),
            Map.entry("aws:ec2/flowLog:FlowLog", List.of("trafficType", "logDestinationType")),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", List.of("fromPort", "cidrIpv4", "referencedSecurityGroupId")),
            Map.entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", List.of("fromPort", "cidrIpv4")),
            Map.entry("aws:efs/fileSystem:FileSystem", List.of("encrypted", "throughputMode")),
            Map.entry("aws:efs/mountTarget:MountTarget", List.of("subnetId")),
            Map.entry("aws:efs/accessPoint:AccessPoint", List.of("rootDirectory.path", "posixUser.uid")),
            Map.entry("aws:efs/backupPolicy:BackupPolicy", List.of("backupPolicy.status")),
            Map.entry("aws:dynamodb/table:Table", List.of("name", "hashKey", "billingMode")),
            Map.entry("aws:s3/bucketV2:BucketV2", List.of("tags.purpose")),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", List.of("name", "retentionInDays")),
            Map.entry("aws:kms/key:Key", List.of("enableKeyRotation")),
            Map.entry("aws:kms/alias:Alias", List.of("name")),
            Map.entry("aws:lambda/function:Function", List.of("runtime", "handler", "timeout")),
            Map.entry("aws:lambda/layerVersion:LayerVersion", List.of("layerName", "s3Key")),
            Map.entry("aws:codebuild/project:Project", List.of("name")));

    private PlanPrinter() {
    }

    public static void print(Plan plan, PrintStream out) {
        out.println("Plan of stack " + plan.stack() + " (project " + plan.project() + "), offline:");
        plan.resources().stream().filter(r -> r.parentUrn() == null && !r.type().startsWith("pulumi:providers:"))
                .forEach(root -> printTree(plan, root, "", out));

        List<PlannedResource> cloud = plan.resources().stream()
                .filter(r -> r.custom() && !r.type().startsWith("pulumi:providers:")).toList();
        out.println();
        out.println("Resources by type (" + cloud.size() + " in all):");
        countBy(cloud, PlannedResource::type).forEach((type, n) -> out.printf("  %4d  %s%n", n, type));
        out.println("Resources by component:");
        countBy(cloud, r -> componentOf(plan, r)).forEach((component, n) -> out.printf("  %4d  %s%n", n, component));

        out.println();
        out.println("Outputs:");
        out.print(outputsYaml(plan.outputs()).indent(2));
    }

    /**
     * The stack outputs as a YAML block, sorted by name, as {@code pulumi stack output} users
     * read them (and can paste into a config file); {@code {}} when there are none.
     */
    static String outputsYaml(Map<String, Object> outputs) {
        var sorted = new TreeMap<String, Object>();
        outputs.forEach((name, value) -> sorted.put(name, PlanJson.normalise(value)));
        var settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(0).setWidth(Integer.MAX_VALUE).build();
        return new Dump(settings).dumpToString(sorted);
    }

    private static void printTree(Plan plan, PlannedResource node, String indent, PrintStream out) {
        String details = keyInputs(node);
        String protectedMark = node.protect() || node.retainOnDelete() ? "  [protected]" : "";
        out.println(indent + node.type() + "  " + node.name() + (details.isEmpty() ? "" : "  " + details) + protectedMark);
        plan.resources().stream()
                .filter(r -> node.urn().equals(r.parentUrn()))
                .sorted(Comparator.comparing((PlannedResource r) -> r.custom()).thenComparing(PlannedResource::type)
                        .thenComparing(PlannedResource::name))
                .forEach(child -> printTree(plan, child, indent + "  ", out));
    }

    private static String keyInputs(PlannedResource resource) {
        return KEY_INPUTS.getOrDefault(resource.type(), List.of()).stream()
                .flatMap(path -> resource.input(path).map(v -> path + "=" + compact(v)).stream())
                .collect(Collectors.joining(" "));
    }

    private static String compact(Object value) {
        return String.valueOf(PlanJson.normalise(value));
    }

    /** The component a resource belongs to: its nearest non-stack ancestor that is a component. */
    private static String componentOf(Plan plan, PlannedResource resource) {
        return plan.componentOf(resource).map(ancestor -> ancestor.type() + " " + ancestor.name()).orElse("(stack)");
    }

    private static Map<String, Long> countBy(List<PlannedResource> resources, Function<PlannedResource, String> key) {
        return resources.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }
}
