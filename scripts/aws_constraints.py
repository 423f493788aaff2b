#!/usr/bin/env python3
"""Writes src/main/resources/aws-constraints.json: the constraints AWS enforces on the inputs of
every Pulumi resource type the program creates (or its coming components will), taken from the
CloudFormation registry schemas that cfn-lint ships.

The Pulumi provider checks few of these, so a bad name or description only fails at `pulumi up`.
The policy rule APPLY-01 reads this file and fails the offline plan instead. The Java build does
not need cfn-lint; only regenerating the file does.

    python3 scripts/aws_constraints.py           # rewrite the file
    python3 scripts/aws_constraints.py --check   # exit 1 if the committed file is out of date

Each Pulumi type either maps to a CloudFormation type, with the Pulumi input paths whose
CloudFormation property carries a constraint, or says why nothing can be checked. Paths are dotted
input names; `[]` steps into every element of a list, `{key}` / `{value}` into every key / value of
a map (tags). Mapped on purpose, never by name alone:
  - only inputs that hold literal values (names, descriptions, enums, numbers); ids and ARNs of
    other resources are not known before deployment and the offline plan holds placeholders;
  - not where Pulumi's vocabulary differs from CloudFormation's (BucketV2.acl takes canned ACLs
    like "private", AWS::S3::Bucket.AccessControl takes "Private"; BucketVersioningV2 accepts
    "Disabled"; ssm Parameter.type accepts SecureString, which CloudFormation cannot create);
  - not instance-type enums: AWS adds instance types every month, and a stale list would refuse
    types that EC2 accepts.
"""
import argparse
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "src/main/resources/aws-constraints.json"
REGION = "us-east-1"
KEYWORDS = ("pattern", "minLength", "maxLength", "enum", "minimum", "maximum", "minItems", "maxItems")

