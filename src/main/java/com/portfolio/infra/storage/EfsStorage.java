package com.portfolio.infra.storage;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.efs.AccessPoint;
import com.pulumi.aws.efs.AccessPointArgs;
import com.pulumi.aws.efs.BackupPolicy;
import com.pulumi.aws.efs.BackupPolicyArgs;
import com.pulumi.aws.efs.FileSystem;
import com.pulumi.aws.efs.FileSystemArgs;
import com.pulumi.aws.efs.MountTarget;
import com.pulumi.aws.efs.MountTargetArgs;
import com.pulumi.aws.efs.inputs.AccessPointPosixUserArgs;
import com.pulumi.aws.efs.inputs.AccessPointRootDirectoryArgs;
import com.pulumi.aws.efs.inputs.AccessPointRootDirectoryCreationInfoArgs;
import com.pulumi.aws.efs.inputs.BackupPolicyBackupPolicyArgs;
import com.pulumi.aws.efs.inputs.FileSystemLifecyclePolicyArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared file system of the training platform: encrypted with the stack key, elastic
 * throughput, a mount target in every private subnet, and one access point per use, each
 * presenting a fixed POSIX user so instances never act as root on the file system.
 */
public final class EfsStorage extends ComponentResource {

    public static final String TYPE = "portfolio:storage:EfsStorage";
    private static final String COMPONENT = "efs-storage";

    /** The POSIX user and group that training instances and builds present to the file system. */
    public static final int TRAINING_UID = 1001;
    public static final int TRAINING_GID = 1001;

    /**
     * An access point: a directory of the file system and the permissions it is created with.
     *
     * @param instancesWrite whether training instances may write through it (the file-system
     *                       policy grants them {@code ClientWrite} only through these)
     */
    public record AccessPointSpec(String key, String path, String permissions, boolean instancesWrite) {
    }

    /** The access points, by the key under which their ids are exported. */
    public static final List<AccessPointSpec> ACCESS_POINTS = List.of(
            new AccessPointSpec("trainingData", "/training-data", "0750", true),
            new AccessPointSpec("checkpoints", "/checkpoints", "0750", true),
            // Readable by every process on an instance: packages are code, not data. Only the
            // package build, which mounts the root, writes them.
            new AccessPointSpec("packages", "/packages", "0755", false));

    /**
     * @param context                where the stack is deployed
     * @param keyArn                 the stack key
     * @param vpcId                  the VPC
     * @param privateSubnetIds       one mount target goes into each
     * @param clientSecurityGroupIds the only security groups admitted on NFS (2049)
     */
    public record Args(StackContext context, Output<String> keyArn, Output<String> vpcId,
                       List<Output<String>> privateSubnetIds, Map<String, Output<String>> clientSecurityGroupIds) {
    }

    public final Output<String> fileSystemId;
    public final Output<String> fileSystemArn;
    /** The file system's DNS name, which NFS clients mount. */
    public final Output<String> dnsName;
    /** One per private subnet; a client can mount once these exist. */
    public final List<Output<String>> mountTargetIds;
    public final Output<String> securityGroupId;
    public final Map<String, Output<String>> accessPointIds;
    public final Map<String, Output<String>> accessPointArns;
    /** The NFS ingress rule of each client security group, by the key it was given under. */
    private final Map<String, Output<String>> nfsIngressRuleIds;

