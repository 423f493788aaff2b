package com.portfolio.infra.policy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A small plan with one of everything the rules judge, built to satisfy every rule of POLICY.md.
 * Violation tests start from it and break one thing, so each test shows the rule's trigger alone.
 */
final class CompliantPlan {
    private CompliantPlan() {
    }

    static TestPlan build(String stack) {
        TestPlan p = TestPlan.stack(stack);
        boolean prod = stack.equals("prod");

        // KMS: one customer key that the alarm publishers and CloudWatch Logs may use, for this account only.
        var key = p.add(Types.KMS_KEY, "data-key").set("enableKeyRotation", true).protect(prod).set("policy", KEY_POLICY);

        // Networking: two zones, public and private subnets, a NAT per zone.
        var vpc = p.add(Types.VPC, "vpc").set("cidrBlock", "10.0.0.0/16");
        for (String az : List.of("a", "b")) {
            p.add(Types.SUBNET, "public-" + az).set("vpcId", vpc.id()).set("availabilityZone", "us-east-1" + az)
                    .set("mapPublicIpOnLaunch", false).tag("tier", "public");
            p.add(Types.SUBNET, "private-" + az).set("vpcId", vpc.id()).set("availabilityZone", "us-east-1" + az)
                    .set("mapPublicIpOnLaunch", false).tag("tier", "private");
            p.add(Types.NAT_GATEWAY, "nat-" + az).set("subnetId", p.get("public-" + az).id());
            p.add(Types.ROUTE_TABLE, "rt-private-" + az).set("vpcId", vpc.id()).tag("tier", "private")
                    .set("routes", List.of(Map.of("cidrBlock", "0.0.0.0/0", "natGatewayId", p.get("nat-" + az).id())));
            p.add(Types.ROUTE_TABLE_ASSOCIATION, "rta-private-" + az)
                    .set("routeTableId", p.get("rt-private-" + az).id()).set("subnetId", p.get("private-" + az).id());
        }
        for (String service : List.of("s3", "dynamodb")) {
            p.add(Types.VPC_ENDPOINT, "endpoint-" + service).set("vpcId", vpc.id())
                    .set("serviceName", "com.amazonaws.us-east-1." + service).set("vpcEndpointType", "Gateway")
                    .set("routeTableIds", List.of(p.get("rt-private-a").id(), p.get("rt-private-b").id()));
        }
        logGroup(p, "flow-logs", "/vpc/flow-logs");
        p.add(Types.FLOW_LOG, "vpc-flow-log").set("vpcId", vpc.id()).set("trafficType", "ALL")
                .set("logDestination", p.get("flow-logs").arn());
        p.add(Types.DEFAULT_SECURITY_GROUP, "vpc-default-sg").set("vpcId", vpc.id());
        p.add(Types.SECURITY_GROUP, "worker-sg").set("vpcId", vpc.id()).set("description", "training workers")
                .set("egress", List.of(Map.of("protocol", "-1", "fromPort", 0.0, "toPort", 0.0,
                        "cidrBlocks", List.of("0.0.0.0/0"), "description", "all outbound")));
        var endpointsSg = p.add(Types.SECURITY_GROUP, "endpoints-sg").set("vpcId", vpc.id()).set("description", "interface endpoints")
                .tag("purpose", "vpc-endpoints");
        p.add(Types.INGRESS_RULE, "endpoints-https").set("securityGroupId", endpointsSg.id()).set("cidrIpv4", "10.0.0.0/16")
                .set("ipProtocol", "tcp").set("fromPort", 443.0).set("toPort", 443.0).set("description", "HTTPS from the VPC");
        p.add(Types.VPC_ENDPOINT, "endpoint-ssm").set("vpcId", vpc.id()).set("serviceName", "com.amazonaws.us-east-1.ssm")
                .set("vpcEndpointType", "Interface").set("privateDnsEnabled", true)
                .set("subnetIds", List.of(p.get("private-a").id(), p.get("private-b").id()))
                .set("securityGroupIds", List.of(endpointsSg.id()));
        p.add(Types.INGRESS_RULE, "efs-from-workers").set("securityGroupId", p.get("worker-sg").id())
                .set("referencedSecurityGroupId", p.get("worker-sg").id()).set("ipProtocol", "tcp")
                .set("fromPort", 2049.0).set("toPort", 2049.0).set("description", "NFS from workers");

        // Buckets.
        bucket(p, "site", "website").state("bucketRegionalDomainName", "site.s3.us-east-1.amazonaws.com");
        bucket(p, "raw", "raw-data").protect(prod);
        bucket(p, "artifacts", "build-artifacts");
        bucket(p, "logs", "access-logs");
        for (String b : List.of("raw", "artifacts")) {
            p.add(Types.BUCKET_VERSIONING, b + "-versioning").set("bucket", p.get(b).id())
                    .set("versioningConfiguration.status", "Enabled");
            p.add(Types.BUCKET_LIFECYCLE, b + "-lifecycle").set("bucket", p.get(b).id()).set("rules", List.of(
                    Map.of("id", "noncurrent", "status", "Enabled", "noncurrentVersionExpiration", Map.of("noncurrentDays", 30.0)),
                    Map.of("id", "multipart", "status", "Enabled", "abortIncompleteMultipartUpload", Map.of("daysAfterInitiation", 7.0))));
        }

        // CloudFront in front of the site bucket.
        var oac = p.add(Types.ORIGIN_ACCESS_CONTROL, "site-oac").set("originAccessControlOriginType", "s3")
                .set("signingBehavior", "always").set("signingProtocol", "sigv4");
        var headers = p.add(Types.RESPONSE_HEADERS_POLICY, "site-headers")
                .set("securityHeadersConfig.strictTransportSecurity", Map.of("accessControlMaxAgeSec", 31536000.0, "override", true))
                .set("securityHeadersConfig.contentTypeOptions", Map.of("override", true))
                .set("securityHeadersConfig.frameOptions", Map.of("frameOption", "DENY", "override", true))
                .set("securityHeadersConfig.referrerPolicy", Map.of("referrerPolicy", "same-origin", "override", true));
        var cdn = p.add(Types.DISTRIBUTION, "cdn").set("enabled", true).set("defaultRootObject", "index.html")
                .set("aliases", List.of("www.example.com"))
                .set("origins", List.of(Map.of("originId", "site", "domainName", "site.s3.us-east-1.amazonaws.com",
                        "originAccessControlId", oac.id())))
                .set("defaultCacheBehavior", Map.of("targetOriginId", "site", "viewerProtocolPolicy", "redirect-to-https",
                        "responseHeadersPolicyId", headers.id()))
                .set("viewerCertificate", Map.of("acmCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/site",
                        "sslSupportMethod", "sni-only", "minimumProtocolVersion", "TLSv1.2_2021"))
                .set("loggingConfig.bucket", "logs.s3.amazonaws.com");
        p.get("site-policy").set("policy", siteBucketPolicy("site", cdn.arn()));

        // Lambda functions, the API and its logs.
        function(p, "api-handler").set("reservedConcurrentExecutions", 10.0);
        function(p, "health").set("reservedConcurrentExecutions", 1.0).tag("api-access", "public");
        function(p, "worker").set("reservedConcurrentExecutions", 2.0).set("timeout", 60.0)
                .set("vpcConfig.subnetIds", List.of(p.get("private-a").id(), p.get("private-b").id()))
                .set("vpcConfig.securityGroupIds", List.of(p.get("worker-sg").id()));
        logGroup(p, "api-access-logs", "/aws/apigateway/api");
        var api = p.add("aws:apigatewayv2/api:Api", "api").set("protocolType", "HTTP");
        for (String fn : List.of("api-handler", "health")) {
            p.add(Types.API_INTEGRATION, fn + "-integration").set("apiId", api.id()).set("integrationType", "AWS_PROXY")
                    .set("integrationUri", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + p.get(fn).arn() + "/invocations");
            p.add(Types.LAMBDA_PERMISSION, fn + "-permission").set("action", "lambda:InvokeFunction")
                    .set("function", p.get(fn).id()).set("principal", "apigateway.amazonaws.com").set("sourceArn", api.arn() + "/*/*");
        }
        p.add(Types.API_ROUTE, "items-route").set("apiId", api.id()).set("routeKey", "GET /items")
                .set("authorizationType", "JWT").set("authorizerId", "auth-id")
                .set("target", "integrations/" + p.get("api-handler-integration").id());
        p.add(Types.API_ROUTE, "health-route").set("apiId", api.id()).set("routeKey", "GET /health")
                .set("authorizationType", "NONE").set("target", "integrations/" + p.get("health-integration").id());
        p.add(Types.API_STAGE, "api-stage").set("apiId", api.id()).set("name", "$default")
                .set("accessLogSettings.destinationArn", p.get("api-access-logs").arn())
                .set("accessLogSettings.format", "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}")
                .set("defaultRouteSettings.throttlingBurstLimit", 50.0).set("defaultRouteSettings.throttlingRateLimit", 20.0);

        // Queues, the worker consuming them, alarms to the ops topic.
        var dlq = p.add(Types.QUEUE, "jobs-dlq").set("name", "jobs-dlq").set("sqsManagedSseEnabled", true)
                .set("messageRetentionSeconds", 1209600.0).tag("purpose", "dead-letter");
        var jobs = p.add(Types.QUEUE, "jobs").set("name", "jobs").set("sqsManagedSseEnabled", true)
                .set("visibilityTimeoutSeconds", 360.0).set("messageRetentionSeconds", 345600.0).tag("purpose", "job-queue")
                .set("redrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":5}");
        p.add(Types.QUEUE_POLICY, "jobs-policy").set("queueUrl", jobs.id()).set("policy", """
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},
                 "Action":"sqs:SendMessage","Resource":"%s"}}""".formatted(jobs.arn()));
        p.add(Types.EVENT_SOURCE_MAPPING, "worker-jobs").set("eventSourceArn", jobs.arn()).set("functionName", p.get("worker").arn());
        var topic = p.add(Types.TOPIC, "ops-topic").set("kmsMasterKeyId", key.id()).tag("purpose", "ops-alerts");
        p.add(Types.TOPIC_POLICY, "ops-topic-policy").set("arn", topic.arn()).set("policy", """
                {"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"%s"}]}"""
                .formatted(topic.arn()));
        for (String metric : List.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")) {
            p.add(Types.METRIC_ALARM, "dlq-" + metric).set("namespace", "AWS/SQS").set("metricName", metric)
                    .set("dimensions", Map.of("QueueName", "jobs-dlq")).set("alarmActions", List.of(topic.arn()))
                    .set("comparisonOperator", "GreaterThanThreshold").set("threshold", 0.0).set("evaluationPeriods", 1.0);
        }

        // Spot training: launch template, interruption rule delivering to the worker.
        p.add(Types.LAUNCH_TEMPLATE, "trainer-lt").set("instanceMarketOptions.marketType", "spot")
                .set("metadataOptions", Map.of("httpTokens", "required", "httpPutResponseHopLimit", 1.0, "httpEndpoint", "enabled"))
                .set("blockDeviceMappings", List.of(Map.of("deviceName", "/dev/xvda", "ebs", Map.of("encrypted", "true", "volumeSize", 50.0))))
                .set("networkInterfaces", List.of(Map.of("associatePublicIpAddress", "false", "subnetId", p.get("private-a").id())))
                .set("userData", Base64.getEncoder().encodeToString(
                        "#!/bin/bash\nexport MODEL_BUCKET=raw\nTOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token)\n"
                                .getBytes(StandardCharsets.UTF_8)));
        p.add(Types.EVENT_RULE, "spot-interruption").set("eventPattern",
                "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\",\"EC2 Instance Rebalance Recommendation\"]}");
        p.add(Types.EVENT_TARGET, "spot-to-worker").set("rule", p.get("spot-interruption").id()).set("arn", p.get("worker").arn())
                .set("deadLetterConfig.arn", dlq.arn()).set("retryPolicy", Map.of("maximumRetryAttempts", 3.0, "maximumEventAgeInSeconds", 3600.0));
        p.add(Types.LAMBDA_PERMISSION, "worker-from-events").set("action", "lambda:InvokeFunction")
                .set("function", p.get("worker").id()).set("principal", "events.amazonaws.com").set("sourceArn", p.get("spot-interruption").arn());
        p.add(Types.FUNCTION_EVENT_INVOKE_CONFIG, "worker-async").set("functionName", p.get("worker").id())
                .set("destinationConfig.onFailure.destination", dlq.arn()).set("maximumRetryAttempts", 2.0);

        // Data: table and file system.
        p.add(Types.TABLE, "jobs-table").set("name", "jobs").set("billingMode", "PAY_PER_REQUEST").set("hashKey", "id")
                .set("pointInTimeRecovery.enabled", true).set("deletionProtectionEnabled", true).protect(prod)
                .set("serverSideEncryption", Map.of("enabled", true, "kmsKeyArn", key.arn()));
        var fs = p.add(Types.FILE_SYSTEM, "models-fs").set("encrypted", true).set("kmsKeyId", key.arn()).protect(prod);
        p.add(Types.ACCESS_POINT, "models-ap").set("fileSystemId", fs.id())
                .set("rootDirectory", Map.of("path", "/models", "creationInfo", Map.of("ownerUid", 1000.0, "ownerGid", 1000.0, "permissions", "750")))
                .set("posixUser", Map.of("uid", 1000.0, "gid", 1000.0));
        for (String az : List.of("a", "b")) {
            p.add(Types.MOUNT_TARGET, "models-mt-" + az).set("fileSystemId", fs.id()).set("subnetId", p.get("private-" + az).id());
        }
        p.add(Types.BACKUP_POLICY, "models-backup").set("fileSystemId", fs.id()).set("backupPolicy.status", "ENABLED");
        p.add(Types.FILE_SYSTEM_POLICY, "models-policy").set("fileSystemId", fs.id()).set("policy", EFS_POLICY.formatted(
                fs.arn(), fs.arn(), p.get("models-ap").arn()));

        // Build and orchestration.
        logGroup(p, "build-logs", "/aws/codebuild/builder");
        p.add(Types.CODEBUILD_PROJECT, "builder").set("name", "builder")
                .set("logsConfig.cloudwatchLogs", Map.of("groupName", "/aws/codebuild/builder", "status", "ENABLED"))
                .set("artifacts.type", "NO_ARTIFACTS")
                .set("environment", Map.of("computeType", "BUILD_GENERAL1_SMALL", "image", "aws/codebuild/standard:7.0",
                        "type", "LINUX_CONTAINER", "privilegedMode", false,
                        "environmentVariables", List.of(Map.of("name", "REGISTRY_TOKEN", "type", "PARAMETER_STORE", "value", "/ci/token"))))
                .set("vpcConfig", Map.of("vpcId", vpc.id(), "subnets", List.of(p.get("private-a").id(), p.get("private-b").id()),
                        "securityGroupIds", List.of(p.get("worker-sg").id())))
                .set("fileSystemLocations", List.of(Map.of("type", "EFS", "identifier", "models",
                        "location", fs.id() + ".efs.us-east-1.amazonaws.com:/models", "mountPoint", "/mnt/models")));
        logGroup(p, "pipeline-logs", "/aws/states/pipeline");
        p.add(Types.STATE_MACHINE, "pipeline").set("roleArn", "arn:aws:iam::123456789012:role/pipeline")
                .set("loggingConfiguration", Map.of("level", "ALL", "includeExecutionData", true,
                        "logDestination", p.get("pipeline-logs").arn() + ":*"))
                .set("tracingConfiguration.enabled", true)
                .set("definition", STATE_MACHINE);

        // IAM: one role with separate policy resources, one with only an inline list.
        p.add(Types.IAM_ROLE, "worker-role").set("name", "worker-role").set("assumeRolePolicy",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
        p.add(Types.IAM_ROLE_POLICY, "worker-role-policy").set("role", "worker-role").set("policy", """
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"%s"},
                  {"Effect":"Allow","Action":"kms:Decrypt","Resource":"%s"}]}""".formatted(jobs.arn(), key.arn()));
        p.add(Types.IAM_ROLE, "build-role").set("name", "build-role").set("assumeRolePolicy", """
                {"Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}""").set("inlinePolicies", List.of(Map.of("name", "logs", "policy",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\""
                        + p.get("build-logs").arn() + ":*\"}}")));
        return p;
    }

    /** TLS only; the worker role mounts through the access point (the role is added further down). */
    static final String EFS_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"DenyClientsWithoutTls","Effect":"Deny","Principal":{"AWS":"*"},
               "Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite","elasticfilesystem:ClientRootAccess"],
               "Resource":"%s","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
              {"Sid":"WorkersMount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam:us-east-1:123456789012:worker-role"},
               "Action":"elasticfilesystem:ClientMount","Resource":"%s",
               "Condition":{"StringEquals":{"elasticfilesystem:AccessPointArn":"%s"}}}]}""";

    static final String STATE_MACHINE = """
            {"StartAt":"Train","TimeoutSeconds":7200,"States":{
              "Train":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Done",
                "Retry":[{"ErrorEquals":["Lambda.ServiceException","Lambda.TooManyRequestsException"],"MaxAttempts":3}],
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"RecordFailure"}]},
              "RecordFailure":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Next":"Failed",
                "Retry":[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":2}],
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Failed"}]},
              "Failed":{"Type":"Fail","Error":"TrainingFailed"},
              "Done":{"Type":"Succeed"}}}""";

    static final String KEY_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Logs","Effect":"Allow","Principal":{"Service":"logs.us-east-1.amazonaws.com"},
               "Action":["kms:Encrypt*","kms:Decrypt*","kms:ReEncrypt*","kms:GenerateDataKey*","kms:Describe*"],"Resource":"*",
               "Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:us-east-1:123456789012:log-group:*"}}},
              {"Sid":"Publishers","Effect":"Allow","Principal":{"Service":["events.amazonaws.com","cloudwatch.amazonaws.com"]},
               "Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*",
               "Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}""";

    /** A log group with retention, encrypted with the plan's key (added first). */
    static TestPlan.Res logGroup(TestPlan p, String logical, String name) {
        return p.add(Types.LOG_GROUP, logical).set("name", name).set("retentionInDays", 30.0).set("kmsKeyId", p.get("data-key").arn());
    }

    static TestPlan.Res function(TestPlan p, String name) {
        logGroup(p, name + "-logs", "/aws/lambda/" + name);
        return p.add(Types.FUNCTION, name).set("name", name).set("runtime", "java21").set("handler", "app.Handler")
                .set("role", "arn:aws:iam::123456789012:role/" + name).set("timeout", 10.0).set("memorySize", 512.0)
                .set("tracingConfig.mode", "Active")
                .set("environment.variables", Map.of("TABLE_NAME", "jobs", "API_KEY_PARAMETER", "/api/key"));
    }

    /** A bucket with every companion the S3 rules expect. */
    static TestPlan.Res bucket(TestPlan p, String name, String purpose) {
        var b = p.add(Types.BUCKET, name).set("bucket", name).tag("purpose", purpose);
        p.add(Types.BUCKET_PUBLIC_ACCESS_BLOCK, name + "-pab").set("bucket", b.id()).set("blockPublicAcls", true)
                .set("blockPublicPolicy", true).set("ignorePublicAcls", true).set("restrictPublicBuckets", true);
        p.add(Types.BUCKET_OWNERSHIP_CONTROLS, name + "-ownership").set("bucket", b.id())
                .set("rule.objectOwnership", "BucketOwnerEnforced");
        p.add(Types.BUCKET_SSE, name + "-sse").set("bucket", b.id())
                .set("rules", List.of(Map.of("applyServerSideEncryptionByDefault", Map.of("sseAlgorithm", "aws:kms"))));
        p.add(Types.BUCKET_POLICY, name + "-policy").set("bucket", b.id()).set("policy", tlsOnlyPolicy(name));
        if (!purpose.equals("access-logs")) {
            p.add(Types.BUCKET_LOGGING, name + "-logging").set("bucket", b.id()).set("targetBucket", "logs-id").set("targetPrefix", name + "/");
        }
        return b;
    }

    static String tlsOnlyPolicy(String bucket) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
                 "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"""
                .formatted(bucket);
    }

    static String siteBucketPolicy(String bucket, String distributionArn) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"TlsOnly","Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:*"],
                  "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}},
                 {"Sid":"CloudFront","Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject",
                  "Resource":"arn:aws:s3:::%1$s/*","Condition":{"StringEquals":{"AWS:SourceArn":"%2$s"}}}]}"""
                .formatted(bucket, distributionArn);
    }
}
