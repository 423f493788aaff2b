package com.portfolio.infra.plan;

import com.portfolio.infra.support.AwsRegions;
import com.pulumi.test.Mocks;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Deterministic answers for every resource and lookup the program makes, so the offline plan
 * shows real cross-references: a resource's id is {@code <name>-id}, its ARN
 * {@code arn:aws:<service>:<region>:123456789012:<name>}, and the attributes the program reads
 * (names, domain names, endpoints) are derived the same way. Lookups answer as AWS would in the
 * stack's region (zones from {@link AwsRegions}); a lookup it does not model, or a region the table
 * does not know, fails the plan with a message saying so instead of answering something.
 */
public final class PlanMocks implements Mocks {

    public static final String ACCOUNT_ID = "123456789012";

    private final String region;

    public PlanMocks(String region) {
        this.region = region;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        if (args.type.startsWith("aws:")) {
            knownRegion();
        }
        if (!args.type.startsWith("aws:") && !args.type.startsWith("pulumi:providers:")) {
            // Component resources have no cloud identity.
            return CompletableFuture.completedFuture(ResourceResult.of(Optional.empty(), args.inputs));
        }
        String id = args.name + "-id";
        var state = new HashMap<String, Object>(args.inputs);
        state.put("arn", arn(args.type, args.name));
        state.putIfAbsent("name", args.name);
        state.putAll(computedAttributes(args.type, args.name, id, args.inputs, (String) state.get("arn")));
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        Map<String, Object> result = switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones" -> ZoneLookup.answer(knownRegion(), args.args);
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of(
                    "id", ACCOUNT_ID, "accountId", ACCOUNT_ID,
                    "arn", "arn:aws:iam::" + ACCOUNT_ID + ":user/plan", "userId", "AIDAPLAN");
            case "aws:index/getRegion:getRegion" -> Map.of(
                    "id", knownRegion().code(), "name", region, "endpoint", "ec2." + region + ".amazonaws.com", "description", region);
            case "aws:route53/getZone:getZone" -> zone(args.args);
            case "aws:index/getPartition:getPartition" -> Map.of(
                    "id", "aws", "partition", "aws", "dnsSuffix", "amazonaws.com", "reverseDnsPrefix", "com.amazonaws");
            default -> throw new IllegalArgumentException("the offline plan has no answer for the lookup "
                    + args.token + "; add one to " + PlanMocks.class.getSimpleName());
        };
        return CompletableFuture.completedFuture(result);
    }

    /** A public hosted zone of the name asked for, with an id derived from it. */
    private static Map<String, Object> zone(Map<String, Object> args) {
        String name = String.valueOf(args.get("name"));
        String id = "Z" + Integer.toUnsignedString(name.hashCode(), 36).toUpperCase();
        return Map.of("id", id, "zoneId", id, "name", name, "privateZone", false,
                "arn", "arn:aws:route53:::hostedzone/" + id, "nameServers", java.util.List.of("ns-1.awsdns-00.com"));
    }

    /** ACM's DNS validation record for each name of a certificate (its domain, then its alternative names). */
    private static java.util.List<Map<String, Object>> validationOptions(Map<String, Object> inputs) {
        var names = new java.util.LinkedHashSet<String>();
        names.add(String.valueOf(inputs.get("domainName")));
        if (inputs.get("subjectAlternativeNames") instanceof java.util.List<?> alternatives) {
            alternatives.forEach(n -> names.add(String.valueOf(n)));
        }
        return names.stream().map(n -> Map.<String, Object>of("domainName", n,
                "resourceRecordName", "_a1b2c3." + n + ".", "resourceRecordType", "CNAME",
                "resourceRecordValue", "_d4e5f6.acm-validations.aws.")).toList();
    }

    /** The stack's region from the table; an unknown one fails the plan as AWS would fail the update. */
    private AwsRegions.Region knownRegion() {
        return AwsRegions.find(region).orElseThrow(() -> new IllegalArgumentException("the offline plan knows no AWS region \""
                + region + "\" (aws:region); expected one of " + String.join(", ", AwsRegions.codes())
                + " (add a new region to " + AwsRegions.class.getSimpleName() + ")"));
    }

    private String arn(String type, String name) {
        return "arn:aws:" + arnService(type) + ":" + region + ":" + ACCOUNT_ID + ":" + name;
    }

    /** The ARN service of a type token's module: {@code aws:cloudwatch/logGroup:LogGroup} is {@code logs}. */
    static String arnService(String type) {
        String module = type.substring(type.indexOf(':') + 1, type.indexOf('/') < 0 ? type.length() : type.indexOf('/'));
        return switch (module) {
            case "cloudwatch" -> type.contains("logGroup") ? "logs" : "events";
            case "sfn" -> "states";
            case "apigatewayv2" -> "apigateway";
            case "efs" -> "elasticfilesystem";
            case "vpc" -> "ec2";
            default -> module;
        };
    }

    private Map<String, Object> computedAttributes(String type, String name, String id, Map<String, Object> inputs,
                                                   String arn) {
        return switch (type) {
            case "aws:s3/bucketV2:BucketV2" -> {
                String bucket = (String) inputs.getOrDefault("bucket", id);
                yield Map.of("bucket", bucket,
                        "bucketDomainName", bucket + ".s3.amazonaws.com",
                        "bucketRegionalDomainName", bucket + ".s3." + region + ".amazonaws.com");
            }
            case "aws:kms/key:Key" -> Map.of("keyId", id);
            case "aws:ec2/eip:Eip" -> Map.of("allocationId", name + "-alloc", "publicIp", "198.51.100.1");
            case "aws:lambda/function:Function" -> Map.of(
                    "invokeArn", "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + arn + "/invocations",
                    "qualifiedArn", arn + ":1", "version", "1");
            case "aws:lambda/layerVersion:LayerVersion" -> Map.of("layerArn", arn, "version", "1");
            case "aws:apigatewayv2/api:Api" -> Map.of(
                    "apiEndpoint", "https://" + id + ".execute-api." + region + ".amazonaws.com",
                    "executionArn", "arn:aws:execute-api:" + region + ":" + ACCOUNT_ID + ":" + id);
            case "aws:cloudfront/distribution:Distribution" -> Map.of(
                    "domainName", name + ".cloudfront.net", "hostedZoneId", "Z2FDTNDATAQYW2");
            case "aws:acm/certificate:Certificate" -> Map.of("domainValidationOptions", validationOptions(inputs));
            case "aws:sqs/queue:Queue" -> Map.of("url", "https://sqs." + region + ".amazonaws.com/" + ACCOUNT_ID + "/" + name);
            case "aws:efs/fileSystem:FileSystem" -> Map.of("dnsName", id + ".efs." + region + ".amazonaws.com");
            case "aws:iam/role:Role" -> Map.of("uniqueId", "AROA" + name.toUpperCase().replaceAll("[^A-Z0-9]", ""));
            default -> Map.<String, Object>of();
        };
    }
}
