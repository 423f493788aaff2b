package com.portfolio.infra.enginepath;

import static com.portfolio.infra.enginepath.ProgramLaunch.PROJECT;
import static com.portfolio.infra.enginepath.ProgramLaunch.PROJECT_DIR;
import static com.portfolio.infra.enginepath.ProgramLaunch.STACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.portfolio.infra.PortfolioProgram;
import com.portfolio.infra.buildengine.BuildKey;
import com.portfolio.infra.buildengine.BuildMarker;
import com.portfolio.infra.buildengine.Component;
import com.portfolio.infra.buildengine.FingerprintCommand;
import com.portfolio.infra.buildengine.InstalledRecord;
import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.buildengine.StackRecipes;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.enginepath.ProgramLaunch.Run;
import com.portfolio.infra.packaging.LambdaLayer;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.MotoServer;
import com.portfolio.infra.testsupport.MotoTimestampFix;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The program as {@code pulumi up} runs it (PULUMI_DRY_RUN=false), end to end: its own JVM, the
 * {@link FakeEngine} for registrations, and its builds' S3 and CodeBuild clients pointed at
 * moto_server through the endpoint variables the AWS SDK reads (no code of ours chooses the
 * endpoint). The fake engine answers the artifact bucket's name and the file system's id; the
 * test stores, under that bucket, the build records a previous update would have left for the
 * fingerprints the offline plan reports.
 */
