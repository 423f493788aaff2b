package com.portfolio.infra.storage;

import com.portfolio.infra.storage.FileSystemPolicyDocument.Access;
import com.portfolio.infra.storage.FileSystemPolicyDocument.Grant;
import com.pulumi.aws.efs.FileSystemPolicy;
import com.pulumi.aws.efs.FileSystemPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may use the shared file system, and how: TLS only, and only the named roles (see
 * {@link FileSystemPolicyDocument}). Its own component, created after the components whose roles
 * it names, so that {@link EfsStorage} needs none of them and they can all take the file system.
 */
public final class EfsAccessPolicy extends ComponentResource {

    public static final String TYPE = "portfolio:storage:EfsAccessPolicy";

    /**
     * @param fileSystem          the file system and its access points
     * @param packageBuildRoleArn the role of the build that installs packages onto the root
     *                            ({@link Access#ROOT})
     * @param fleetRoleArn        the training instances' role ({@link Access#THROUGH_ACCESS_POINTS});
     *                            @default - null: no fleet is granted anything
     */
    public record Args(EfsStorage fileSystem, Output<String> packageBuildRoleArn, Output<String> fleetRoleArn) {
        public Args {
            if (fileSystem == null || packageBuildRoleArn == null) {
                throw new IllegalArgumentException("EfsAccessPolicy needs the file system and the package build's role; got "
                        + (fileSystem == null ? "no file system" : "no package build role"));
            }
        }
    }

    /** The policy; once it exists, its grants are in force (a client may mount with them). */
    public final Output<String> policyId;

    public EfsAccessPolicy(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var efs = args.fileSystem();
        List<String> keys = EfsStorage.ACCESS_POINTS.stream().map(EfsStorage.AccessPointSpec::key).toList();
        List<String> writableKeys = EfsStorage.ACCESS_POINTS.stream().filter(EfsStorage.AccessPointSpec::instancesWrite)
                .map(EfsStorage.AccessPointSpec::key).toList();
        List<Output<Grant>> grants = new ArrayList<>();
        grants.add(args.packageBuildRoleArn().applyValue(arn -> new Grant("PackageBuild", arn, Access.ROOT)));
        if (args.fleetRoleArn() != null) {
            grants.add(args.fleetRoleArn().applyValue(arn -> new Grant("TrainingFleet", arn, Access.THROUGH_ACCESS_POINTS)));
        }
        Output<List<String>> accessPointArns = Output.all(keys.stream().map(efs.accessPointArns::get).toList());
        Output<String> document = Output.tuple(efs.fileSystemArn, accessPointArns, Output.all(grants))
                .applyValue(t -> {
                    var writable = new ArrayList<String>();
                    for (int i = 0; i < keys.size(); i++) {
                        if (writableKeys.contains(keys.get(i))) {
                            writable.add(t.t2.get(i));
                        }
                    }
                    return FileSystemPolicyDocument.document(t.t1, t.t2, writable, t.t3);
                });
        // A role created in the same update may not be known to EFS yet ("Policy contains invalid
        // Principal block"); the provider retries that until IAM has propagated it.
        var policy = new FileSystemPolicy(name + "-policy", FileSystemPolicyArgs.builder()
                .fileSystemId(efs.fileSystemId)
                .policy(document)
                .build(), CustomResourceOptions.builder().parent(this).build());
        this.policyId = policy.id();
        registerOutputs(Map.of("policyId", policyId));
    }
}