# Pulumi type token -> CloudFormation type and {Pulumi input path: CloudFormation property path}.
MAPPING = {
    # --- what the program creates today ---
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": ("AWS::Logs::DeliverySource", {
        "name": "Name",
        "logType": "LogType",
    }),
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": ("AWS::Logs::DeliveryDestination", {
        "name": "Name",
        "outputFormat": "OutputFormat",
    }),
    "aws:cloudwatch/logDelivery:LogDelivery": ("AWS::Logs::Delivery", {
        "deliverySourceName": "DeliverySourceName",
        "fieldDelimiter": "FieldDelimiter",
    }),
    "aws:cloudwatch/logGroup:LogGroup": ("AWS::Logs::LogGroup", {
        "name": "LogGroupName",
        "retentionInDays": "RetentionInDays",
        "logGroupClass": "LogGroupClass",
    }),
    "aws:codebuild/project:Project": ("AWS::CodeBuild::Project", {
        "buildTimeout": "TimeoutInMinutes",
        "queuedTimeout": "QueuedTimeoutInMinutes",
    }),
    "aws:dynamodb/table:Table": ("AWS::DynamoDB::Table", {
        "name": "TableName",
        "attributes[].name": "AttributeDefinitions[].AttributeName",
        "attributes[].type": "AttributeDefinitions[].AttributeType",
        "localSecondaryIndexes[].name": "LocalSecondaryIndexes[].IndexName",
        "pointInTimeRecovery.recoveryPeriodInDays": "PointInTimeRecoverySpecification.RecoveryPeriodInDays",
        "onDemandThroughput.maxReadRequestUnits": "OnDemandThroughput.MaxReadRequestUnits",
        "onDemandThroughput.maxWriteRequestUnits": "OnDemandThroughput.MaxWriteRequestUnits",
        "globalSecondaryIndexes[].onDemandThroughput.maxReadRequestUnits":
            "GlobalSecondaryIndexes[].OnDemandThroughput.MaxReadRequestUnits",
        "globalSecondaryIndexes[].onDemandThroughput.maxWriteRequestUnits":
            "GlobalSecondaryIndexes[].OnDemandThroughput.MaxWriteRequestUnits",
    }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ("AWS::EC2::SecurityGroup", {
        "ingress[].fromPort": "SecurityGroupIngress[].FromPort",
        "ingress[].toPort": "SecurityGroupIngress[].ToPort",
        "egress[].fromPort": "SecurityGroupEgress[].FromPort",
        "egress[].toPort": "SecurityGroupEgress[].ToPort",
    }),
    "aws:ec2/eip:Eip": ("AWS::EC2::EIP", {}),
    "aws:ec2/flowLog:FlowLog": ("AWS::EC2::FlowLog", {
        "logDestinationType": "LogDestinationType",
        "trafficType": "TrafficType",
        "destinationOptions.fileFormat": "DestinationOptions.FileFormat",
    }),
    "aws:ec2/internetGateway:InternetGateway": ("AWS::EC2::InternetGateway", {}),
    "aws:ec2/natGateway:NatGateway": ("AWS::EC2::NatGateway", {
        "connectivityType": "ConnectivityType",
        "secondaryPrivateIpAddressCount": "SecondaryPrivateIpAddressCount",
    }),
    "aws:ec2/route:Route": ("AWS::EC2::Route", {}),
    "aws:ec2/routeTable:RouteTable": ("AWS::EC2::RouteTable", {}),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ("AWS::EC2::SubnetRouteTableAssociation", {}),
    "aws:ec2/securityGroup:SecurityGroup": ("AWS::EC2::SecurityGroup", {
        "description": "GroupDescription",
        "ingress[].fromPort": "SecurityGroupIngress[].FromPort",
        "ingress[].toPort": "SecurityGroupIngress[].ToPort",
        "egress[].fromPort": "SecurityGroupEgress[].FromPort",
        "egress[].toPort": "SecurityGroupEgress[].ToPort",
    }),
    "aws:ec2/subnet:Subnet": ("AWS::EC2::Subnet", {}),
    "aws:ec2/vpc:Vpc": ("AWS::EC2::VPC", {
        "instanceTenancy": "InstanceTenancy",
    }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": ("AWS::EC2::VPCEndpoint", {
        "vpcEndpointType": "VpcEndpointType",
        "ipAddressType": "IpAddressType",
        "dnsOptions.dnsRecordIpType": "DnsOptions.DnsRecordIpType",
    }),
    "aws:efs/accessPoint:AccessPoint": ("AWS::EFS::AccessPoint", {
        "posixUser.uid": "PosixUser.Uid",
        "posixUser.gid": "PosixUser.Gid",
        "posixUser.secondaryGids": "PosixUser.SecondaryGids",
        "posixUser.secondaryGids[]": "PosixUser.SecondaryGids[]",
        "rootDirectory.path": "RootDirectory.Path",
        "rootDirectory.creationInfo.ownerUid": "RootDirectory.CreationInfo.OwnerUid",
        "rootDirectory.creationInfo.ownerGid": "RootDirectory.CreationInfo.OwnerGid",
        "rootDirectory.creationInfo.permissions": "RootDirectory.CreationInfo.Permissions",
    }),
    "aws:efs/backupPolicy:BackupPolicy": ("AWS::EFS::FileSystem", {
        "backupPolicy.status": "BackupPolicy.Status",
    }),
    "aws:efs/fileSystem:FileSystem": ("AWS::EFS::FileSystem", {
        "availabilityZoneName": "AvailabilityZoneName",
        "performanceMode": "PerformanceMode",
        "throughputMode": "ThroughputMode",
        "provisionedThroughputInMibps": "ProvisionedThroughputInMibps",
        "lifecyclePolicies": "LifecyclePolicies",
        "lifecyclePolicies[].transitionToIa": "LifecyclePolicies[].TransitionToIA",
        "lifecyclePolicies[].transitionToArchive": "LifecyclePolicies[].TransitionToArchive",
        "lifecyclePolicies[].transitionToPrimaryStorageClass": "LifecyclePolicies[].TransitionToPrimaryStorageClass",
        "protection.replicationOverwrite": "FileSystemProtection.ReplicationOverwriteProtection",
    }),
    "aws:efs/mountTarget:MountTarget": ("AWS::EFS::MountTarget", {
        "ipAddress": "IpAddress",
    }),
    "aws:iam/role:Role": ("AWS::IAM::Role", {
        "name": "RoleName",
        "description": "Description",
        "path": "Path",
        "maxSessionDuration": "MaxSessionDuration",
        "permissionsBoundary": "PermissionsBoundary",
        "assumeRolePolicy": "AssumeRolePolicyDocument",
        "managedPolicyArns": "ManagedPolicyArns",
        "tags.{key}": "Tags[].Key",
        "tags.{value}": "Tags[].Value",
    }),
    "aws:iam/rolePolicy:RolePolicy": ("AWS::IAM::RolePolicy", {
        "name": "PolicyName",
        "policy": "PolicyDocument",
    }),
    "aws:kms/alias:Alias": ("AWS::KMS::Alias", {
        "name": "AliasName",
    }),
    "aws:kms/key:Key": ("AWS::KMS::Key", {
        "description": "Description",
        "keyUsage": "KeyUsage",
        "customerMasterKeySpec": "KeySpec",
        "deletionWindowInDays": "PendingWindowInDays",
        "rotationPeriodInDays": "RotationPeriodInDays",
    }),
    "aws:lambda/layerVersion:LayerVersion": ("AWS::Lambda::LayerVersion", {
        "layerName": "LayerName",
        "description": "Description",
        "licenseInfo": "LicenseInfo",
        "s3Key": "Content.S3Key",
        "compatibleRuntimes": "CompatibleRuntimes",
        "compatibleRuntimes[]": "CompatibleRuntimes[]",
        "compatibleArchitectures": "CompatibleArchitectures",
        "compatibleArchitectures[]": "CompatibleArchitectures[]",
    }),
    "aws:lambda/layerVersionPermission:LayerVersionPermission": ("AWS::Lambda::LayerVersionPermission", {
        "action": "Action",
        "organizationId": "OrganizationId",
        "principal": "Principal",
    }),
    "aws:s3/bucketV2:BucketV2": ("AWS::S3::Bucket", {
        "bucket": "BucketName",
        "accelerationStatus": "AccelerateConfiguration.AccelerationStatus",
    }),
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": ("AWS::S3::Bucket", {
        "rules[].id": "LifecycleConfiguration.Rules[].Id",
        "rules[].status": "LifecycleConfiguration.Rules[].Status",
        "rules[].abortIncompleteMultipartUpload.daysAfterInitiation":
            "LifecycleConfiguration.Rules[].AbortIncompleteMultipartUpload.DaysAfterInitiation",
        "rules[].transitions[].storageClass": "LifecycleConfiguration.Rules[].Transitions[].StorageClass",
        "rules[].transitions[].date": "LifecycleConfiguration.Rules[].Transitions[].TransitionDate",
        "rules[].noncurrentVersionTransitions[].storageClass":
            "LifecycleConfiguration.Rules[].NoncurrentVersionTransitions[].StorageClass",
        "transitionDefaultMinimumObjectSize": "LifecycleConfiguration.TransitionDefaultMinimumObjectSize",
    }),
    "aws:s3/bucketLoggingV2:BucketLoggingV2": ("AWS::S3::Bucket", {
        "targetObjectKeyFormat.partitionedPrefix.partitionDateSource":
            "LoggingConfiguration.TargetObjectKeyFormat.PartitionedPrefix.PartitionDateSource",
    }),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ("AWS::S3::Bucket", {
        "rule.objectOwnership": "OwnershipControls.Rules[].ObjectOwnership",
    }),
    "aws:s3/bucketPolicy:BucketPolicy": ("AWS::S3::BucketPolicy", {}),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ("AWS::S3::Bucket", {}),
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": ("AWS::S3::Bucket", {
        "rules[].applyServerSideEncryptionByDefault.sseAlgorithm":
            "BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault.SSEAlgorithm",
    }),
    "aws:s3/bucketVersioningV2:BucketVersioningV2": ("AWS::S3::Bucket", {}),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ("AWS::EC2::SecurityGroupIngress", {
        "fromPort": "FromPort",
        "toPort": "ToPort",
    }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ("AWS::EC2::SecurityGroupEgress", {
        "fromPort": "FromPort",
        "toPort": "ToPort",
    }),

    # --- what the coming components create: website, API, queue, workflow, fleet ---
    "aws:s3/bucketAclV2:BucketAclV2": ("AWS::S3::Bucket", {}),
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2": ("AWS::S3::Bucket", {
        "redirectAllRequestsTo.protocol": "WebsiteConfiguration.RedirectAllRequestsTo.Protocol",
        "routingRules[].redirect.protocol": "WebsiteConfiguration.RoutingRules[].RedirectRule.Protocol",
    }),
    "aws:ec2/securityGroupRule:SecurityGroupRule": ("AWS::EC2::SecurityGroupIngress", {
        "fromPort": "FromPort",
        "toPort": "ToPort",
    }),
    "aws:cloudfront/distribution:Distribution": ("AWS::CloudFront::Distribution", {
        "defaultCacheBehavior.viewerProtocolPolicy": "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
        "httpVersion": "DistributionConfig.HttpVersion",
        "priceClass": "DistributionConfig.PriceClass",
        "customErrorResponses[].errorCode": "DistributionConfig.CustomErrorResponses[].ErrorCode",
        "customErrorResponses[].responseCode": "DistributionConfig.CustomErrorResponses[].ResponseCode",
        "restrictions.geoRestriction.restrictionType": "DistributionConfig.Restrictions.GeoRestriction.RestrictionType",
        "restrictions.geoRestriction.locations[]": "DistributionConfig.Restrictions.GeoRestriction.Locations[]",
        "viewerCertificate.minimumProtocolVersion": "DistributionConfig.ViewerCertificate.MinimumProtocolVersion",
        "viewerCertificate.sslSupportMethod": "DistributionConfig.ViewerCertificate.SslSupportMethod",
    }),
    "aws:cloudfront/originAccessControl:OriginAccessControl": ("AWS::CloudFront::OriginAccessControl", {
        "originAccessControlOriginType": "OriginAccessControlConfig.OriginAccessControlOriginType",
        "signingBehavior": "OriginAccessControlConfig.SigningBehavior",
        "signingProtocol": "OriginAccessControlConfig.SigningProtocol",
    }),
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": ("AWS::CloudFront::ResponseHeadersPolicy", {
        "securityHeadersConfig.frameOptions.frameOption":
            "ResponseHeadersPolicyConfig.SecurityHeadersConfig.FrameOptions.FrameOption",
        "securityHeadersConfig.referrerPolicy.referrerPolicy":
            "ResponseHeadersPolicyConfig.SecurityHeadersConfig.ReferrerPolicy.ReferrerPolicy",
        "corsConfig.accessControlAllowMethods.items[]":
            "ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowMethods.Items[]",
        "serverTimingHeadersConfig.samplingRate": "ResponseHeadersPolicyConfig.ServerTimingHeadersConfig.SamplingRate",
    }),
    "aws:cloudfront/cachePolicy:CachePolicy": ("AWS::CloudFront::CachePolicy", {
        "defaultTtl": "CachePolicyConfig.DefaultTTL",
        "maxTtl": "CachePolicyConfig.MaxTTL",
        "minTtl": "CachePolicyConfig.MinTTL",
        "parametersInCacheKeyAndForwardedToOrigin.cookiesConfig.cookieBehavior":
            "CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.CookieBehavior",
        "parametersInCacheKeyAndForwardedToOrigin.headersConfig.headerBehavior":
            "CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.HeaderBehavior",
        "parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig.queryStringBehavior":
            "CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior",
    }),
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": ("AWS::CloudFront::OriginRequestPolicy", {
        "cookiesConfig.cookieBehavior": "OriginRequestPolicyConfig.CookiesConfig.CookieBehavior",
        "headersConfig.headerBehavior": "OriginRequestPolicyConfig.HeadersConfig.HeaderBehavior",
        "queryStringsConfig.queryStringBehavior": "OriginRequestPolicyConfig.QueryStringsConfig.QueryStringBehavior",
    }),
    "aws:cloudfront/function:Function": ("AWS::CloudFront::Function", {
        "name": "Name",
        "runtime": "FunctionConfig.Runtime",
    }),
    "aws:apigatewayv2/api:Api": ("AWS::ApiGatewayV2::Api", {}),
    "aws:apigatewayv2/stage:Stage": ("AWS::ApiGatewayV2::Stage", {}),
    "aws:apigatewayv2/route:Route": ("AWS::ApiGatewayV2::Route", {}),
    "aws:apigatewayv2/integration:Integration": ("AWS::ApiGatewayV2::Integration", {}),
    "aws:apigatewayv2/authorizer:Authorizer": ("AWS::ApiGatewayV2::Authorizer", {}),
    "aws:apigatewayv2/domainName:DomainName": ("AWS::ApiGatewayV2::DomainName", {}),
    "aws:apigatewayv2/apiMapping:ApiMapping": ("AWS::ApiGatewayV2::ApiMapping", {}),
    "aws:lambda/function:Function": ("AWS::Lambda::Function", {
        "name": "FunctionName",
        "description": "Description",
        "handler": "Handler",
        "runtime": "Runtime",
        "memorySize": "MemorySize",
        "timeout": "Timeout",
        "reservedConcurrentExecutions": "ReservedConcurrentExecutions",
        "packageType": "PackageType",
        "architectures": "Architectures",
        "architectures[]": "Architectures[]",
        "layers": "Layers",
        "s3Key": "Code.S3Key",
        "tracingConfig.mode": "TracingConfig.Mode",
        "loggingConfig.logFormat": "LoggingConfig.LogFormat",
        "loggingConfig.applicationLogLevel": "LoggingConfig.ApplicationLogLevel",
        "loggingConfig.systemLogLevel": "LoggingConfig.SystemLogLevel",
        "loggingConfig.logGroup": "LoggingConfig.LogGroup",
        "fileSystemConfig.localMountPath": "FileSystemConfigs[].LocalMountPath",
        "snapStart.applyOn": "SnapStart.ApplyOn",
        "ephemeralStorage.size": "EphemeralStorage.Size",
        "vpcConfig.securityGroupIds": "VpcConfig.SecurityGroupIds",
        "vpcConfig.subnetIds": "VpcConfig.SubnetIds",
    }),
    "aws:lambda/permission:Permission": ("AWS::Lambda::Permission", {
        "action": "Action",
        "principal": "Principal",
        "sourceAccount": "SourceAccount",
        "sourceArn": "SourceArn",
        "principalOrgId": "PrincipalOrgID",
        "eventSourceToken": "EventSourceToken",
        "functionUrlAuthType": "FunctionUrlAuthType",
    }),
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": ("AWS::Lambda::EventInvokeConfig", {
        "maximumEventAgeInSeconds": "MaximumEventAgeInSeconds",
        "maximumRetryAttempts": "MaximumRetryAttempts",
        "qualifier": "Qualifier",
    }),
    "aws:lambda/eventSourceMapping:EventSourceMapping": ("AWS::Lambda::EventSourceMapping", {
        "batchSize": "BatchSize",
        "maximumBatchingWindowInSeconds": "MaximumBatchingWindowInSeconds",
        "maximumRecordAgeInSeconds": "MaximumRecordAgeInSeconds",
        "maximumRetryAttempts": "MaximumRetryAttempts",
        "parallelizationFactor": "ParallelizationFactor",
        "tumblingWindowInSeconds": "TumblingWindowInSeconds",
        "functionResponseTypes": "FunctionResponseTypes",
        "functionResponseTypes[]": "FunctionResponseTypes[]",
        "scalingConfig.maximumConcurrency": "ScalingConfig.MaximumConcurrency",
        "startingPosition": "StartingPosition",
        "filterCriteria.filters": "FilterCriteria.Filters",
        "filterCriteria.filters[].pattern": "FilterCriteria.Filters[].Pattern",
    }),
    "aws:cloudwatch/eventRule:EventRule": ("AWS::Events::Rule", {
        "name": "Name",
        "description": "Description",
        "eventBusName": "EventBusName",
        "scheduleExpression": "ScheduleExpression",
        "state": "State",
    }),
    "aws:cloudwatch/eventTarget:EventTarget": ("AWS::Events::Rule", {
        "targetId": "Targets[].Id",
        "retryPolicy.maximumEventAgeInSeconds": "Targets[].RetryPolicy.MaximumEventAgeInSeconds",
        "retryPolicy.maximumRetryAttempts": "Targets[].RetryPolicy.MaximumRetryAttempts",
    }),
    # The schema constrains neither the name nor the body; PlatformDashboardBody checks the name
    # against PutDashboard's rule (1..255 of [A-Za-z0-9_-]).
    "aws:cloudwatch/dashboard:Dashboard": ("AWS::CloudWatch::Dashboard", {}),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("AWS::CloudWatch::Alarm", {
        "name": "AlarmName",
        "alarmDescription": "AlarmDescription",
        "comparisonOperator": "ComparisonOperator",
        "datapointsToAlarm": "DatapointsToAlarm",
        "evaluationPeriods": "EvaluationPeriods",
        "metricName": "MetricName",
        "namespace": "Namespace",
        "period": "Period",
        "statistic": "Statistic",
        "treatMissingData": "TreatMissingData",
        "unit": "Unit",
        "thresholdMetricId": "ThresholdMetricId",
        "evaluateLowSampleCountPercentiles": "EvaluateLowSampleCountPercentile",
        "alarmActions[]": "AlarmActions[]",
        "okActions[]": "OKActions[]",
        "insufficientDataActions[]": "InsufficientDataActions[]",
    }),
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ("AWS::Logs::ResourcePolicy", {
        "policyName": "PolicyName",
        "policyDocument": "PolicyDocument",
    }),
    "aws:sqs/queue:Queue": ("AWS::SQS::Queue", {
        "delaySeconds": "DelaySeconds",
        "kmsDataKeyReusePeriodSeconds": "KmsDataKeyReusePeriodSeconds",
        "maxMessageSize": "MaximumMessageSize",
        "messageRetentionSeconds": "MessageRetentionPeriod",
        "receiveWaitTimeSeconds": "ReceiveMessageWaitTimeSeconds",
        "visibilityTimeoutSeconds": "VisibilityTimeout",
    }),
    "aws:sqs/queuePolicy:QueuePolicy": ("AWS::SQS::QueuePolicy", {}),
    "aws:sqs/redrivePolicy:RedrivePolicy": ("AWS::SQS::Queue", {}),
    "aws:sns/topic:Topic": ("AWS::SNS::Topic", {
        "name": "TopicName",
    }),
    "aws:sns/topicPolicy:TopicPolicy": ("AWS::SNS::TopicPolicy", {}),
    "aws:sns/topicSubscription:TopicSubscription": ("AWS::SNS::Subscription", {}),
    "aws:sfn/stateMachine:StateMachine": ("AWS::StepFunctions::StateMachine", {
        "name": "StateMachineName",
        "definition": "DefinitionString",
        "type": "StateMachineType",
        "loggingConfiguration.level": "LoggingConfiguration.Level",
        "encryptionConfiguration.type": "EncryptionConfiguration.Type",
        "encryptionConfiguration.kmsDataKeyReusePeriodSeconds": "EncryptionConfiguration.KmsDataKeyReusePeriodSeconds",
    }),
    "aws:iam/policy:Policy": ("AWS::IAM::ManagedPolicy", {
        "description": "Description",
        "path": "Path",
        "policy": "PolicyDocument",
    }),
    "aws:iam/userPolicy:UserPolicy": ("AWS::IAM::UserPolicy", {
        "name": "PolicyName",
        "policy": "PolicyDocument",
    }),
    "aws:iam/groupPolicy:GroupPolicy": ("AWS::IAM::GroupPolicy", {
        "name": "PolicyName",
        "policy": "PolicyDocument",
    }),
    "aws:iam/instanceProfile:InstanceProfile": ("AWS::IAM::InstanceProfile", {
        "name": "InstanceProfileName",
        "path": "Path",
    }),
    "aws:kms/keyPolicy:KeyPolicy": ("AWS::KMS::Key", {}),
    "aws:ec2/launchTemplate:LaunchTemplate": ("AWS::EC2::LaunchTemplate", {
        "name": "LaunchTemplateName",
        "description": "VersionDescription",
        "instanceInitiatedShutdownBehavior": "LaunchTemplateData.InstanceInitiatedShutdownBehavior",
        "instanceMarketOptions.marketType": "LaunchTemplateData.InstanceMarketOptions.MarketType",
        "instanceMarketOptions.spotOptions.instanceInterruptionBehavior":
            "LaunchTemplateData.InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior",
        "instanceMarketOptions.spotOptions.spotInstanceType":
            "LaunchTemplateData.InstanceMarketOptions.SpotOptions.SpotInstanceType",
        "metadataOptions.httpEndpoint": "LaunchTemplateData.MetadataOptions.HttpEndpoint",
        "metadataOptions.httpTokens": "LaunchTemplateData.MetadataOptions.HttpTokens",
        "metadataOptions.httpProtocolIpv6": "LaunchTemplateData.MetadataOptions.HttpProtocolIpv6",
        "metadataOptions.instanceMetadataTags": "LaunchTemplateData.MetadataOptions.InstanceMetadataTags",
        "blockDeviceMappings[].ebs.volumeType": "LaunchTemplateData.BlockDeviceMappings[].Ebs.VolumeType",
        "placement.tenancy": "LaunchTemplateData.Placement.Tenancy",
        "maintenanceOptions.autoRecovery": "LaunchTemplateData.MaintenanceOptions.AutoRecovery",
        "tagSpecifications[].resourceType": "LaunchTemplateData.TagSpecifications[].ResourceType",
    }),
    "aws:ec2/instance:Instance": ("AWS::EC2::Instance", {
        "instanceInitiatedShutdownBehavior": "InstanceInitiatedShutdownBehavior",
        "metadataOptions.httpEndpoint": "MetadataOptions.HttpEndpoint",
        "metadataOptions.httpTokens": "MetadataOptions.HttpTokens",
        "metadataOptions.httpPutResponseHopLimit": "MetadataOptions.HttpPutResponseHopLimit",
        "metadataOptions.instanceMetadataTags": "MetadataOptions.InstanceMetadataTags",
    }),
    "aws:autoscaling/group:Group": ("AWS::AutoScaling::AutoScalingGroup", {
        "name": "AutoScalingGroupName",
        "healthCheckType": "HealthCheckType",
        "desiredCapacityType": "DesiredCapacityType",
        "placementGroup": "PlacementGroup",
        "availabilityZones[]": "AvailabilityZones[]",
        "terminationPolicies[]": "TerminationPolicies[]",
        "mixedInstancesPolicy.launchTemplate.overrides[].instanceType":
            "MixedInstancesPolicy.LaunchTemplate.Overrides[].InstanceType",
        "mixedInstancesPolicy.launchTemplate.overrides[].weightedCapacity":
            "MixedInstancesPolicy.LaunchTemplate.Overrides[].WeightedCapacity",
    }),
    "aws:autoscaling/policy:Policy": ("AWS::AutoScaling::ScalingPolicy", {
        "name": "PolicyName",
        "adjustmentType": "AdjustmentType",
        "metricAggregationType": "MetricAggregationType",
    }),
    "aws:autoscaling/lifecycleHook:LifecycleHook": ("AWS::AutoScaling::LifecycleHook", {
        "name": "LifecycleHookName",
        "defaultResult": "DefaultResult",
        "lifecycleTransition": "LifecycleTransition",
        "notificationMetadata": "NotificationMetadata",
    }),
    "aws:appautoscaling/target:Target": ("AWS::ApplicationAutoScaling::ScalableTarget", {
        "scalableDimension": "ScalableDimension",
        "serviceNamespace": "ServiceNamespace",
        "resourceId": "ResourceId",
    }),
    "aws:appautoscaling/policy:Policy": ("AWS::ApplicationAutoScaling::ScalingPolicy", {
        "name": "PolicyName",
        "scalableDimension": "ScalableDimension",
        "serviceNamespace": "ServiceNamespace",
        "stepScalingPolicyConfiguration.adjustmentType": "StepScalingPolicyConfiguration.AdjustmentType",
        "stepScalingPolicyConfiguration.metricAggregationType": "StepScalingPolicyConfiguration.MetricAggregationType",
    }),
    "aws:acm/certificate:Certificate": ("AWS::CertificateManager::Certificate", {}),
    "aws:route53/record:Record": ("AWS::Route53::RecordSet", {}),
    "aws:budgets/budget:Budget": ("AWS::Budgets::Budget", {
        "notifications[].threshold": "NotificationsWithSubscribers[].Notification.Threshold",
    }),
    "aws:ssm/parameter:Parameter": ("AWS::SSM::Parameter", {
        "name": "Name",
        "description": "Description",
        "tier": "Tier",
        "dataType": "DataType",
        "allowedPattern": "AllowedPattern",
    }),
}