// An update plans and registers the website and its uploads too: 111 s were measured at a load of 30 on 2 cores.
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EngineUpdateTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    /** The file system id the fake engine answers: of AWS's form, as the installed record's schema wants. */
    private static final String FILE_SYSTEM_ID = "fs-0a1b2c3d4e5f60718";
    private static final String EFS_TYPE = "aws:efs/fileSystem:FileSystem";
    private static final String LAYER_VERSION_TYPE = "aws:lambda/layerVersion:LayerVersion";
    private static final String ML_PACKAGE = "trainkit";
    private static final String FINISHED_AT = "2026-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> devConfig;
    private static Region region;
    private static Set<String> offlinePlan;
    private static String bucket;
    private static String websiteBucket;
    private static Path websiteBuild;
    private static String layerProject;
    private static BuildKey layerKey;
    private static BuildKey mlKey;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void planOfflineAndFingerprint() {
        RawConfig raw = RawConfig.fromStackFile(PROJECT_DIR.resolve("Pulumi.dev.yaml"));
        devConfig = new TreeMap<>();
        raw.keys().forEach(key -> devConfig.put(key, raw.get(key).orElseThrow().text()));
        StackSettings settings = StackSettingsParser.parse(PROJECT, STACK, raw, PROJECT_DIR);
        region = Region.of(settings.region());
        websiteBuild = writeWebsiteBuild(scratch.resolve("website-build"));
        Plan plan = OfflinePlanner.run(PROJECT, STACK, settings.environment(), settings.region(), ctx -> PortfolioProgram.define(ctx, settings,
                new PortfolioProgram.Environment(PROJECT_DIR, new OfflineBuildService(), false, websiteBuild)));
        offlinePlan = plan.resources().stream().map(r -> r.type() + "::" + r.name())
                .collect(Collectors.toCollection(TreeSet::new));
        // The engine answers with the same mocks, so the names the plan shows are the ones the update uses.
        bucket = String.valueOf(plan.outputs().get("artifactBucketName"));
        websiteBucket = String.valueOf(plan.outputs().get("websiteBucketName"));
        layerProject = plan.resources().stream()
                .filter(r -> r.type().equals("aws:codebuild/project:Project"))
                .filter(r -> String.valueOf(r.input("source.location").orElse("")).contains("/builds/"
                        + Component.LAMBDA_LAYER.id() + "/"))
                .map(r -> String.valueOf(r.input("name").orElseThrow()))
                .findFirst().orElseThrow(() -> new AssertionError("the offline plan has no CodeBuild project for the layer"));

        layerKey = new BuildKey(Component.LAMBDA_LAYER, LambdaLayer.PACKAGE,
                fingerprint(settings, Path.of(LambdaLayer.SOURCE_FOLDER)));
        mlKey = new BuildKey(Component.ML_PACKAGES, ML_PACKAGE, fingerprint(settings, Path.of("ml-packages", ML_PACKAGE)));
        // What `fingerprint <dir> --stack dev` prints is what the plan deploys.
        assertEquals(Map.of(ML_PACKAGE, mlKey.fingerprint()), plan.outputs().get("mlPackageVersions"));
        PlannedResource layerVersion = plan.resources().stream().filter(r -> r.type().equals(LAYER_VERSION_TYPE))
                .findFirst().orElseThrow();
        assertEquals(layerKey.outputKey(LambdaLayer.OUTPUT_FILE), layerVersion.input("s3Key").orElseThrow());
    }

    /**
     * A website build newer than the project's sources (the update refuses a stale one), for the
     * update to upload through {@value PortfolioProgram#WEBSITE_BUILD_VARIABLE}.
     */
    private static Path writeWebsiteBuild(Path dist) {
        try {
            Files.createDirectories(dist.resolve("assets"));
            Files.writeString(dist.resolve("assets/index-B1x2y3z4.js"), "console.log('site');\n");
            Files.writeString(dist.resolve("index.html"), "<!doctype html><script type=\"module\" src=\"/assets/index-B1x2y3z4.js\"></script>\n");
            return dist;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What {@code fingerprint <dir> --stack dev} prints on its first line. */
    private static String fingerprint(StackSettings settings, Path packageDir) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = FingerprintCommand.run(new String[] {packageDir.toString(), "--stack", STACK},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                (dir, stack) -> StackRecipes.of(PROJECT_DIR, settings, dir));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    @BeforeEach
    void emptyAccountWithTheArtifactBucket() throws Exception {
        MOTO.reset();
        try (S3Client s3 = MOTO.s3(region)) {
            s3.createBucket(b -> b.bucket(bucket)); // us-east-1 takes no location constraint
            // An update ends by retiring the site's dropped assets (none here): the bucket must exist.
            s3.createBucket(b -> b.bucket(websiteBucket));
        }
    }

    @Test
    void anUpdateWithEveryPackageBuiltRegistersThePlanAndBuildsNothing() throws Exception {
        String layerBuild = layerProject + ":0d9e6a52-built-before";
        String mlBuild = "ml-packages:4f1c-built-before";
        try (S3Client s3 = MOTO.s3(region)) {
            storeBuiltLayer(s3, layerBuild);
            storeInstalledMlPackage(s3, mlBuild);
        }

        Run run = update();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(offlinePlan, run.registered());
        assertTrue(run.logged("[" + LambdaLayer.PACKAGE + "] fingerprint " + layerKey.fingerprint() + " up to date (marker s3://"
                + bucket + "/" + layerKey.markerKey() + ")"), run.describe());
        assertTrue(run.logged("[" + ML_PACKAGE + "] fingerprint " + mlKey.fingerprint() + " up to date (marker s3://"
                + bucket + "/" + mlKey.markerKey() + "; current points at " + mlKey.fingerprint() + "-1 on "
                + FILE_SYSTEM_ID + ")"), run.describe());
        assertFalse(run.logged("started build"), run.describe());

        Map<String, Object> layer = inputs(run.only(LAYER_VERSION_TYPE));
        assertEquals(bucket, layer.get("s3Bucket"));
        assertEquals(layerKey.outputKey(LambdaLayer.OUTPUT_FILE), layer.get("s3Key"));
        assertEquals(layerKey.fingerprint() + "/" + layerBuild, layer.get("sourceCodeHash"));
        assertEquals(Map.of(ML_PACKAGE, mlKey.fingerprint()), run.engine().stackOutputs().get("mlPackageVersions"));

        try (CodeBuildClient codeBuild = MOTO.codeBuild(region); S3Client s3 = MOTO.s3(region)) {
            assertEquals(List.of(), codeBuild.listBuilds().ids());
            assertEquals(Set.of(layerKey.markerKey(), layerKey.outputKey(LambdaLayer.OUTPUT_FILE), mlKey.markerKey(),
                    BuildKey.installedRecordKey(Component.ML_PACKAGES, ML_PACKAGE)), objectKeys(s3));
        }
    }

    @Test
    void aBuildThatSucceedsWithoutWritingItsMarkerIsReportedAsSuch() throws Exception {
        try (S3Client s3 = MOTO.s3(region); CodeBuildClient codeBuild = MOTO.codeBuild(region)) {
            storeInstalledMlPackage(s3, "ml-packages:4f1c-built-before");
            // The layer's project, as the update would have created it: moto's StartBuild needs a
            // source location; it then reports SUCCEEDED at once and runs nothing.
            codeBuild.createProject(b -> b.name(layerProject)
                    .source(s -> s.type(SourceType.S3).location(bucket + "/builds/lambda-layer/source.zip"))
                    .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
                    .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER)
                            .image("aws/codebuild/amazonlinux-x86_64-standard:5.0")
                            .computeType(ComputeType.BUILD_GENERAL1_SMALL))
                    .serviceRole("arn:aws:iam::123456789012:role/" + layerProject));
        }

        Run run = update();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(offlinePlan, run.registered());
        String layerLog = "[" + LambdaLayer.PACKAGE + "] ";
        assertTrue(run.logged(layerLog + "will build: fingerprint " + layerKey.fingerprint()
                + ", new package (no earlier build in the cache)"), run.describe());
        String buildId;
        try (CodeBuildClient codeBuild = MOTO.codeBuild(region); S3Client s3 = MOTO.s3(region)) {
            List<String> builds = codeBuild.listBuildsForProject(b -> b.projectName(layerProject)).ids();
            assertEquals(1, builds.size(), builds.toString());
            buildId = builds.get(0);
            assertTrue(objectKeys(s3).contains(layerKey.sourceZipKey()), objectKeys(s3).toString());
        }
        assertTrue(run.logged(layerLog + "started build " + buildId + " for fingerprint " + layerKey.fingerprint()),
                run.describe());
        assertTrue(run.engine().logs().contains("WARNING: " + layerLog + "build " + buildId
                + " succeeded but wrote no marker at s3://" + bucket + "/" + layerKey.markerKey()
                + "; the next update will build it again. Check the buildspec's last step."), run.describe());
        assertTrue(run.logged("[" + ML_PACKAGE + "] fingerprint " + mlKey.fingerprint() + " up to date"), run.describe());
        Map<String, Object> layer = inputs(run.only(LAYER_VERSION_TYPE));
        assertEquals(layerKey.outputKey(LambdaLayer.OUTPUT_FILE), layer.get("s3Key"));
        assertEquals(layerKey.fingerprint() + "/" + buildId, layer.get("sourceCodeHash"));
    }

    private static Run update() throws Exception {
        Path interceptors = MotoTimestampFix.classPathEntry(scratch.resolve("moto-codebuild-fix"));
        var environment = new java.util.HashMap<>(MOTO.clientEnvironment());
        environment.put(PortfolioProgram.WEBSITE_BUILD_VARIABLE, websiteBuild.toString());
        var spec = ProgramLaunch.Spec.of("com.portfolio.infra.Main", false, devConfig)
                .withEnvironment(environment)
                .withClassPath(List.of(interceptors));
        return ProgramLaunch.run(spec, new FakeEngine(PROJECT, STACK, region.id(), Map.of(EFS_TYPE, FILE_SYSTEM_ID)),
                scratch);
    }

    /** The layer as its buildspec leaves it: the zip, then the marker naming it. */
    private static void storeBuiltLayer(S3Client s3, String buildId) throws Exception {
        String zipKey = layerKey.outputKey(LambdaLayer.OUTPUT_FILE);
        s3.putObject(b -> b.bucket(bucket).key(zipKey), RequestBody.fromString("layer zip of " + layerKey.fingerprint()));
        put(s3, layerKey.markerKey(), "build-marker", new BuildMarker(LambdaLayer.PACKAGE, layerKey.fingerprint(), buildId,
                FINISHED_AT, Map.of("layer", zipKey)).toJson());
    }

    /** An ML package built and installed as current on the stack's file system. */
    private static void storeInstalledMlPackage(S3Client s3, String buildId) throws Exception {
        String versionDir = mlKey.fingerprint() + "-1";
        put(s3, mlKey.markerKey(), "build-marker", new BuildMarker(ML_PACKAGE, mlKey.fingerprint(), buildId, FINISHED_AT,
                Map.of("efsPath", "/packages/" + ML_PACKAGE + "/" + versionDir,
                        "current", "/packages/" + ML_PACKAGE + "/current")).toJson());
        put(s3, BuildKey.installedRecordKey(Component.ML_PACKAGES, ML_PACKAGE), "installed-record",
                new InstalledRecord(ML_PACKAGE, FILE_SYSTEM_ID, mlKey.fingerprint(), versionDir, buildId, FINISHED_AT)
                        .toJson());
    }

    /** Stores a build record, after checking it against the schema every writer of it follows. */
    private static void put(S3Client s3, String key, String schema, String json) throws Exception {
        try (InputStream in = BuildMarker.class.getResourceAsStream(schema + ".schema.json")) {
            var problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in)
                    .validate(JSON.readTree(json));
            assertEquals(Set.of(), problems, key + ": " + json);
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(json));
    }

    private static Set<String> objectKeys(S3Client s3) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inputs(FakeEngine.Registration registration) {
        return (Map<String, Object>) FakeEngine.plain(com.google.protobuf.Value.newBuilder()
                .setStructValue(registration.inputs()).build());
    }
}
