package com.portfolio.infra.packaging;

import com.portfolio.infra.buildengine.BuildJob;
import com.portfolio.infra.buildengine.BuildRecipes;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.buildengine.BuiltPackage;
import com.portfolio.infra.buildengine.Component;
import com.portfolio.infra.buildengine.PackageSource;
import com.portfolio.infra.config.LambdaLayerSettings;
import com.portfolio.infra.config.StackContext;
import com.pulumi.aws.lambda.LayerVersion;
import com.pulumi.aws.lambda.LayerVersionArgs;
import com.pulumi.aws.lambda.LayerVersionPermission;
import com.pulumi.aws.lambda.LayerVersionPermissionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shared Python layer of the API's route handlers, built by CodeBuild from
 * {@code lambda-layer/} only when its content changed. The {@code LayerVersion} takes its S3 key
 * and hash from the build, so a new version exists exactly when the content (or a forced
 * rebuild) produced a new artifact, and Pulumi updates every function using it in the same update.
 */
public final class LambdaLayer extends ComponentResource {

    public static final String TYPE = "portfolio:build:LambdaLayer";
    /** The layer's source folder in the project. */
    public static final String SOURCE_FOLDER = Component.LAMBDA_LAYER.sourceFolder();
    /** The layer's package name in the build cache. */
    public static final String PACKAGE = "shared";
    public static final String OUTPUT_FILE = "layer.zip";

    /**
     * @param context   where the stack is deployed
     * @param settings  the {@code lambda-layer:} settings
     * @param sourceDir the layer's folder ({@code lambda-layer/})
     * @param artifacts the build cache
     * @param keyArn    the stack key
     * @param builds    runs (or in a plan, only fingerprints) the build
     */
    public record Args(StackContext context, LambdaLayerSettings settings, Path sourceDir, ArtifactBucket artifacts,
                       Output<String> keyArn, BuildService builds) {
    }

    /** The published layer version's ARN, for the functions' {@code layers}. */
    public final Output<String> layerVersionArn;
    /** The content fingerprint the deployed version was built from. */
    public final Output<String> fingerprint;
    /** The Lambda runtime the layer is built for; functions using it must run it. */
    public final String runtime = BuildRecipes.LAYER_RUNTIME;
    /** The build image's architecture, which the layer's native wheels have; functions must share it. */
    public final String architecture;
    /** The CodeBuild project that builds the layer (its metrics are by project name). */
    public final Output<String> buildProjectName;

    public LambdaLayer(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var settings = args.settings();
        String buildspec = BuildRecipes.readBuildspec(args.sourceDir());
        var buildArchitecture = LayerArchitecture.ofBuildImage(settings.buildImage());
        this.architecture = buildArchitecture.lambda();
        var project = new CodeBuildProject(this, name, new CodeBuildProject.Spec(Component.LAMBDA_LAYER,
                "the shared Lambda layer", buildspec, settings.buildImage(), BuildRecipes.LAYER_COMPUTE_TYPE,
                buildArchitecture.environmentType(), settings.buildTimeoutMinutes(), null), context, args.artifacts(), args.keyArn());

        Output<BuiltPackage> built = Output.tuple(args.artifacts().bucketName, project.project.name(), project.rolePolicyId)
                .apply(t -> BuildExecution.run(args.builds(), new BuildJob(Component.LAMBDA_LAYER,
                        List.of(new PackageSource(Component.LAMBDA_LAYER, PACKAGE, args.sourceDir())),
                        BuildRecipes.layer(settings, buildspec), settings.forceRebuild(), t.t1, t.t2,
                        Duration.ofMinutes(settings.buildTimeoutMinutes()), Map.of())))
                .applyValue(packages -> packages.get(0));

        var layer = new LayerVersion(name, LayerVersionArgs.builder()
                .layerName(context.physicalName("shared"))
                .description("Shared code of the API's route handlers (responses, validation, data access)")
                .s3Bucket(args.artifacts().bucketName)
                .s3Key(built.applyValue(p -> p.outputKey(OUTPUT_FILE)))
                // Any string that changes with the artifact triggers a new version.
                .sourceCodeHash(built.applyValue(BuiltPackage::artifactVersion))
                .compatibleRuntimes(BuildRecipes.LAYER_RUNTIME)
                .compatibleArchitectures(architecture)
                // A new version never deletes the previous one: a rollback, or another account
                // sharing the layer, keeps working with the version it uses.
                .skipDestroy(true)
                .build(), CustomResourceOptions.builder().parent(this).build());

        for (String grantee : settings.sharedWith()) {
            boolean organization = grantee.startsWith("o-");
            var permission = LayerVersionPermissionArgs.builder()
                    .layerName(layer.layerArn())
                    .versionNumber(layer.version().applyValue(Integer::parseInt))
                    .statementId("share-with-" + grantee)
                    .action("lambda:GetLayerVersion")
                    .principal(organization ? "*" : grantee);
            if (organization) {
                permission.organizationId(grantee);
            }
            new LayerVersionPermission(name + "-share-" + grantee, permission.build(),
                    CustomResourceOptions.builder().parent(this).build());
        }

        this.layerVersionArn = layer.arn();
        this.fingerprint = built.applyValue(BuiltPackage::fingerprint);
        this.buildProjectName = project.project.name();
        registerOutputs(Map.of("layerVersionArn", layerVersionArn, "fingerprint", fingerprint));
    }
}
