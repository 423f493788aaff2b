package com.portfolio.infra.policy;

/** Pulumi type tokens of pulumi-aws 6.83.0, checked against the provider's {@code @ResourceType}. */
public final class Types {
    private Types() {
    }

    public static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    public static final String BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    public static final String BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
    public static final String BUCKET_OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
    public static final String BUCKET_SSE = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
    public static final String BUCKET_VERSIONING = "aws:s3/bucketVersioningV2:BucketVersioningV2";
    public static final String BUCKET_LIFECYCLE = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
    public static final String BUCKET_LOGGING = "aws:s3/bucketLoggingV2:BucketLoggingV2";
    public static final String BUCKET_ACL = "aws:s3/bucketAclV2:BucketAclV2";
    public static final String BUCKET_WEBSITE = "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2";

    public static final String DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
    public static final String ORIGIN_ACCESS_CONTROL = "aws:cloudfront/originAccessControl:OriginAccessControl";
    public static final String RESPONSE_HEADERS_POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";

    public static final String API_ROUTE = "aws:apigatewayv2/route:Route";
    public static final String API_STAGE = "aws:apigatewayv2/stage:Stage";
    public static final String API_INTEGRATION = "aws:apigatewayv2/integration:Integration";

    public static final String FUNCTION = "aws:lambda/function:Function";
    public static final String LAMBDA_PERMISSION = "aws:lambda/permission:Permission";
    public static final String FUNCTION_EVENT_INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig";
    public static final String EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";

    public static final String EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
    public static final String EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
    public static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    public static final String LOG_DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
    public static final String LOG_DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
    public static final String METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

    public static final String TABLE = "aws:dynamodb/table:Table";
    public static final String SCALING_TARGET = "aws:appautoscaling/target:Target";

    public static final String QUEUE = "aws:sqs/queue:Queue";
    public static final String QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
    public static final String REDRIVE_POLICY = "aws:sqs/redrivePolicy:RedrivePolicy";

    public static final String TOPIC = "aws:sns/topic:Topic";
    public static final String TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";

    public static final String KMS_KEY = "aws:kms/key:Key";
    public static final String KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
    public static final String KMS_ALIAS = "aws:kms/alias:Alias";

    public static final String FILE_SYSTEM = "aws:efs/fileSystem:FileSystem";
    public static final String MOUNT_TARGET = "aws:efs/mountTarget:MountTarget";
    public static final String ACCESS_POINT = "aws:efs/accessPoint:AccessPoint";
    public static final String BACKUP_POLICY = "aws:efs/backupPolicy:BackupPolicy";
    public static final String FILE_SYSTEM_POLICY = "aws:efs/fileSystemPolicy:FileSystemPolicy";

    public static final String VPC = "aws:ec2/vpc:Vpc";
    public static final String SUBNET = "aws:ec2/subnet:Subnet";
    public static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    public static final String ROUTE = "aws:ec2/route:Route";
    public static final String ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    public static final String NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
    public static final String VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    public static final String VPC_ENDPOINT_ROUTE_TABLE_ASSOCIATION =
            "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";
    public static final String FLOW_LOG = "aws:ec2/flowLog:FlowLog";
    public static final String SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
    public static final String SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
    public static final String INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    public static final String EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    public static final String DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    public static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    public static final String INSTANCE = "aws:ec2/instance:Instance";
    public static final String SPOT_INSTANCE_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
    public static final String SPOT_FLEET_REQUEST = "aws:ec2/spotFleetRequest:SpotFleetRequest";
    public static final String AUTOSCALING_GROUP = "aws:autoscaling/group:Group";

    public static final String CODEBUILD_PROJECT = "aws:codebuild/project:Project";
    public static final String STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";

    public static final String IAM_POLICY = "aws:iam/policy:Policy";
    public static final String IAM_ROLE = "aws:iam/role:Role";
    public static final String IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    public static final String IAM_ROLE_POLICIES_EXCLUSIVE = "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive";
    public static final String IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE =
            "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
    public static final String IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
    public static final String IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy";
    public static final String IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
}
