package com.portfolio.infra.cost;

import com.portfolio.infra.config.CostSettings.UsageAssumptions;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How each Pulumi resource type bills: a fixed monthly figure, a kind of use priced by unit, both,
 * or nothing (free, with the reason). A type in neither {@link #PRICED} nor {@link #FREE} is "not
 * priced" in the plan, never silently free; a test fails when the program creates such a type.
 */
public final class ResourcePricing {

    /**
     * What pricing one resource gives: fixed lines, the stack-wide kinds of use it bills (priced once
     * however many resources share them), use of its own (a fleet's instance-hours), and why it
     * cannot be priced, if so.
     */
    record Priced(List<Fixed> fixed, List<String> usageKinds, List<CostEstimate.UsageLine> ownUsage, String unpricedReason) {
        static Priced usage(String... kinds) {
            return new Priced(List.of(), List.of(kinds), List.of(), null);
        }

        static Priced fixed(Fixed... lines) {
            return new Priced(List.of(lines), List.of(), List.of(), null);
        }

        static Priced unpriced(String reason) {
            return new Priced(List.of(), List.of(), List.of(), reason);
        }

        Priced andUsage(String... kinds) {
            var all = new ArrayList<>(usageKinds);
            all.addAll(List.of(kinds));
            return new Priced(fixed, all, ownUsage, unpricedReason);
        }

        Priced andOwnUsage(CostEstimate.UsageLine line) {
            var all = new ArrayList<>(ownUsage);
            all.add(line);
            return new Priced(fixed, usageKinds, all, unpricedReason);
        }
    }

    /** One fixed monthly figure and how it comes about. */
    record Fixed(String item, double monthlyUsd, String detail) {
    }

    /** What a pricer may look at. */
    record Context(PriceTable.Region prices, double hours, Plan plan, UsageAssumptions assumptions) {
        Fixed hourly(String item, String priceKey, double count) {
            double unit = prices.price(priceKey);
            String times = count == 1 ? "" : (fmtCount(count) + " x ");
            return new Fixed(item, unit * hours * count, times + fmtCount(hours) + " h x $" + unit);
        }

        Fixed monthly(String item, String priceKey) {
            double unit = prices.price(priceKey);
            return new Fixed(item, unit, "$" + unit + " a month");
        }
    }

    interface Pricer {
        Priced price(PlannedResource resource, Context context);
    }

    static final Map<String, Pricer> PRICED = Map.ofEntries(
            Map.entry("aws:ec2/natGateway:NatGateway", (r, c) ->
                    Priced.fixed(c.hourly("NAT gateway hours", "natGatewayHour", 1)).andUsage(UsageKinds.NAT_DATA)),
            Map.entry("aws:ec2/eip:Eip", (r, c) -> Priced.fixed(c.hourly("public IPv4 address", "publicIpv4Hour", 1))),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", ResourcePricing::endpoint),
            Map.entry("aws:kms/key:Key", (r, c) -> Priced.fixed(c.monthly("KMS key", "kmsKeyMonth"))),
            Map.entry("aws:cloudwatch/metricAlarm:MetricAlarm", (r, c) -> Priced.fixed(c.monthly("CloudWatch alarm", "alarmMonth"))),
            Map.entry("aws:cloudwatch/dashboard:Dashboard", (r, c) ->
                    Priced.fixed(c.monthly("CloudWatch dashboard (an account's first 3 are free)", "dashboardMonth"))),
            Map.entry("aws:route53/zone:Zone", (r, c) -> Priced.fixed(c.monthly("Route 53 hosted zone", "route53ZoneMonth"))),
            Map.entry("aws:secretsmanager/secret:Secret", (r, c) -> Priced.fixed(c.monthly("Secrets Manager secret", "secretMonth"))),
            Map.entry("aws:budgets/budget:Budget", (r, c) ->
                    Priced.fixed(c.monthly("AWS Budgets budget (an account's first 2 are free)", "budgetMonth"))),
            Map.entry("aws:autoscaling/group:Group", FleetPricing::group),
            Map.entry("aws:ec2/instance:Instance", FleetPricing::instance),
            Map.entry("aws:dynamodb/table:Table", (r, c) -> "PROVISIONED".equals(str(r, "billingMode"))
                    ? Priced.unpriced("provisioned capacity is not in the price table; on-demand (PAY_PER_REQUEST) is")
                    : Priced.usage(UsageKinds.DYNAMODB)),
            Map.entry("aws:lambda/function:Function", (r, c) -> Priced.usage(UsageKinds.LAMBDA)),
            Map.entry("aws:apigatewayv2/api:Api", (r, c) -> Priced.usage(UsageKinds.HTTP_API)),
            Map.entry("aws:cloudfront/distribution:Distribution", (r, c) -> Priced.usage(UsageKinds.CLOUDFRONT)),
            Map.entry("aws:cloudfront/function:Function", (r, c) -> Priced.usage(UsageKinds.CLOUDFRONT_FUNCTIONS)),
            Map.entry("aws:s3/bucketV2:BucketV2", (r, c) -> Priced.usage(UsageKinds.S3)),
            Map.entry("aws:efs/fileSystem:FileSystem", (r, c) -> Priced.usage(UsageKinds.EFS)),
            Map.entry("aws:efs/backupPolicy:BackupPolicy", (r, c) ->
                    "ENABLED".equals(PlannedResource.valueAt(r.inputs(), "backupPolicy.status").orElse(null))
                            ? Priced.usage(UsageKinds.EFS_BACKUP) : Priced.usage()),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", (r, c) -> Priced.usage(UsageKinds.LOGS)),
            Map.entry("aws:ec2/flowLog:FlowLog", (r, c) -> Priced.usage(UsageKinds.LOGS)),
            Map.entry("aws:codebuild/project:Project", UsageKinds::codeBuild),
            Map.entry("aws:sqs/queue:Queue", (r, c) -> Priced.usage(UsageKinds.SQS)),
            Map.entry("aws:sns/topic:Topic", (r, c) -> Priced.usage(UsageKinds.SNS)),
            Map.entry("aws:sfn/stateMachine:StateMachine", (r, c) -> Priced.usage(UsageKinds.STEP_FUNCTIONS)));

    /** Types that cost nothing by themselves, and why. */
    static final Map<String, String> FREE = merge(
            free("aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route",
                    "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway",
                    "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:ec2/securityGroupRule:SecurityGroupRule",
                    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
                    "aws:ec2/launchTemplate:LaunchTemplate",
                    "VPC plumbing and templates: no charge of their own (what runs in or through them is priced)"),
            free("aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy",
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/instanceProfile:InstanceProfile",
                    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
                    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                    "aws:iam/policyAttachment:PolicyAttachment", "IAM is free"),
            free("aws:kms/alias:Alias", "aws:kms/keyPolicy:KeyPolicy", "aws:kms/grant:Grant", "part of the key, which is priced"),
            free("aws:efs/mountTarget:MountTarget", "aws:efs/accessPoint:AccessPoint", "aws:efs/fileSystemPolicy:FileSystemPolicy",
                    "no charge of their own; the file system's storage and throughput are priced"),
            free("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketPolicy:BucketPolicy",
                    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    "aws:s3/bucketVersioningV2:BucketVersioningV2",
                    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
                    "aws:s3/bucketLoggingV2:BucketLoggingV2", "aws:s3/bucketObjectv2:BucketObjectv2",
                    "bucket settings and objects: the bucket's storage and requests are priced"),
            free("aws:lambda/layerVersion:LayerVersion", "aws:lambda/layerVersionPermission:LayerVersionPermission",
                    "aws:lambda/permission:Permission",
                    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
                    "aws:lambda/eventSourceMapping:EventSourceMapping",
                    "no charge of their own (layers count toward Lambda's free 75 GB of code storage); invocations are priced"),
            free("aws:apigatewayv2/stage:Stage", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/integration:Integration",
                    "aws:apigatewayv2/authorizer:Authorizer", "aws:apigatewayv2/domainName:DomainName",
                    "aws:apigatewayv2/apiMapping:ApiMapping", "parts of the HTTP API, whose requests are priced"),
            free("aws:cloudfront/originAccessControl:OriginAccessControl", "aws:cloudfront/cachePolicy:CachePolicy",
                    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
                    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy",
                    "CloudFront settings: the distribution's requests and transfer are priced"),
            free("aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation",
                    "public ACM certificates are free"),
            free("aws:route53/record:Record", "records cost nothing; alias queries to CloudFront are free"),
            free("aws:dynamodb/tableItem:TableItem", "an item's storage is in the table's, which is priced"),
            free("aws:sqs/queuePolicy:QueuePolicy", "aws:sqs/redrivePolicy:RedrivePolicy",
                    "aws:sns/topicPolicy:TopicPolicy", "aws:sns/topicSubscription:TopicSubscription",
                    "settings of queues and topics, whose requests are priced"),
            free("aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget",
                    "AWS service events on the default bus are free; the targets they invoke are priced"),
            free("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "a setting of CloudWatch Logs"),
            free("aws:cloudwatch/logDeliverySource:LogDeliverySource",
                    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
                    "aws:cloudwatch/logDelivery:LogDelivery",
                    "log delivery settings cost nothing of their own; the logs delivered are billed per GB as "
                            + "vended logs, cents a month for a portfolio's traffic"),
            free("aws:autoscaling/policy:Policy", "aws:autoscaling/lifecycleHook:LifecycleHook",
                    "aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy",
                    "scaling is free; the instances it launches are priced with their group"),
            free("aws:ssm/parameter:Parameter", "standard parameters are free"),
            free("aws:costexplorer/costAllocationTag:CostAllocationTag", "a billing setting"));

    private ResourcePricing() {
    }

    /** Whether the type is priced or known to be free: every type the program creates must be. */
    public static boolean knows(String type) {
        return PRICED.containsKey(type) || FREE.containsKey(type);
    }

    /** Why a type is free, if it is. */
    public static Optional<String> whyFree(String type) {
        return Optional.ofNullable(FREE.get(type));
    }

    /** Types that are free for one reason: the types, then the reason. */
    private static List<Map.Entry<String, String>> free(String... typesThenReason) {
        String reason = typesThenReason[typesThenReason.length - 1];
        return java.util.Arrays.stream(typesThenReason, 0, typesThenReason.length - 1)
                .map(type -> Map.entry(type, reason)).toList();
    }

    @SafeVarargs
    private static Map<String, String> merge(List<Map.Entry<String, String>>... groups) {
        var all = new java.util.HashMap<String, String>();
        for (var group : groups) {
            group.forEach(entry -> {
                if (all.put(entry.getKey(), entry.getValue()) != null) {
                    throw new IllegalStateException(entry.getKey() + " is listed as free twice");
                }
            });
        }
        return Map.copyOf(all);
    }

    static String str(PlannedResource r, String path) {
        return r.input(path).map(String::valueOf).orElse(null);
    }

    static String fmtCount(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
    }

    /** An interface endpoint bills per hour in each zone it has a network interface in; a gateway endpoint is free. */
    static Priced endpoint(PlannedResource r, Context c) {
        if (!"Interface".equalsIgnoreCase(Optional.ofNullable(str(r, "vpcEndpointType")).orElse("Gateway"))) {
            return Priced.usage();
        }
        Object subnets = r.inputs().get("subnetIds");
        if (!(subnets instanceof List<?> list)) {
            return Priced.unpriced("its subnets (one network interface, and one hourly charge, per zone) are not known");
        }
        return Priced.fixed(c.hourly("interface endpoint, " + list.size() + " zone" + (list.size() == 1 ? "" : "s"),
                "interfaceEndpointAzHour", list.size())).andUsage(UsageKinds.ENDPOINT_DATA);
    }
}
