package com.portfolio.infra;

import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.config.MlPackageFolders;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.network.Networking;
import com.portfolio.infra.packaging.ArtifactBucket;
import com.portfolio.infra.packaging.LambdaLayer;
import com.portfolio.infra.packaging.MlPackages;
import com.portfolio.infra.plan.PreviewJsonReader;
import com.portfolio.infra.storage.AccessLogBucket;
import com.portfolio.infra.storage.DynamoDb;
import com.portfolio.infra.storage.EfsStorage;
import com.portfolio.infra.storage.RawBucket;
import com.portfolio.infra.storage.StackKey;
import com.portfolio.infra.web.S3Website;
import com.pulumi.Context;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.outputs.GetCallerIdentityResult;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole stack: builds the components in dependency order from the validated settings and
 * exports the stack outputs. The same code runs under the Pulumi engine and the offline plan.
 */
public final class PortfolioProgram {

    /** The website build that is uploaded, relative to the project. */
    public static final String WEBSITE_BUILD = "website/dist";
    public static final String WEBSITE_BUILD_VARIABLE = "PORTFOLIO_WEBSITE_BUILD";

    private PortfolioProgram() {
    }

    /**
     * What the program needs besides its settings.
     *
     * @param projectDir the project folder, where {@code lambda-layer/} and {@code ml-packages/} are
     * @param builds     runs the builds (engine) or only fingerprints them (offline plan)
     * @param deploying    true only under {@code pulumi up}: what cannot be deployed (a missing
     *                     website build) stops the update instead of being warned about
     * @param websiteBuild the website build to upload; @default {@value #WEBSITE_BUILD} of the project
     */
    public record Environment(Path projectDir, BuildService builds, boolean deploying, Path websiteBuild) {
        /** A preview or offline plan of the project's own website build. */
        public Environment(Path projectDir, BuildService builds) {
            this(projectDir, builds, false, projectDir.resolve(WEBSITE_BUILD));
        }
    }

    /**
     * The website build to upload: {@value #WEBSITE_BUILD_VARIABLE} when set (a build made
     * elsewhere, e.g. by an earlier CI job; relative to the project), else {@value #WEBSITE_BUILD}.
     */
    public static Path websiteBuild(Path projectDir, Map<String, String> environmentVariables) {
        String chosen = environmentVariables.get(WEBSITE_BUILD_VARIABLE);
        return chosen == null || chosen.isBlank() ? projectDir.resolve(WEBSITE_BUILD) : projectDir.resolve(chosen);
    }

    public static void define(Context ctx, StackSettings settings, Environment environment) {
        var account = AwsFunctions.getCallerIdentity().applyValue(GetCallerIdentityResult::accountId);
        var context = new StackContext(settings, account);
        var none = ComponentResourceOptions.Empty;
        settings.mlTraining().buildImageWarning(settings.region()).ifPresent(ctx.log()::warn);

        var key = new StackKey("stack-key", new StackKey.Args(context), none);
        var network = new Networking("network", new Networking.Args(context, settings.network(), key.keyArn), none);
        var efs = new EfsStorage("efs", new EfsStorage.Args(context, key.keyArn, network.vpcId,
                network.privateSubnetIds, Map.of(
                        MlPackages.EFS_CLIENT, network.buildSecurityGroupId,
                        "fleet", network.fleetSecurityGroupId)), none);
        var tables = new DynamoDb("tables", new DynamoDb.Args(context, key.keyArn), none);
        var accessLogs = new AccessLogBucket("access-logs", new AccessLogBucket.Args(context), none);
        var raw = new RawBucket("raw-data", new RawBucket.Args(context, key.keyArn, accessLogs), none);

        var artifacts = new ArtifactBucket("build-artifacts", new ArtifactBucket.Args(context, key.keyArn, accessLogs), none);
        var layer = new LambdaLayer("lambda-layer", new LambdaLayer.Args(context, settings.lambdaLayer(),
                environment.projectDir().resolve(LambdaLayer.SOURCE_FOLDER), artifacts, key.keyArn, environment.builds()), none);
        var mlPackages = new MlPackages("ml-packages", new MlPackages.Args(context, settings.mlTraining(),
                environment.projectDir().resolve(MlPackageFolders.ROOT), artifacts, key.keyArn, network, efs,
                environment.builds()), none);

        var website = new S3Website("website", new S3Website.Args(context, settings.website(), environment.projectDir(),
                environment.websiteBuild(), environment.deploying(), accessLogs,
                null /* the API's endpoint, once the stack has an API */, ctx.log()::warn), none);

        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", Output.all(network.privateSubnetIds));
        ctx.export("efsId", efs.fileSystemId);
        ctx.export("efsAccessPointIds", namedOutputs(efs.accessPointIds));
        ctx.export("tableNames", namedOutputs(tables.tableNames));
        ctx.export("rawBucketName", raw.bucketName);
        ctx.export("artifactBucketName", artifacts.bucketName);
        ctx.export("lambdaLayerArn", layer.layerVersionArn);
        ctx.export("mlPackageVersions", mlPackages.installedVersions);
        ctx.export("websiteUrl", website.url);
        ctx.export("websiteDistributionId", website.distributionId);
        ctx.export("websiteBucketName", website.bucketName);
        // So a preview read back by `check` knows whether the production-only rules are mandatory.
        ctx.export(PreviewJsonReader.ENVIRONMENT_OUTPUT, Output.of(settings.environment().word()));
    }

    /** A map of outputs as one output of a map, keeping the keys. */
    private static Output<Map<String, String>> namedOutputs(Map<String, Output<String>> outputs) {
        var keys = outputs.keySet().stream().sorted().toList();
        return Output.all(keys.stream().map(outputs::get).toList()).applyValue(values -> {
            var result = new TreeMap<String, String>();
            for (int i = 0; i < keys.size(); i++) {
                result.put(keys.get(i), values.get(i));
            }
            return Collections.unmodifiableMap(result);
        });
    }
}
