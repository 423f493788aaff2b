package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The EFS rules. */
final class EfsRules {
    private EfsRules() {
    }

    /** The mount targets of {@code fs}. */
    static List<PlannedResource> mountTargets(PlanGraph plan, PlannedResource fs) {
        return plan.referencing(Types.MOUNT_TARGET, "fileSystemId", fs);
    }

    static Set<String> mountZones(PlanGraph plan, List<PlannedResource> targets) {
        Set<String> zones = new TreeSet<>();
        targets.forEach(t -> Values.string(t, "subnetId").flatMap(plan::subnetZone).ifPresent(zones::add));
        return zones;
    }

    static final class Encrypted extends Rule {
        static final String AWS_MANAGED = "alias/aws/elasticfilesystem";

        Encrypted() {
            super("SEC-EFS-01", MANDATORY, BOTH,
                    "efs FileSystem",
                    "encrypted true with a customer KMS key",
                    "FSBP EFS.1/.8, AG efs-encrypted", "Set encrypted true and kmsKeyId to a customer-managed KMS key.",
                    List.of(Types.FILE_SYSTEM));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fs : plan.ofType(Types.FILE_SYSTEM)) {
                if (out.computed(fs, "encrypted") | out.computed(fs, "kmsKeyId")) {
                    continue;
                }
                if (!Values.isTrue(fs, "encrypted")) {
                    out.add(fs, "file system %s encrypted is %s; expected true", fs.name(), Values.at(fs, "encrypted").orElse("unset"));
                }
                Optional<String> key = Values.string(fs, "kmsKeyId");
                if (key.isEmpty() || key.get().endsWith(AWS_MANAGED)) {
                    out.add(fs, "file system %s kmsKeyId is %s; expected a customer-managed KMS key", fs.name(), key.orElse("unset (AWS-managed key)"));
                }
            }
        }
    }

    static final class AccessPointConfined extends Rule {
        AccessPointConfined() {
            super("SEC-EFS-02", MANDATORY, BOTH,
                    "efs AccessPoint",
                    "rootDirectory.path is not /; posixUser set",
                    "FSBP EFS.3/.4",
                    "Set rootDirectory.path to a subdirectory (with creationInfo) and posixUser uid/gid.",
                    List.of(Types.ACCESS_POINT));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource ap : plan.ofType(Types.ACCESS_POINT)) {
                if (out.computed(ap, "rootDirectory.path") | out.computed(ap, "posixUser")) {
                    continue;
                }
                String path = Values.string(ap, "rootDirectory.path").orElse("/");
                if (path.replaceAll("/+$", "").isEmpty()) {
                    out.add(ap, "access point %s rootDirectory.path is %s; expected a subdirectory, not the file system root",
                            ap.name(), Values.string(ap, "rootDirectory.path").orElse("unset (/)"));
                }
                if (Values.number(ap, "posixUser.uid").isEmpty() || Values.number(ap, "posixUser.gid").isEmpty()) {
                    out.add(ap, "access point %s posixUser is %s; expected uid and gid set", ap.name(), Values.at(ap, "posixUser").orElse("unset"));
                }
            }
        }
    }

    static final class MountTargetPrivate extends Rule {
        MountTargetPrivate() {
            super("SEC-EFS-03", MANDATORY, BOTH,
                    "efs MountTarget",
                    "subnet is private",
                    "FSBP EFS.6", "Place mount targets in private subnets (tier=private).",
                    List.of(Types.MOUNT_TARGET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource mt : plan.ofType(Types.MOUNT_TARGET)) {
                if (out.computed(mt, "subnetId")) {
                    continue;
                }
                String ref = Values.string(mt, "subnetId").orElse("unset");
                Optional<PlannedResource> subnet = plan.resolve(Types.SUBNET, ref);
                if (subnet.isEmpty() || !PlanGraph.tagged(subnet.get(), Conventions.TIER, Conventions.PRIVATE)) {
                    out.add(mt, "mount target %s is in subnet %s, %s; expected a private subnet", mt.name(), ref,
                            subnet.map(s -> "tier " + PlanGraph.tag(s, Conventions.TIER)).orElse("not declared in this stack"));
                }
            }
        }
    }

    static final class Backups extends Rule {
        Backups() {
            super("REL-EFS-04", MANDATORY, PROD,
                    "efs BackupPolicy",
                    "status ENABLED",
                    "FSBP EFS.7", "Add an efs BackupPolicy with backupPolicy.status ENABLED for the file system.",
                    List.of(Types.FILE_SYSTEM));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fs : plan.ofType(Types.FILE_SYSTEM)) {
                if (out.anyComputed(plan, Types.BACKUP_POLICY, "fileSystemId", "backupPolicy")) {
                    continue;
                }
                List<String> statuses = plan.referencing(Types.BACKUP_POLICY, "fileSystemId", fs).stream()
                        .map(b -> Values.string(b, "backupPolicy.status").orElse("unset")).toList();
                if (!statuses.contains("ENABLED")) {
                    out.add(fs, "file system %s backup policy is %s; expected status ENABLED", fs.name(),
                            statuses.isEmpty() ? "absent" : statuses);
                }
            }
        }
    }

    static final class RegionalWithMountTargets extends Rule {
        RegionalWithMountTargets() {
            super("REL-EFS-05", MANDATORY, BOTH,
                    "efs FileSystem / MountTarget",
                    "regional file system; a mount target in every private subnet's AZ",
                    "EFS docs",
                    "Leave availabilityZoneName unset (regional file system) and add a mount target in every availability zone that has private subnets.",
                    List.of(Types.FILE_SYSTEM));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            Set<String> privateZones = plan.zonesOf(plan.privateSubnets());
            boolean zonesUnknown = out.anyComputed(plan, Types.MOUNT_TARGET, "fileSystemId", "subnetId")
                    | out.anyComputed(plan, Types.SUBNET, "availabilityZone", "availabilityZoneId");
            for (PlannedResource fs : plan.ofType(Types.FILE_SYSTEM)) {
                Values.string(fs, "availabilityZoneName").ifPresent(zone ->
                        out.add(fs, "file system %s is One Zone (availabilityZoneName %s); expected a regional file system", fs.name(), zone));
                Set<String> missing = new TreeSet<>(privateZones);
                missing.removeAll(mountZones(plan, mountTargets(plan, fs)));
                if (!missing.isEmpty() && !zonesUnknown) {
                    out.add(fs, "file system %s has no mount target in private-subnet zone(s) %s", fs.name(), missing);
                }
            }
        }
    }
}