# Pulumi types with nothing CloudFormation could tell about them, and why.
NOTHING_TO_CHECK = {
    "pulumi:providers:aws": "the provider itself, not an AWS resource",
    "aws:efs/fileSystemPolicy:FileSystemPolicy":
        "a file system's FileSystemPolicy in CloudFormation, which carries no constraint; its document is judged by SEC-EFS-06",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        "no CloudFormation resource of its own (a role's ManagedPolicyArns); its inputs are a role and a policy ARN, both references",
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive":
        "no CloudFormation resource; its inputs are a role and the names of its policies, checked where those are created",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
        "no CloudFormation resource; its inputs are a role and policy ARNs, all references",
    "aws:iam/policyAttachment:PolicyAttachment": "no CloudFormation resource; its inputs are references",
    "aws:dynamodb/tableItem:TableItem":
        "no CloudFormation resource; its item is content the program validates, its table a reference",
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation":
        "no CloudFormation resource of its own (a VPC endpoint's RouteTableIds); its inputs are references",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest":
        "no CloudFormation resource; the fleet launches through a launch template, which is checked",
    "aws:ec2/spotFleetRequest:SpotFleetRequest":
        "the fleet launches through an Auto Scaling group and a launch template, which are checked",
    "aws:s3/bucketObjectv2:BucketObjectv2": "objects are data, not CloudFormation resources",
    "aws:acm/certificateValidation:CertificateValidation":
        "no CloudFormation resource; it waits for a certificate's DNS validation, and its inputs are references",
    "aws:kms/grant:Grant":
        "no CloudFormation resource (KMS grants are API-only); its inputs are a key reference, a principal ARN and operations",
}


