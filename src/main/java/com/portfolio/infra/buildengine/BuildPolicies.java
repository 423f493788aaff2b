package com.portfolio.infra.buildengine;

import com.portfolio.infra.support.PolicyDocumentBuilder;
import java.util.List;

/**
 * The least-privilege permissions of the CodeBuild projects: write their own log group, read the
 * source zips and write outputs and markers under their own component's prefix only, use the
 * stack key for those objects and logs, and (builds in the VPC) manage their network interfaces.
 * See https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html
 */
public final class BuildPolicies {

    private BuildPolicies() {
    }

    /** What every build project may do. */
    public static PolicyDocumentBuilder base(String logGroupArn, String bucketArn, Component component, String keyArn) {
        String prefix = bucketArn + "/builds/" + component.id() + "/*";
        return PolicyDocumentBuilder.create()
                .allow("WriteBuildLogs").actions("logs:CreateLogStream", "logs:PutLogEvents")
                .resources(logGroupArn, logGroupArn + ":*")
                .and()
                .allow("ReadSourcesWriteOutputsAndMarkers").actions("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject")
                .resources(prefix)
                .and()
                .allow("LocateArtifactBucket").actions("s3:GetBucketLocation", "s3:GetBucketAcl").resources(bucketArn)
                .and()
                .allow("UseStackKey").actions("kms:Decrypt", "kms:GenerateDataKey").resources(keyArn)
                .and();
    }

    /**
     * What a project in the VPC needs on top, as CodeBuild documents it: the network calls it
     * makes to place an interface in our subnets (they take no narrower resource), and the
     * permission to attach that interface, limited to our subnets and to CodeBuild.
     * See https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface
     */
    public static PolicyDocumentBuilder withVpcAccess(PolicyDocumentBuilder document, String partition, String region,
                                               String accountId, List<String> subnetIds) {
        String arnPrefix = "arn:" + partition + ":ec2:" + region + ":" + accountId + ":";
        return document
                .allow("PlaceBuildInterfaces").actions("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                        "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs")
                .resources("*")
                .and()
                .allow("AttachInterfacesInOurSubnetsOnly").actions("ec2:CreateNetworkInterfacePermission")
                .resources(arnPrefix + "network-interface/*")
                .condition("StringEquals", "ec2:Subnet", subnetIds.stream().map(id -> arnPrefix + "subnet/" + id).toList())
                .condition("StringEquals", "ec2:AuthorizedService", "codebuild.amazonaws.com")
                .and();
    }

    /**
     * Pulling a private ECR build image with the project's role: reading that repository only;
     * the registry login call takes no narrower resource.
     */
    public static PolicyDocumentBuilder withImagePull(PolicyDocumentBuilder document, String partition, EcrImage image) {
        return document
                .allow("PullBuildImage").actions("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchGetImage")
                .resources(image.repositoryArn(partition))
                .and()
                .allow("LogInToRegistry").actions("ecr:GetAuthorizationToken").resources("*")
                .and();
    }
}
