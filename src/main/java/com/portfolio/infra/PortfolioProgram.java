package com.portfolio.infra;

import com.portfolio.infra.api.ApiGateway;
import com.portfolio.infra.api.ProjectContent;
import com.portfolio.infra.api.ProjectContentReader;
import com.portfolio.infra.api.RouteDiscovery;
import com.portfolio.infra.budget.StackBudget;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.config.MlPackageFolders;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.lambdas.LayerReference;
import com.portfolio.infra.lambdas.FolderFunction;
import com.portfolio.infra.lambdas.HandlerDiscovery;
import com.portfolio.infra.lambdas.ResourceCatalog;
import com.portfolio.infra.network.Networking;
import com.portfolio.infra.packaging.ArtifactBucket;
import com.portfolio.infra.packaging.LambdaLayer;
import com.portfolio.infra.packaging.MlPackages;
import com.portfolio.infra.plan.PreviewJsonReader;
import com.portfolio.infra.storage.AccessLogBucket;
import com.portfolio.infra.storage.DynamoDb;
import com.portfolio.infra.storage.EfsAccessPolicy;
import com.portfolio.infra.storage.EfsStorage;
import com.portfolio.infra.storage.RawBucket;
import com.portfolio.infra.storage.StackKey;
import com.portfolio.infra.training.EventHandler;
import com.portfolio.infra.training.InstanceRegistry;
import com.portfolio.infra.training.JobQueue;
import com.portfolio.infra.training.OpsAlerts;
import com.portfolio.infra.training.PlatformDashboard;
import com.portfolio.infra.training.SpotInterruption;
import com.portfolio.infra.training.TrainingFleet;
import com.portfolio.infra.training.TrainingWorkflow;
import com.portfolio.infra.web.S3Website;
import com.pulumi.Context;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.outputs.GetCallerIdentityResult;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
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

    /** Concurrent executions reserved for each training handler in production. */
    static final int HANDLER_RESERVED_CONCURRENCY = 5;

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
        // The training control plane; its handlers (functions/) get their own roles, granted what
        // their function.json declares on the resources below.
        var training = settings.training();
        var ops = new OpsAlerts("ops-alerts", new OpsAlerts.Args(context, key.keyArn, training), none);
        var jobs = new JobQueue("jobs", new JobQueue.Args(context, key.keyArn, training, ops), none);
        var workflow = new TrainingWorkflow("training", new TrainingWorkflow.Args(context, key.keyArn, training, jobs,
                tables.tableNames.get("training-jobs"), tables.tableArns.get("training-jobs")), none);
        var handlers = HandlerDiscovery.discover(environment.projectDir().resolve(HandlerDiscovery.ROOT));
        var layerReference = LayerReference.of(layer);
        // In production each handler keeps capacity of its own, so a busy API cannot starve spot
        // warnings (two minutes to act), and a burst of events cannot starve the API.
        Integer handlerConcurrency = settings.isProduction() ? HANDLER_RESERVED_CONCURRENCY : null;
        var registry = new InstanceRegistry("instances", new InstanceRegistry.Args(context, key.keyArn, training, ops,
                Optional.of((tableName, tableArn) -> eventHandler("fn-registry",
                        HandlerDiscovery.require(handlers, "registry"), new FolderFunction.Shared(context,
                                ResourceCatalog.builder().table("instances", tableName, tableArn).build(),
                                layerReference, key.keyArn, handlerConcurrency, null)))), none);
        var spotCatalog = ResourceCatalog.builder()
                .tables(tables.tableNames, tables.tableArns)
                .table("instances", registry.tableName, registry.tableArn)
                .queue("jobs", jobs.queueUrl, jobs.queueArn, key.keyArn)
                .topic("ops", ops.topicArn, key.keyArn)
                .build();
        var spot = new SpotInterruption("spot", new SpotInterruption.Args(context, key.keyArn, training, ops,
                Optional.of(eventHandler("fn-spot-interruption", HandlerDiscovery.require(handlers, "spot-interruption"),
                        new FolderFunction.Shared(context, spotCatalog, layerReference, key.keyArn, handlerConcurrency, null)))), none);
        var dashboard = new PlatformDashboard("training-dashboard", new PlatformDashboard.Args(context, training, jobs, spot,
                workflow, mlPackages, layer), none);
        // The spot GPU instances that run the jobs; the workflow and the queue's backlog size the group.
        var fleet = new TrainingFleet("fleet", new TrainingFleet.Args(context, settings.fleet(), training, key.keyArn,
                network, efs, jobs, registry, tables.tableNames.get("training-jobs"), tables.tableArns.get("training-jobs")), none);
        // Who may mount the file system: TLS only, the build's and the fleet's roles only. Created
        // after both; the ML builds mount only once it grants their role.
        var efsAccess = new EfsAccessPolicy("efs-access", new EfsAccessPolicy.Args(efs, mlPackages.buildRoleArn,
                fleet.roleArn), none);
        mlPackages.mountOnceGranted(efsAccess.policyId);

        var api = new ApiGateway("api", new ApiGateway.Args(context, settings.api(),
                RouteDiscovery.discover(environment.projectDir().resolve(RouteDiscovery.ROOT)),
                ResourceCatalog.builder().tables(tables.tableNames, tables.tableArns)
                        .stateMachine("training", workflow.stateMachineArn).build(),
                layerReference, key.keyArn, null), none);
        new ProjectContent("content", new ProjectContent.Args(ProjectContentReader.read(
                environment.projectDir().resolve(ProjectContentReader.FILE), ProjectContentReader.FILE),
                tables.tableNames.get("projects")), none);

        if (settings.cost().hasBudgetEmail()) {
            new StackBudget("budget", new StackBudget.Args(context, settings.cost()), none);
        }

        var website = new S3Website("website", new S3Website.Args(context, settings.website(), environment.projectDir(),
                environment.websiteBuild(), environment.deploying(), accessLogs,
                api.apiUrl, ctx.log()::warn), none);

        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", Output.all(network.privateSubnetIds));
        ctx.export("efsId", efs.fileSystemId);
        ctx.export("efsAccessPointIds", namedOutputs(efs.accessPointIds));
        ctx.export("tableNames", namedOutputs(tables.tableNames));
        ctx.export("rawBucketName", raw.bucketName);
        ctx.export("artifactBucketName", artifacts.bucketName);
        ctx.export("lambdaLayerArn", layer.layerVersionArn);
        ctx.export("mlPackageVersions", mlPackages.installedVersions);
        ctx.export("apiUrl", api.apiUrl);
        // The layer's unzipped size is known only once it is built; the offline plan never builds.
        var sizes = api.packageSizes(null);
        sizes.values().stream().filter(line -> line.contains("80%")).forEach(ctx.log()::warn);
        ctx.export("functionSizes", Output.of(sizes));
        ctx.export("jobQueueUrl", jobs.queueUrl);
        ctx.export("instancesTableName", registry.tableName);
        ctx.export("opsTopicArn", ops.topicArn);
        ctx.export("trainingStateMachineArn", workflow.stateMachineArn);
        ctx.export("dashboardUrl", dashboard.dashboardUrl);
        ctx.export("fleetGroupName", fleet.groupName);
        ctx.export("fleetRoleArn", fleet.roleArn);
        ctx.export("websiteUrl", website.url);
        ctx.export("websiteDistributionId", website.distributionId);
        ctx.export("websiteBucketName", website.bucketName);
        // So a preview read back by `check` knows whether the production-only rules are mandatory.
        ctx.export(PreviewJsonReader.ENVIRONMENT_OUTPUT, Output.of(settings.environment().word()));
    }

    /** An event handler of functions/: a function from its folder, with exactly its declared access. */
    private static EventHandler eventHandler(String name, HandlerDiscovery.Handler handler, FolderFunction.Shared shared) {
        var function = new FolderFunction(name, new FolderFunction.Args(shared, handler.folder(), handler.shown(),
                handler.definition(), "Training control plane: " + handler.name() + " events", null, null),
                ComponentResourceOptions.Empty);
        return new EventHandler(function.functionArn, function.functionName, function.roleName);
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
