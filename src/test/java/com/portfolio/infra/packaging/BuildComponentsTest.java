package com.portfolio.infra.packaging;

import com.portfolio.infra.buildengine.BuildFailuresException;
import com.portfolio.infra.buildengine.BuildJob;
import com.portfolio.infra.buildengine.BuildRecipes;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.buildengine.BuiltPackage;
import com.portfolio.infra.buildengine.Component;
import com.portfolio.infra.buildengine.Fingerprinter;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.buildengine.PackageBuildFailedException;
import com.portfolio.infra.buildengine.PackageSource;
import com.portfolio.infra.buildengine.Reason;
import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.support.PolicyExceptions;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GIVEN stack settings / WHEN the program runs under the mock engine with a build service that
 * records its jobs / THEN the build projects, the layer version and the jobs are as deployed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BuildComponentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "aws:codebuild/project:Project";

    /** Records every job; answers as the offline plan would, optionally naming a build id. */
    static final class RecordingBuilds implements BuildService {
        final List<BuildJob> jobs = new ArrayList<>();
        private final String buildId;

        RecordingBuilds(String buildId) {
            this.buildId = buildId;
        }

        @Override
        public synchronized List<BuiltPackage> run(BuildJob job) throws InterruptedException {
            jobs.add(job);
            return new OfflineBuildService().run(job).stream()
                    .map(p -> new BuiltPackage(p.outcome(), buildId)).toList();
        }

        synchronized BuildJob job(Component component) {
            return jobs.stream().filter(j -> j.component() == component).findFirst().orElseThrow();
        }
    }

    private static String layerFingerprint(StackSettings settings) {
        Path dir = Path.of("lambda-layer");
        try (var fingerprinter = new Fingerprinter()) {
            return fingerprinter.compute(dir, BuildRecipes.layer(settings.lambdaLayer(), BuildRecipes.readBuildspec(dir))).hex();
        }
    }

    @Test
    void theLayerVersionComesFromTheBuiltArtifactKeyedByTheContentFingerprint() {
        StackSettings settings = TestStacks.dev();
        var builds = new RecordingBuilds(null);
        Plan plan = TestStacks.plan(settings, builds);
        String fingerprint = layerFingerprint(settings);

        PlannedResource layer = named(plan, "aws:lambda/layerVersion:LayerVersion", "lambda-layer");
        assertEquals(named(plan, "aws:s3/bucketV2:BucketV2", "build-artifacts").state().get("bucket"),
                layer.inputs().get("s3Bucket"));
        assertEquals("builds/lambda-layer/shared/" + fingerprint + "/layer.zip", layer.inputs().get("s3Key"));
        assertEquals(fingerprint, layer.inputs().get("sourceCodeHash"));
        assertEquals(List.of("python3.13"), layer.inputs().get("compatibleRuntimes"));
        assertEquals(List.of("x86_64"), layer.inputs().get("compatibleArchitectures"));
        assertEquals(true, layer.inputs().get("skipDestroy"), "an older layer version must outlive its replacement");
        assertEquals("portfolio-dev-shared", layer.inputs().get("layerName"));
        assertEquals(0, plan.ofType("aws:lambda/layerVersionPermission:LayerVersionPermission").count(),
                "private unless shared in config");
    }

    @Test
    void aRebuildOfUnchangedSourcesPublishesANewVersionBecauseItsBuildIdIsPartOfTheHash() {
        StackSettings settings = TestStacks.settings("dev", Map.of("lambda-layer:force-rebuild", "true"));
        var builds = new RecordingBuilds("portfolio-dev-lambda-layer:42");
        Plan plan = TestStacks.plan(settings, builds);
        assertTrue(builds.job(Component.LAMBDA_LAYER).force());
        assertFalse(builds.job(Component.ML_PACKAGES).force(), "only the layer is forced");
        assertEquals(layerFingerprint(settings) + "/portfolio-dev-lambda-layer:42",
                named(plan, "aws:lambda/layerVersion:LayerVersion", "lambda-layer").inputs().get("sourceCodeHash"));
    }

    @Test
    void jobsNameTheArtifactBucketTheProjectAndTheEfsContract() {
        var builds = new RecordingBuilds(null);
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("ml-training:force-rebuild", "true",
                "ml-training:versionsKept", "4")), builds);
        BuildJob ml = builds.job(Component.ML_PACKAGES);
        assertEquals(named(plan, "aws:s3/bucketV2:BucketV2", "build-artifacts").state().get("bucket"), ml.artifactBucket());
        assertEquals("portfolio-dev-ml-packages", ml.projectName());
        assertTrue(ml.force());
        assertEquals(List.of("trainkit"), ml.packages().stream().map(PackageSource::name).toList());
        assertEquals(Map.of("EFS_MOUNT", "/mnt/efs", "PACKAGE_UID", "1001", "PACKAGE_GID", "1001",
                "VERSIONS_KEPT", "4", "CUDA_VERSION", "12.4", "TORCH_VERSION", "2.5.1", "BUILD_TIMEOUT_MINUTES", "90",
                "GPU_BUILD", "false", "FILE_SYSTEM_ID", "efs-fs-id"), ml.extraEnv());
        assertEquals(90, ml.timeout().toMinutes());
        String fingerprint;
        try (var fingerprinter = new Fingerprinter()) {
            fingerprint = fingerprinter.compute(Path.of("ml-packages/trainkit"), ml.inputs()).hex();
        }
        assertEquals(Map.of("trainkit", fingerprint), plan.outputs().get("mlPackageVersions"));
    }

    @Test
    void theMlProjectBuildsInThePrivateSubnetsAndMountsTheFileSystemItself() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.prod());
        PlannedResource project = named(plan, PROJECT, "ml-packages");
        Set<String> privateSubnets = plan.ofType("aws:ec2/subnet:Subnet").filter(s -> "private".equals(s.tags().get("tier")))
                .map(PlannedResource::id).collect(Collectors.toSet());
        assertEquals(privateSubnets, Set.copyOf((List<?>) project.input("vpcConfig.subnets").orElseThrow()));
        assertEquals(List.of("network-build-sg-id"), project.input("vpcConfig.securityGroupIds").orElseThrow());
        // CodeBuild's own EFS mount is plain NFS, which the file-system policy refuses.
        assertFalse(project.inputs().containsKey("fileSystemLocations"), "CodeBuild must not mount the file system");
        assertEquals(List.of(Map.of("name", "FILE_SYSTEM_ID", "value", "efs-fs-id", "type", "PLAINTEXT"),
                        Map.of("name", "EFS_MOUNT", "value", "/mnt/efs", "type", "PLAINTEXT")),
                project.input("environment.environmentVariables").orElseThrow());
        // mount(2) inside the build container needs privileged mode; the exception says why.
        assertEquals(true, project.input("environment.privilegedMode").orElseThrow());
        assertEquals(PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS, project.tags().get("policy-exception:SEC-CB-02"));
        assertEquals("LINUX_CONTAINER", project.input("environment.type").orElseThrow());
        assertEquals("/aws/codebuild/portfolio-prod-ml-packages", project.input("logsConfig.cloudwatchLogs.groupName").orElseThrow());
        assertEquals(named(plan, "aws:kms/key:Key", "stack-key-key").arn(), project.inputs().get("encryptionKey"));
        assertEquals(BuildRecipes.readBuildspec(Path.of("ml-packages")), project.input("source.buildspec").orElseThrow());
        assertEquals(90.0, project.inputs().get("buildTimeout"));

        PlannedResource layerProject = named(plan, PROJECT, "lambda-layer");
        assertFalse(layerProject.inputs().containsKey("vpcConfig"), "the layer build needs no VPC");
        assertEquals("aws/codebuild/amazonlinux-x86_64-standard:5.0", layerProject.input("environment.image").orElseThrow());
    }

    @Test
    void onlyTheProjectThatMountsTheFileSystemIsPrivileged() {
        PlannedResource layerProject = named(TestStacks.plan(TestStacks.dev()), PROJECT, "lambda-layer");
        assertEquals(false, layerProject.input("environment.privilegedMode").orElseThrow());
        assertFalse(layerProject.tags().containsKey("policy-exception:SEC-CB-02"));
    }

    @Test
    void buildRolesReachOnlyTheirOwnPrefixTheStackKeyAndTheirSubnets() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.dev());
        String bucketArn = named(plan, "aws:s3/bucketV2:BucketV2", "build-artifacts").arn();
        String keyArn = named(plan, "aws:kms/key:Key", "stack-key-key").arn();
        for (String component : List.of("lambda-layer", "ml-packages")) {
            JsonNode statements = JSON.readTree((String) named(plan, "aws:iam/rolePolicy:RolePolicy", component + "-role")
                    .inputs().get("policy")).get("Statement");
            JsonNode objects = find(statements, "ReadSourcesWriteOutputsAndMarkers");
            assertEquals(bucketArn + "/builds/" + component + "/*", objects.get("Resource").asText());
            assertEquals(keyArn, find(statements, "UseStackKey").get("Resource").asText());
            for (JsonNode statement : statements) {
                assertFalse(statement.get("Action").toString().contains("s3:*"), statement.toString());
                assertFalse(statement.get("Action").toString().contains("kms:*"), statement.toString());
            }
        }
        JsonNode ml = JSON.readTree((String) named(plan, "aws:iam/rolePolicy:RolePolicy", "ml-packages-role")
                .inputs().get("policy")).get("Statement");
        JsonNode attach = find(ml, "AttachInterfacesInOurSubnetsOnly");
        assertEquals("codebuild.amazonaws.com", attach.get("Condition").get("StringEquals").get("ec2:AuthorizedService").asText());
        assertEquals(List.of("arn:aws:ec2:us-east-1:123456789012:subnet/network-private-0-id",
                        "arn:aws:ec2:us-east-1:123456789012:subnet/network-private-1-id"),
                JSON.convertValue(attach.get("Condition").get("StringEquals").get("ec2:Subnet"), List.class));
    }

    @Test
    void aPrivateEcrBuildImageIsPulledWithTheProjectsRoleFromThatRepositoryOnly() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("ml-training:buildImage",
                "210987654321.dkr.ecr.eu-west-1.amazonaws.com/ml/cuda:12.6-devel")), new OfflineBuildService());
        assertEquals("SERVICE_ROLE", named(plan, PROJECT, "ml-packages").input("environment.imagePullCredentialsType").orElseThrow());
        assertEquals("CODEBUILD", named(plan, PROJECT, "lambda-layer").input("environment.imagePullCredentialsType").orElseThrow());
        JsonNode statements = JSON.readTree((String) named(plan, "aws:iam/rolePolicy:RolePolicy", "ml-packages-role")
                .inputs().get("policy")).get("Statement");
        assertEquals("arn:aws:ecr:eu-west-1:210987654321:repository/ml/cuda", find(statements, "PullBuildImage").get("Resource").asText());
        assertEquals("*", find(statements, "LogInToRegistry").get("Resource").asText());
        assertEquals("ecr:GetAuthorizationToken", find(statements, "LogInToRegistry").get("Action").asText());
        assertFalse(PolicyEngine.standard().evaluate(plan).hasMandatory(), "still within the policy");
    }

    @Test
    void byDefaultTheMlProjectPullsTheDeepLearningContainerOfItsRegionWithItsRole() throws Exception {
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("aws:region", "eu-west-1")), new OfflineBuildService());
        PlannedResource project = named(plan, PROJECT, "ml-packages");
        assertEquals("763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2",
                project.input("environment.image").orElseThrow());
        assertEquals("SERVICE_ROLE", project.input("environment.imagePullCredentialsType").orElseThrow());
        assertFalse(project.inputs().toString().contains("registryCredential"), "ECR needs no registry credentials");
        JsonNode statements = JSON.readTree((String) named(plan, "aws:iam/rolePolicy:RolePolicy", "ml-packages-role")
                .inputs().get("policy")).get("Statement");
        JsonNode pull = find(statements, "PullBuildImage");
        assertEquals("arn:aws:ecr:eu-west-1:763104351884:repository/pytorch-training", pull.get("Resource").asText());
        assertEquals(Set.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"),
                Set.copyOf(JSON.convertValue(pull.get("Action"), List.class)));
        assertEquals("ecr:GetAuthorizationToken", find(statements, "LogInToRegistry").get("Action").asText());
        assertEquals("*", find(statements, "LogInToRegistry").get("Resource").asText());
        assertFalse(PolicyEngine.standard().evaluate(plan).hasMandatory(), "within the policy");
    }

    @Test
    void aDockerHubImageIsPulledAnonymouslyWithAWarning() {
        var warnings = new CapturedWarnings();
        Plan plan;
        try {
            plan = TestStacks.plan(TestStacks.settings("dev", Map.of("ml-training:buildImage",
                    "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel")), new OfflineBuildService());
        } finally {
            warnings.close();
        }
        PlannedResource project = named(plan, PROJECT, "ml-packages");
        assertEquals("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel", project.input("environment.image").orElseThrow());
        assertEquals("CODEBUILD", project.input("environment.imagePullCredentialsType").orElseThrow());
        assertFalse(((String) named(plan, "aws:iam/rolePolicy:RolePolicy", "ml-packages-role").inputs().get("policy"))
                .contains("ecr:"), "no ECR access for an image that is not in ECR");
        assertEquals(1, warnings.messages().stream().filter(m -> m.startsWith(
                "ml-training:buildImage \"pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel\" is pulled from Docker Hub anonymously")
                && m.contains("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training")).count(), warnings.messages().toString());
    }

    @Test
    void aDockerHubImageWithCredentialsIsPulledWithTheSecretAndNoWarning() throws Exception {
        String secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbC123";
        var warnings = new CapturedWarnings();
        Plan plan;
        try {
            plan = TestStacks.plan(TestStacks.settings("dev", Map.of("ml-training:buildImage",
                    "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel", "ml-training:buildImageCredentials", secret)),
                    new OfflineBuildService());
        } finally {
            warnings.close();
        }
        PlannedResource project = named(plan, PROJECT, "ml-packages");
        assertEquals("SERVICE_ROLE", project.input("environment.imagePullCredentialsType").orElseThrow());
        assertEquals(secret, project.input("environment.registryCredential.credential").orElseThrow());
        assertEquals("SECRETS_MANAGER", project.input("environment.registryCredential.credentialProvider").orElseThrow());
        JsonNode statements = JSON.readTree((String) named(plan, "aws:iam/rolePolicy:RolePolicy", "ml-packages-role")
                .inputs().get("policy")).get("Statement");
        JsonNode read = find(statements, "ReadBuildImageCredentials");
        assertEquals("secretsmanager:GetSecretValue", read.get("Action").asText());
        assertEquals(secret, read.get("Resource").asText());
        assertFalse(named(plan, PROJECT, "lambda-layer").inputs().toString().contains("registryCredential"));
        assertEquals(List.of(), warnings.messages().stream().filter(m -> m.contains("Docker Hub")).toList());
        assertFalse(PolicyEngine.standard().evaluate(plan).hasMandatory(), "within the policy");
    }

    /** The program's warnings, as the mock engine logs them, while it is open. */
    private static final class CapturedWarnings extends java.util.logging.Handler implements AutoCloseable {
        private final java.util.logging.Logger logger =
                java.util.logging.Logger.getLogger(com.pulumi.test.internal.PulumiTestInternal.class.getName());
        private final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

        CapturedWarnings() {
            logger.addHandler(this);
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                messages.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void aFailedBuildFailsTheUpdateNamingPackagePhaseReasonAndLog() {
        BuildService failing = job -> {
            throw new BuildFailuresException(List.of(new PackageBuildFailedException("trainkit", "FAILED", "BUILD",
                    "COMMAND_EXECUTION_ERROR: Error while executing command: python -m pytest. Reason: exit status 1",
                    "https://console.aws.amazon.com/cloudwatch/home#logEvent:group=/aws/codebuild/portfolio-dev-ml-packages",
                    "portfolio-dev-ml-packages:7")));
        };
        var error = assertThrows(OfflinePlanner.PlanFailedException.class,
                () -> TestStacks.plan(TestStacks.dev(), failing));
        String message = error.getMessage();
        assertTrue(message.contains("Build of package 'trainkit' ended FAILED in phase BUILD"), message);
        assertTrue(message.contains("exit status 1"), message);
        assertTrue(message.contains("group=/aws/codebuild/portfolio-dev-ml-packages"), message);
    }

    @Test
    void sharingTheLayerGrantsEachAccountOrOrganizationReadOfTheVersion() {
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of("lambda-layer:sharedWith",
                "[\"210987654321\",\"o-a1b2c3d4e5\"]")), new OfflineBuildService());
        PlannedResource account = named(plan, "aws:lambda/layerVersionPermission:LayerVersionPermission",
                "lambda-layer-share-210987654321");
        assertEquals("210987654321", account.inputs().get("principal"));
        assertEquals("lambda:GetLayerVersion", account.inputs().get("action"));
        assertFalse(account.inputs().containsKey("organizationId"));
        PlannedResource org = named(plan, "aws:lambda/layerVersionPermission:LayerVersionPermission",
                "lambda-layer-share-o-a1b2c3d4e5");
        assertEquals("*", org.inputs().get("principal"));
        assertEquals("o-a1b2c3d4e5", org.inputs().get("organizationId"));
        assertEquals(1.0, org.inputs().get("versionNumber"));
    }

    private static JsonNode find(JsonNode statements, String sid) {
        return StreamSupport.stream(statements.spliterator(), false)
                .filter(s -> sid.equals(s.get("Sid").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
    }
}
