package com.portfolio.infra.packaging;

import com.portfolio.infra.buildengine.BuildCoordinator;
import com.portfolio.infra.buildengine.BuildKey;
import com.portfolio.infra.buildengine.BuildPolicies;
import com.portfolio.infra.buildengine.Component;
import com.portfolio.infra.buildengine.EcrImage;
import com.portfolio.infra.buildengine.RunnerSettings;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.Policies;
import com.portfolio.infra.support.PolicyDocumentBuilder;
import com.portfolio.infra.support.PolicyExceptions;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.codebuild.Project;
import com.pulumi.aws.codebuild.ProjectArgs;
import com.pulumi.aws.codebuild.inputs.ProjectArtifactsArgs;
import com.pulumi.aws.codebuild.inputs.ProjectEnvironmentArgs;
import com.pulumi.aws.codebuild.inputs.ProjectEnvironmentEnvironmentVariableArgs;
import com.pulumi.aws.codebuild.inputs.ProjectEnvironmentRegistryCredentialArgs;
import com.pulumi.aws.codebuild.inputs.ProjectLogsConfigArgs;
import com.pulumi.aws.codebuild.inputs.ProjectLogsConfigCloudwatchLogsArgs;
import com.pulumi.aws.codebuild.inputs.ProjectSourceArgs;
import com.pulumi.aws.codebuild.inputs.ProjectVpcConfigArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import java.util.List;
import java.util.Map;

/**
 * A CodeBuild project with its own log group (retained, encrypted) and least-privilege role;
 * not a component of its own but the children of the build component that owns it. Each build
 * is started with its package's source zip; the project's own source only names where those
 * zips live, and the buildspec is the project's.
 */
final class CodeBuildProject {

    /** How long a build may wait in CodeBuild's queue before CodeBuild gives up on it. */
    static final int QUEUED_TIMEOUT_MINUTES = (int) RunnerSettings.DEFAULT_QUEUED_TIMEOUT.toMinutes();

    /**
     * Where a project in the VPC runs, and the file system its builds mount.
     *
     * <p>The builds mount the file system themselves, with the EFS mount helper ({@code tls,iam}):
     * CodeBuild's own EFS mount ({@code fileSystemLocations}) is plain NFSv4.1, without TLS and
     * without an IAM identity, so a file system whose policy admits only TLS clients acting as a
     * named role refuses it. The project declares what it mounts, and where, as its variables
     * {@code FILE_SYSTEM_ID} and {@code EFS_MOUNT}.
     *
     * @param vpcId            the VPC
     * @param subnetIds        private subnets only
     * @param securityGroupId  the build security group
     * @param fileSystemId     the file system whose root the builds mount at {@code mountPoint}
     * @param mountPoint       where the build sees the file system
     */
    record VpcPlacement(Output<String> vpcId, List<Output<String>> subnetIds, Output<String> securityGroupId,
                        Output<String> fileSystemId, String mountPoint) {
    }

    /**
     * @param component   the component the project builds
     * @param description what it builds
     * @param buildspec   the buildspec's text
     * @param image       the build image
     * @param computeType CodeBuild compute type
     * @param environmentType {@code LINUX_CONTAINER} or {@code LINUX_GPU_CONTAINER}
     * @param timeoutMinutes  build timeout
     * @param placement   where it runs in the VPC, or null to run outside it
     * @param imageCredentialsSecretArn the Secrets Manager secret CodeBuild pulls {@code image}
     *                    with, for a registry other than ECR; null to pull anonymously
     * @param privilegedModeReason why the builds need privileged mode, which the project then gets,
     *                    tagged {@code policy-exception:SEC-CB-02} with this reason; null (the
     *                    default) for an unprivileged project
     */
    record Spec(Component component, String description, String buildspec, String image, String computeType,
                String environmentType, int timeoutMinutes, VpcPlacement placement, String imageCredentialsSecretArn,
                String privilegedModeReason) {

        /** An unprivileged project whose image needs no registry credentials. */
        Spec(Component component, String description, String buildspec, String image, String computeType,
             String environmentType, int timeoutMinutes, VpcPlacement placement) {
            this(component, description, buildspec, image, computeType, environmentType, timeoutMinutes, placement, null, null);
        }
    }

    final Project project;
    /** Completes when the role may act: builds must not start before. */
    final Output<String> rolePolicyId;
    /** The role the builds act as, also towards the file system they mount. */
    final Output<String> roleArn;

