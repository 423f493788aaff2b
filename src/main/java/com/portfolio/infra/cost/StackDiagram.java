package com.portfolio.infra.cost;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Mermaid flowchart of a plan, which GitHub renders in Markdown: each component resource is a
 * group (nested as the components are), holding its main resources (the types of {@link #MAIN});
 * arrows join main resources of the pairs {@link #ARROWS} lists whenever the plan links them, by
 * one referring to the other or through a resource that only joins others (an API integration,
 * an event target, a bucket's encryption setting, ...). Nothing names a component or a resource:
 * a new component's resources appear in their own group, and its links as soon as their types
 * are listed here.
 */
public final class StackDiagram {

    /** The resources worth a box, with what the box says they are. */
    static final Map<String, String> MAIN = Map.ofEntries(
            Map.entry("aws:ec2/natGateway:NatGateway", "NAT gateway"),
            Map.entry("aws:autoscaling/group:Group", "Auto Scaling group"),
            Map.entry("aws:ec2/instance:Instance", "EC2 instance"),
            Map.entry("aws:efs/fileSystem:FileSystem", "EFS file system"),
            Map.entry("aws:dynamodb/table:Table", "DynamoDB table"),
            Map.entry("aws:s3/bucketV2:BucketV2", "S3 bucket"),
            Map.entry("aws:kms/key:Key", "KMS key"),
            Map.entry("aws:codebuild/project:Project", "CodeBuild project"),
            Map.entry("aws:lambda/function:Function", "Lambda function"),
            Map.entry("aws:lambda/layerVersion:LayerVersion", "Lambda layer"),
            Map.entry("aws:apigatewayv2/api:Api", "HTTP API"),
            Map.entry("aws:cloudfront/distribution:Distribution", "CloudFront distribution"),
            Map.entry("aws:sqs/queue:Queue", "SQS queue"),
            Map.entry("aws:sns/topic:Topic", "SNS topic"),
            Map.entry("aws:sfn/stateMachine:StateMachine", "Step Functions state machine"),
            Map.entry("aws:cloudwatch/eventRule:EventRule", "EventBridge rule"),
            Map.entry("aws:cloudwatch/dashboard:Dashboard", "CloudWatch dashboard"),
            Map.entry("aws:budgets/budget:Budget", "AWS budget"),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", "VPC endpoint"));

    /** Resources that only join others: a link through one of them counts as a link. */
    static final Set<String> JOINING = Set.of(
            "aws:apigatewayv2/integration:Integration", "aws:apigatewayv2/route:Route",
            "aws:cloudwatch/eventTarget:EventTarget", "aws:lambda/eventSourceMapping:EventSourceMapping",
            "aws:lambda/permission:Permission",
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:autoscaling/policy:Policy",
            "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");

    /** An arrow that matters: from a type, to a type, with what flows. */
    record Arrow(String from, String to, String label) {
    }

    static final List<Arrow> ARROWS = List.of(
            new Arrow("aws:cloudfront/distribution:Distribution", "aws:s3/bucketV2:BucketV2", "site"),
            new Arrow("aws:cloudfront/distribution:Distribution", "aws:apigatewayv2/api:Api", "/api/*"),
            new Arrow("aws:apigatewayv2/api:Api", "aws:lambda/function:Function", "route"),
            new Arrow("aws:lambda/function:Function", "aws:dynamodb/table:Table", "reads, writes"),
            new Arrow("aws:lambda/function:Function", "aws:sqs/queue:Queue", "sends jobs"),
            new Arrow("aws:lambda/function:Function", "aws:sns/topic:Topic", "notifies"),
            new Arrow("aws:lambda/layerVersion:LayerVersion", "aws:lambda/function:Function", "layer"),
            new Arrow("aws:sfn/stateMachine:StateMachine", "aws:sqs/queue:Queue", "jobs"),
            new Arrow("aws:sfn/stateMachine:StateMachine", "aws:lambda/function:Function", "invokes"),
            new Arrow("aws:sfn/stateMachine:StateMachine", "aws:dynamodb/table:Table", "records"),
            new Arrow("aws:sqs/queue:Queue", "aws:autoscaling/group:Group", "jobs scale"),
            new Arrow("aws:sqs/queue:Queue", "aws:lambda/function:Function", "consumed by"),
            new Arrow("aws:cloudwatch/eventRule:EventRule", "aws:lambda/function:Function", "triggers"),
            new Arrow("aws:cloudwatch/eventRule:EventRule", "aws:sfn/stateMachine:StateMachine", "starts"),
            new Arrow("aws:cloudwatch/eventRule:EventRule", "aws:sns/topic:Topic", "notifies"),
            new Arrow("aws:cloudwatch/eventRule:EventRule", "aws:sqs/queue:Queue", "sends"),
            new Arrow("aws:codebuild/project:Project", "aws:efs/fileSystem:FileSystem", "builds onto"),
            new Arrow("aws:codebuild/project:Project", "aws:s3/bucketV2:BucketV2", "sources, artifacts"),
            new Arrow("aws:autoscaling/group:Group", "aws:efs/fileSystem:FileSystem", "mounts"),
            new Arrow("aws:kms/key:Key", "aws:efs/fileSystem:FileSystem", "encrypts"),
            new Arrow("aws:kms/key:Key", "aws:dynamodb/table:Table", "encrypts"),
            new Arrow("aws:kms/key:Key", "aws:s3/bucketV2:BucketV2", "encrypts"),
            new Arrow("aws:kms/key:Key", "aws:sqs/queue:Queue", "encrypts"),
            new Arrow("aws:kms/key:Key", "aws:sns/topic:Topic", "encrypts"));

    /** State attributes other resources refer to a resource by, besides its id and ARN. */
    private static final List<String> REFERENCE_ATTRIBUTES = List.of("name", "bucket", "bucketRegionalDomainName",
            "bucketDomainName", "invokeArn", "apiEndpoint", "executionArn", "url", "dnsName", "layerArn", "keyId", "domainName");
    /** Shorter identities are matched only exactly, so a short id inside a longer word is no link. */
    private static final int MIN_CONTAINED_LENGTH = 10;

    private StackDiagram() {
    }

    public static String mermaid(Plan plan) {
        var out = new StringBuilder("flowchart LR\n");
        List<PlannedResource> main = plan.resources().stream().filter(r -> r.custom() && MAIN.containsKey(r.type()))
                .sorted(Comparator.comparing((PlannedResource r) -> MAIN.get(r.type())).thenComparing(PlannedResource::name))
                .toList();
        boolean viewer = main.stream().anyMatch(r -> r.type().equals("aws:cloudfront/distribution:Distribution"));
        if (viewer) {
            out.append("  viewer([\"Viewer\"])\n");
        }
        // Components as groups, nested as they are; resources under their nearest component.
        var byParent = new HashMap<String, List<PlannedResource>>();
        for (PlannedResource r : plan.resources()) {
            if (r.parentUrn() != null) {
                byParent.computeIfAbsent(r.parentUrn(), k -> new ArrayList<>()).add(r);
            }
        }
        var mainSet = new HashSet<>(main);
        plan.resources().stream().filter(r -> r.type().equals("pulumi:pulumi:Stack")).findFirst().ifPresent(stack ->
                writeChildren(stack, byParent, mainSet, "  ", out));

        for (String edge : edges(plan, main)) {
            out.append("  ").append(edge).append('\n');
        }
        if (viewer) {
            main.stream().filter(r -> r.type().equals("aws:cloudfront/distribution:Distribution"))
                    .forEach(d -> out.append("  viewer -->|HTTPS| ").append(nodeId(d)).append('\n'));
        }
        return out.toString();
    }

    private static void writeChildren(PlannedResource parent, Map<String, List<PlannedResource>> byParent,
                                      Set<PlannedResource> main, String indent, StringBuilder out) {
        List<PlannedResource> children = byParent.getOrDefault(parent.urn(), List.of());
        children.stream().filter(main::contains)
                .sorted(Comparator.comparing((PlannedResource r) -> MAIN.get(r.type())).thenComparing(PlannedResource::name))
                .forEach(r -> out.append(indent).append(nodeId(r)).append("[\"").append(MAIN.get(r.type())).append("<br/>")
                        .append(label(r)).append("\"]\n"));
        children.stream().filter(r -> !r.custom() && holdsMain(r, byParent, main))
                .sorted(Comparator.comparing(PlannedResource::name))
                .forEach(component -> {
                    out.append(indent).append("subgraph ").append(nodeId(component)).append("[\"").append(component.name())
                            .append(" (").append(shortType(component.type())).append(")\"]\n");
                    writeChildren(component, byParent, main, indent + "  ", out);
                    out.append(indent).append("end\n");
                });
    }

    private static boolean holdsMain(PlannedResource component, Map<String, List<PlannedResource>> byParent,
                                     Set<PlannedResource> main) {
        for (PlannedResource child : byParent.getOrDefault(component.urn(), List.of())) {
            if (main.contains(child) || (!child.custom() && holdsMain(child, byParent, main))) {
                return true;
            }
        }
        return false;
    }

    /** The arrows of {@link #ARROWS} whose two resources the plan links, sorted. */
    static Set<String> edges(Plan plan, List<PlannedResource> main) {
        Map<PlannedResource, Set<PlannedResource>> links = links(plan);
        var edges = new TreeSet<String>();
        for (Arrow arrow : ARROWS) {
            for (PlannedResource from : main) {
                if (!from.type().equals(arrow.from())) {
                    continue;
                }
                for (PlannedResource to : main) {
                    if (to != from && to.type().equals(arrow.to()) && linked(from, to, links)) {
                        edges.add(nodeId(from) + " -->|" + arrow.label() + "| " + nodeId(to));
                    }
                }
            }
        }
        return edges;
    }

    /** Directly, or through one or two joining resources. */
    private static boolean linked(PlannedResource a, PlannedResource b, Map<PlannedResource, Set<PlannedResource>> links) {
        Set<PlannedResource> fromA = links.getOrDefault(a, Set.of());
        if (fromA.contains(b)) {
            return true;
        }
        for (PlannedResource joint : fromA) {
            if (!JOINING.contains(joint.type())) {
                continue;
            }
            Set<PlannedResource> fromJoint = links.getOrDefault(joint, Set.of());
            if (fromJoint.contains(b)) {
                return true;
            }
            for (PlannedResource second : fromJoint) {
                if (second != a && JOINING.contains(second.type()) && links.getOrDefault(second, Set.of()).contains(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Who refers to whom, both ways: a reference links two resources whichever way it points. */
    private static Map<PlannedResource, Set<PlannedResource>> links(Plan plan) {
        var cloud = plan.resources().stream().filter(r -> r.custom() && (MAIN.containsKey(r.type()) || JOINING.contains(r.type())))
                .toList();
        // Several resources may share an identity (children named like their bucket): link to each.
        var exact = new HashMap<String, List<PlannedResource>>();
        var contained = new java.util.TreeMap<String, List<PlannedResource>>();
        for (PlannedResource r : cloud) {
            for (String identity : identities(r)) {
                exact.computeIfAbsent(identity, k -> new ArrayList<>()).add(r);
                if (identity.length() >= MIN_CONTAINED_LENGTH) {
                    contained.computeIfAbsent(identity, k -> new ArrayList<>()).add(r);
                }
            }
        }
        var links = new HashMap<PlannedResource, Set<PlannedResource>>();
        for (PlannedResource r : cloud) {
            var strings = new ArrayList<String>();
            collectStrings(r.inputs(), strings);
            for (String s : strings) {
                List<PlannedResource> targets = exact.get(s);
                if (targets != null) {
                    targets.forEach(target -> link(links, r, target));
                    continue;
                }
                contained.forEach((identity, found) -> {
                    if (s.contains(identity)) {
                        found.forEach(target -> link(links, r, target));
                    }
                });
            }
        }
        return links;
    }

    private static void link(Map<PlannedResource, Set<PlannedResource>> links, PlannedResource a, PlannedResource b) {
        if (a != b) {
            links.computeIfAbsent(a, k -> new HashSet<>()).add(b);
            links.computeIfAbsent(b, k -> new HashSet<>()).add(a);
        }
    }

    private static Set<String> identities(PlannedResource r) {
        var keys = new HashSet<String>();
        if (r.id() != null) {
            keys.add(r.id());
        }
        for (String attribute : REFERENCE_ATTRIBUTES) {
            if (r.state().get(attribute) instanceof String value && !value.isBlank()) {
                keys.add(value);
            }
        }
        if (r.arn() != null) {
            keys.add(r.arn());
        }
        keys.remove(PlannedResource.COMPUTED);
        return keys;
    }

    /** Every string inside a value, but not the tags: a tag names a component, not a link. */
    private static void collectStrings(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!"tags".equals(k) && !"tagsAll".equals(k)) {
                    collectStrings(v, out);
                }
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectStrings(v, out));
        }
    }

    private static String label(PlannedResource r) {
        String purpose = r.tags().get("purpose");
        String name = r.input("name").filter(String.class::isInstance).map(String.class::cast).orElse(r.name());
        return (name + (purpose == null ? "" : " (" + purpose + ")")).replace('"', '\'');
    }

    private static String nodeId(PlannedResource r) {
        return (shortType(r.type()) + "_" + r.name()).replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String shortType(String type) {
        return type.substring(type.lastIndexOf(':') + 1);
    }
}