def resolve(schema, node):
    """Follows $ref (local definitions) until a concrete schema node."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise ValueError(f"cannot follow $ref {ref}")
        seen.add(ref)
        target = schema
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def branches(schema, node):
    """The node and every branch of its anyOf/oneOf/allOf, resolved."""
    node = resolve(schema, node)
    found = [node]
    for keyword in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(keyword, []):
            found.extend(branches(schema, sub))
    return found


def find(schema, path):
    """The schema node at a CloudFormation property path such as `Rules[].Id`."""
    nodes = [schema]
    for segment in path.split("."):
        each = segment.endswith("[]")
        name = segment[:-2] if each else segment
        nodes = [prop for n in nodes for b in branches(schema, n)
                 for prop in [b.get("properties", {}).get(name)] if prop is not None]
        if each:
            nodes = [b["items"] for n in nodes for b in branches(schema, n) if "items" in b]
        if not nodes:
            raise KeyError(path)
    return [b for n in nodes for b in branches(schema, n)]


def constraints(schema, cfn_type, path):
    found = {}
    for node in find(schema, path):
        for keyword in KEYWORDS:
            if keyword in node and keyword not in found:
                found[keyword] = node[keyword]
        if "const" in node and "enum" not in found:
            found["enum"] = [node["const"]]
    if not found:
        raise ValueError(f"{cfn_type}.{path} carries no constraint; drop it from the mapping")
    return found


def generate(manager):
    types = {}
    for token, (cfn_type, properties) in sorted(MAPPING.items()):
        schema = manager.get_resource_schema(REGION, cfn_type).schema
        entries = []
        for pulumi_path, cfn_path in sorted(properties.items()):
            try:
                entry = {"path": pulumi_path, "schema": cfn_path}
                entry.update(constraints(schema, cfn_type, cfn_path))
            except KeyError:
                raise SystemExit(f"{token}: {cfn_type} has no property {cfn_path} (mapped from {pulumi_path})")
            except ValueError as error:
                raise SystemExit(f"{token}: {error}")
            entries.append(entry)
        types[token] = {"cloudFormation": cfn_type, "properties": entries}
    for token, reason in sorted(NOTHING_TO_CHECK.items()):
        if token in types:
            raise SystemExit(f"{token} is both mapped and listed as having nothing to check")
        types[token] = {"nothingToCheck": reason}
    return types


def render(types, version):
    document = {
        "source": f"CloudFormation registry schemas shipped with cfn-lint {version} ({REGION})",
        "generatedBy": "python3 scripts/aws_constraints.py",
        "types": dict(sorted(types.items())),
    }
    # One line per property keeps diffs of a regeneration readable.
    lines = ["{",
             f'  "source": {json.dumps(document["source"])},',
             f'  "generatedBy": {json.dumps(document["generatedBy"])},',
             '  "types": {']
    tokens = list(document["types"])
    for i, token in enumerate(tokens):
        entry = document["types"][token]
        comma = "," if i < len(tokens) - 1 else ""
        if "nothingToCheck" in entry:
            lines.append(f'    {json.dumps(token)}: {json.dumps(entry, sort_keys=True)}{comma}')
            continue
        props = entry["properties"]
        head = f'    {json.dumps(token)}: {{"cloudFormation": {json.dumps(entry["cloudFormation"])}, "properties": ['
        if not props:
            lines.append(f"{head}]}}{comma}")
            continue
        lines.append(head)
        for j, prop in enumerate(props):
            lines.append(f'      {json.dumps(prop, ensure_ascii=False)}{"," if j < len(props) - 1 else ""}')
        lines.append(f"    ]}}{comma}")
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file is out of date")
    args = parser.parse_args()
    try:
        from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER
        from cfnlint.version import __version__ as version
    except ImportError:
        raise SystemExit("cfn-lint is not installed: `pip install cfn-lint` (only needed to regenerate the file)")
    text = render(generate(PROVIDER_SCHEMA_MANAGER), version)
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUTPUT.name} is out of date: run `python3 scripts/aws_constraints.py` and commit it")
        print(f"{OUTPUT.name} is up to date")
        return
    OUTPUT.write_text(text, encoding="utf-8")
    count = sum(len(t.get("properties", [])) for t in json.loads(text)["types"].values())
    print(f"wrote {OUTPUT} ({len(MAPPING)} mapped types, {len(NOTHING_TO_CHECK)} with nothing to check, {count} properties)")


if __name__ == "__main__":
    sys.exit(main())