    CodeBuildProject(ComponentResource owner, String name, Spec spec, StackContext context,
                     ArtifactBucket artifacts, Output<String> keyArn) {
        var child = CustomResourceOptions.builder().parent(owner).build();
        String projectName = context.physicalName(spec.component().id());
        Map<String, String> tags = context.tags(spec.component().id());
        // The exception is the project's alone: only it runs privileged.
        Map<String, String> projectTags = spec.privilegedModeReason() == null ? tags
                : Tags.with(tags, PolicyExceptions.tagKey("SEC-CB-02"), spec.privilegedModeReason());

        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
                .name("/aws/codebuild/" + projectName)
                .retentionInDays(context.settings().logRetentionDays())
                .kmsKeyId(keyArn)
                .tags(tags)
                .build(), child);
        var role = new Role(name + "-role", RoleArgs.builder()
                .description("Builds " + spec.description() + " for " + context.settings().namePrefix())
                .assumeRolePolicy(context.accountId().applyValue(account ->
                        Policies.assumeRoleBy("codebuild.amazonaws.com", account)))
                .tags(tags)
                .build(), child);
        var privateImage = EcrImage.of(spec.image());
        Output<List<String>> subnetIds = spec.placement() == null ? Output.of(List.of())
                : Output.all(spec.placement().subnetIds());
        var policy = new RolePolicy(name + "-role", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(logGroup.arn(), artifacts.bucketArn, keyArn, context.accountId(), subnetIds)
                        .applyValue(t -> {
                            PolicyDocumentBuilder document = BuildPolicies.base(t.t1, t.t2, spec.component(), t.t3);
                            if (spec.placement() != null) {
                                document = BuildPolicies.withVpcAccess(document, context.partition(),
                                        context.region(), t.t4, t.t5);
                            }
                            if (privateImage.isPresent()) {
                                document = BuildPolicies.withImagePull(document, context.partition(), privateImage.get());
                            }
                            if (spec.imageCredentialsSecretArn() != null) {
                                document = document.allow("ReadBuildImageCredentials")
                                        .actions("secretsmanager:GetSecretValue")
                                        .resources(spec.imageCredentialsSecretArn())
                                        .and();
                            }
                            return document.toJson();
                        }))
                .build(), child);
        this.rolePolicyId = policy.id();
        this.roleArn = role.arn();

        // ECR images and registry credentials are both used with the project's role.
        boolean pullsWithRole = privateImage.isPresent() || spec.imageCredentialsSecretArn() != null;
        var environment = ProjectEnvironmentArgs.builder()
                .type(spec.environmentType())
                .computeType(spec.computeType())
                .image(spec.image())
                .imagePullCredentialsType(pullsWithRole ? "SERVICE_ROLE" : "CODEBUILD")
                .privilegedMode(spec.privilegedModeReason() != null);
        if (spec.imageCredentialsSecretArn() != null) {
            // See https://docs.aws.amazon.com/codebuild/latest/userguide/sample-private-registry.html
            environment.registryCredential(ProjectEnvironmentRegistryCredentialArgs.builder()
                    .credential(spec.imageCredentialsSecretArn())
                    .credentialProvider("SECRETS_MANAGER")
                    .build());
        }
        var builder = ProjectArgs.builder()
                .name(projectName)
                .description("Builds " + spec.description() + " when their content changed")
                .serviceRole(role.arn())
                .buildTimeout(spec.timeoutMinutes())
                .queuedTimeout(QUEUED_TIMEOUT_MINUTES)
                .encryptionKey(keyArn)
                .source(ProjectSourceArgs.builder()
                        .type("S3")
                        // Each build overrides this with its package's zip under the same prefix.
                        .location(artifacts.bucketName.applyValue(bucket ->
                                bucket + "/builds/" + spec.component().id() + "/" + BuildKey.SOURCE_ZIP))
                        .buildspec(spec.buildspec())
                        .build())
                .artifacts(ProjectArtifactsArgs.builder().type("NO_ARTIFACTS").build())
                .logsConfig(ProjectLogsConfigArgs.builder()
                        .cloudwatchLogs(ProjectLogsConfigCloudwatchLogsArgs.builder()
                                .status("ENABLED").groupName(logGroup.name()).build())
                        .build())
                .tags(projectTags);
        if (spec.placement() != null) {
            var placement = spec.placement();
            builder.vpcConfig(ProjectVpcConfigArgs.builder()
                    .vpcId(placement.vpcId())
                    .subnets(Output.all(placement.subnetIds()))
                    .securityGroupIds(Output.all(List.of(placement.securityGroupId())))
                    .build());
            environment.environmentVariables(
                    ProjectEnvironmentEnvironmentVariableArgs.builder().name(BuildCoordinator.FILE_SYSTEM_ID_ENV)
                            .value(placement.fileSystemId()).type("PLAINTEXT").build(),
                    ProjectEnvironmentEnvironmentVariableArgs.builder().name("EFS_MOUNT")
                            .value(placement.mountPoint()).type("PLAINTEXT").build());
        }
        builder.environment(environment.build());
        this.project = new Project(name, builder.build(),
                CustomResourceOptions.builder().parent(owner).dependsOn(policy).build());
    }
}