    public EfsStorage(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        boolean prod = context.settings().isProduction();
        var tags = context.tags(COMPONENT);
        var child = CustomResourceOptions.builder().parent(this).build();

        var fileSystem = new FileSystem(name + "-fs", FileSystemArgs.builder()
                .encrypted(true)
                .kmsKeyId(args.keyArn())
                .performanceMode("generalPurpose")
                .throughputMode("elastic")
                .lifecyclePolicies(
                        FileSystemLifecyclePolicyArgs.builder().transitionToIa("AFTER_30_DAYS").build(),
                        FileSystemLifecyclePolicyArgs.builder().transitionToPrimaryStorageClass("AFTER_1_ACCESS").build())
                .tags(Tags.with(tags, "Name", context.physicalName("training")))
                .build(), CustomResourceOptions.builder().parent(this).protect(prod).retainOnDelete(prod).build());
        this.fileSystemId = fileSystem.id();
        this.fileSystemArn = fileSystem.arn();
        this.dnsName = fileSystem.dnsName();

        var group = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                // EC2 accepts only a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* here (no apostrophe).
                .description("EFS mount targets: NFS from the training platform security groups only")
                .tags(Tags.with(tags, "Name", name + "-sg"))
                .build(), child);
        this.securityGroupId = group.id();
        var ingressRuleIds = new LinkedHashMap<String, Output<String>>();
        args.clientSecurityGroupIds().forEach((client, clientGroupId) -> ingressRuleIds.put(client,
                new SecurityGroupIngressRule(name + "-nfs-from-" + client, SecurityGroupIngressRuleArgs.builder()
                        .securityGroupId(group.id())
                        .description("NFS from the " + client + " security group")
                        .ipProtocol("tcp").fromPort(2049).toPort(2049)
                        .referencedSecurityGroupId(clientGroupId)
                        .tags(tags)
                        .build(), child).id()));
        this.nfsIngressRuleIds = Map.copyOf(ingressRuleIds);

        var mountTargets = new java.util.ArrayList<Output<String>>();
        for (int i = 0; i < args.privateSubnetIds().size(); i++) {
            mountTargets.add(new MountTarget(name + "-mount-" + i, MountTargetArgs.builder()
                    .fileSystemId(fileSystem.id())
                    .subnetId(args.privateSubnetIds().get(i))
                    .securityGroups(Output.all(List.of(group.id())))
                    .build(), child).id());
        }
        this.mountTargetIds = List.copyOf(mountTargets);

        var ids = new LinkedHashMap<String, Output<String>>();
        var arns = new LinkedHashMap<String, Output<String>>();
        for (AccessPointSpec spec : ACCESS_POINTS) {
            var accessPoint = new AccessPoint(name + "-" + spec.path().substring(1), AccessPointArgs.builder()
                    .fileSystemId(fileSystem.id())
                    .posixUser(AccessPointPosixUserArgs.builder().uid(TRAINING_UID).gid(TRAINING_GID).build())
                    .rootDirectory(AccessPointRootDirectoryArgs.builder()
                            .path(spec.path())
                            .creationInfo(AccessPointRootDirectoryCreationInfoArgs.builder()
                                    .ownerUid(TRAINING_UID).ownerGid(TRAINING_GID)
                                    .permissions(spec.permissions()).build())
                            .build())
                    .tags(Tags.with(tags, "Name", context.physicalName(spec.path().substring(1))))
                    .build(), child);
            ids.put(spec.key(), accessPoint.id());
            arns.put(spec.key(), accessPoint.arn());
        }
        this.accessPointIds = Map.copyOf(ids);
        this.accessPointArns = Map.copyOf(arns);

        // Explicit in every stack, so turning backups off is a visible change (FSBP EFS.7).
        new BackupPolicy(name + "-backup", BackupPolicyArgs.builder()
                .fileSystemId(fileSystem.id())
                .backupPolicy(BackupPolicyBackupPolicyArgs.builder().status(prod ? "ENABLED" : "DISABLED").build())
                .build(), child);

        registerOutputs(Map.of("fileSystemId", fileSystemId, "securityGroupId", securityGroupId));
    }

    /**
     * Resolves once a client in the given security group can mount the file system: every mount
     * target exists and NFS from that group is admitted. Its value, those resources' ids, is only
     * good for waiting on. A mount target's DNS name may still take a little while to resolve
     * after this (up to 90 seconds, AWS says), which the mount itself has to retry.
     * See https://docs.aws.amazon.com/efs/latest/ug/mounting-fs-mount-cmd-dns-name.html
     *
     * @param client the key the client's security group was given under in {@link Args}
     */
    public Output<List<String>> readyToMountFrom(String client) {
        Output<String> rule = nfsIngressRuleIds.get(client);
        if (rule == null) {
            throw new IllegalArgumentException("no client security group \"" + client + "\" admitted to the file system; "
                    + "expected one of " + new java.util.TreeSet<>(nfsIngressRuleIds.keySet()));
        }
        var ids = new java.util.ArrayList<>(mountTargetIds);
        ids.add(rule);
        return Output.all(ids);
    }
}
