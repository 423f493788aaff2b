package com.portfolio.infra.packaging;

import com.portfolio.infra.buildengine.BuildCoordinator;
import com.portfolio.infra.buildengine.BuildJob;
import com.portfolio.infra.buildengine.BuildRecipes;
import com.portfolio.infra.buildengine.BuildService;
import com.portfolio.infra.buildengine.BuiltPackage;
import com.portfolio.infra.buildengine.Component;
import com.portfolio.infra.buildengine.PackageSource;
import com.portfolio.infra.config.MlTrainingSettings;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.network.Networking;
import com.portfolio.infra.storage.EfsStorage;
import com.portfolio.infra.support.PolicyExceptions;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The CUDA ML packages, each built by CodeBuild onto EFS only when its content changed. The
 * project runs in the private subnets; each build mounts the file system's root itself, with TLS
 * and the project's role (see {@link CodeBuildProject.VpcPlacement} for why not CodeBuild's own
 * mount), which needs privileged mode. The buildspec installs each build into {@code /packages/<pkg>/<fingerprint>-<build>/},
 * switches {@code /packages/<pkg>/current} atomically and keeps the last versions; an update whose
 * fingerprint is built but not current promotes it again. Instances read only {@code current},
 * through the {@code /packages} access point.
 */
public final class MlPackages extends ComponentResource {

    public static final String TYPE = "portfolio:build:MlPackages";
    /** Where builds see the file system's root. */
    public static final String MOUNT_POINT = "/mnt/efs";
    /** The key under which the build security group is admitted to the file system. */
    public static final String EFS_CLIENT = "build";

    /**
     * @param context     where the stack is deployed
     * @param settings    the {@code ml-training:} settings
     * @param packagesDir the {@code ml-packages/} folder
     * @param artifacts   the build cache
     * @param keyArn      the stack key
     * @param network     the VPC the builds run in
     * @param efs         the file system the packages are installed onto
     * @param builds      runs (or in a plan, only fingerprints) the builds
     */
    public record Args(StackContext context, MlTrainingSettings settings, Path packagesDir, ArtifactBucket artifacts,
                       Output<String> keyArn, Networking network, EfsStorage efs, BuildService builds) {
    }

    /** The role the builds act as: the file-system policy must grant it root access before a build mounts. */
    public final Output<String> buildRoleArn;

    /** The file-system policy's grant to {@link #buildRoleArn}, once {@link #mountOnceGranted} is given it. */
    private final CompletableFuture<Output<?>> fileSystemGrant = new CompletableFuture<>();

    /**
     * Each package's fingerprint, by package: what {@code /packages/<pkg>/current} points at after
     * the update (its directory is {@code /packages/<pkg>/<fingerprint>-<build>}).
     */
    public final Output<Map<String, String>> installedVersions;
    /** The CodeBuild project that builds the packages (its metrics are by project name). */
    public final Output<String> buildProjectName;

    public MlPackages(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var settings = args.settings();
        String buildspec = BuildRecipes.readBuildspec(args.packagesDir());
        var network = args.network();
        var placement = new CodeBuildProject.VpcPlacement(network.vpcId, network.privateSubnetIds,
                network.buildSecurityGroupId, args.efs().fileSystemId, MOUNT_POINT);
        var project = new CodeBuildProject(this, name, new CodeBuildProject.Spec(Component.ML_PACKAGES,
                "the CUDA ML packages", buildspec, settings.buildImage(), settings.computeType(),
                settings.gpuBuild() ? "LINUX_GPU_CONTAINER" : "LINUX_CONTAINER", settings.buildTimeoutMinutes(),
                placement, settings.buildImageCredentials(), PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS),
                context, args.artifacts(), args.keyArn());
        this.buildRoleArn = project.roleArn;

        List<PackageSource> sources = settings.packages().stream()
                .map(pkg -> new PackageSource(Component.ML_PACKAGES, pkg, args.packagesDir().resolve(pkg)))
                .toList();
        Map<String, String> buildEnv = Map.of(
                "EFS_MOUNT", MOUNT_POINT,
                "PACKAGE_UID", String.valueOf(EfsStorage.TRAINING_UID),
                "PACKAGE_GID", String.valueOf(EfsStorage.TRAINING_GID),
                "VERSIONS_KEPT", String.valueOf(settings.versionsKept()),
                "BUILD_TIMEOUT_MINUTES", String.valueOf(settings.buildTimeoutMinutes()),
                "GPU_BUILD", String.valueOf(settings.gpuBuild()),
                "CUDA_VERSION", settings.cudaVersion(),
                "TORCH_VERSION", settings.torchVersion());
        // A first update creates the network and the file system with the project: a build started
        // before its egress path, its security group rules, the mount targets and the file-system
        // policy's grant to its role exist fails. A preview builds nothing, so it reports without
        // waiting for resources it would only add.
        Output<Object> granted = Output.of(fileSystemGrant).apply(grant -> grant.applyValue(ready -> (Object) ready));
        Output<?> readyToBuild = args.builds().readsOnly() ? Output.of(true)
                : Output.tuple(network.buildEgressReady, args.efs().readyToMountFrom(EFS_CLIENT), granted);
        Output<List<BuiltPackage>> built = Output.tuple(args.artifacts().bucketName, project.project.name(),
                        project.rolePolicyId, readyToBuild, args.efs().fileSystemId)
                .apply(t -> BuildExecution.run(args.builds(), new BuildJob(Component.ML_PACKAGES, sources,
                        BuildRecipes.mlPackages(settings, buildspec), settings.forceRebuild(), t.t1, t.t2,
                        Duration.ofMinutes(settings.buildTimeoutMinutes()),
                        withFileSystem(buildEnv, t.t5))));
        this.installedVersions = built.applyValue(packages -> {
            var versions = new TreeMap<String, String>();
            packages.forEach(p -> versions.put(p.name(), p.fingerprint()));
            return Collections.unmodifiableMap(versions);
        });
        this.buildProjectName = project.project.name();
        registerOutputs(Map.of("installedVersions", installedVersions));
    }

    /**
     * The builds mount the file system acting as {@link #buildRoleArn}, so they start only once
     * the file-system policy grants that role (on a first update, once it exists). That policy
     * also names the roles of components created after this one, so it is passed here rather
     * than in {@link Args}; an update's builds wait until it is. Call once.
     *
     * @param grantReady resolves once the policy granting {@link #buildRoleArn} is in force
     */
    public void mountOnceGranted(Output<?> grantReady) {
        if (!fileSystemGrant.complete(grantReady)) {
            throw new IllegalStateException("the ML packages were already given the file-system policy's grant; expected it once");
        }
    }

    /** The builds' environment plus the file system they install onto (named in the installed record). */
    private static Map<String, String> withFileSystem(Map<String, String> buildEnv, String fileSystemId) {
        var env = new TreeMap<>(buildEnv);
        env.put(BuildCoordinator.FILE_SYSTEM_ID_ENV, fileSystemId);
        return env;
    }
}
