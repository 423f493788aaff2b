package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
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

    static final class TlsOnlyNamedRoles extends Rule {
        /** The actions an NFS client can be allowed; a TLS-only Deny must cover them all. */
        static final List<String> CLIENT_ACTIONS = List.of("elasticfilesystem:ClientMount",
                "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess");
        static final List<String> PRINCIPAL_OPERATORS = List.of("ArnEquals", "ArnLike", "StringEquals", "StringLike");

        TlsOnlyNamedRoles() {
            super("SEC-EFS-06", MANDATORY, BOTH,
                    "efs FileSystem / FileSystemPolicy",
                    "a file-system policy denies every client action without TLS and allows no anonymous client access (Principal * only with a condition restricting aws:PrincipalArn to this stack's roles)",
                    "EFS docs: IAM for NFS clients (without a policy, any client mounts as root)",
                    "Add an efs FileSystemPolicy with a statement Effect Deny, Principal *, Action the elasticfilesystem:Client* actions, Condition Bool aws:SecureTransport false (and no other condition); grant client actions only to this stack's roles.",
                    List.of(Types.FILE_SYSTEM, Types.FILE_SYSTEM_POLICY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            if (out.anyComputed(plan, Types.FILE_SYSTEM_POLICY, "fileSystemId", "policy")) {
                return;
            }
            Set<String> stackRoles = new TreeSet<>();
            plan.ofType(Types.IAM_ROLE).forEach(r -> Optional.ofNullable(r.arn()).ifPresent(stackRoles::add));
            for (PlannedResource fs : plan.ofType(Types.FILE_SYSTEM)) {
                List<PlannedResource> policies = plan.referencing(Types.FILE_SYSTEM_POLICY, "fileSystemId", fs);
                if (policies.isEmpty()) {
                    out.add(fs, "file system %s has no file-system policy, so EFS lets every client that reaches a mount target "
                            + "mount it anonymously, as root, without TLS; expected a policy that denies non-TLS access", fs.name());
                    continue;
                }
                for (PlannedResource policy : policies) {
                    Optional<ParsedPolicy> document = JsonInputs.policy(policy, "policy", out);
                    if (document.isEmpty()) {
                        continue;
                    }
                    if (document.get().statements().stream().noneMatch(TlsOnlyNamedRoles::deniesNonTls)) {
                        out.add(policy, "file-system policy %s of %s has no statement that Denies %s to every principal when "
                                + "aws:SecureTransport is false (Bool or BoolIfExists, with no other condition)", policy.name(), fs.name(),
                                CLIENT_ACTIONS);
                    }
                    for (Statement s : document.get().allows()) {
                        if (s.isPublicPrincipal() && !restrictedToStackRoles(s, stackRoles)) {
                            out.add(policy, "file-system policy %s of %s allows %s to %s without a condition restricting "
                                    + "aws:PrincipalArn to this stack's roles; expected no anonymous client access", policy.name(),
                                    fs.name(), s.actionText(), s.principalText());
                        }
                    }
                }
            }
        }

        /** True if {@code fs} has a file-system policy that denies every client action without TLS. */
        static boolean hasTlsOnlyPolicy(PlanGraph plan, PlannedResource fs) {
            Findings unreported = new Findings();
            return plan.referencing(Types.FILE_SYSTEM_POLICY, "fileSystemId", fs).stream()
                    .map(p -> JsonInputs.policy(p, "policy", unreported))
                    .flatMap(Optional::stream)
                    .anyMatch(d -> d.statements().stream().anyMatch(TlsOnlyNamedRoles::deniesNonTls));
        }

        /**
         * Denies every client action to every principal whenever the connection has no TLS: one
         * condition, {@code Bool} (or {@code BoolIfExists}) on {@code aws:SecureTransport} false.
         */
        static boolean deniesNonTls(Statement s) {
            return s.isDeny() && s.namesEveryPrincipal() && !s.hasNotPrincipal() && s.notResources().isEmpty()
                    && CLIENT_ACTIONS.stream().allMatch(s::coversAction)
                    && s.conditionCount() == 1
                    && s.conditionValues("aws:SecureTransport", List.of("Bool", "BoolIfExists")).stream().anyMatch("false"::equalsIgnoreCase);
        }

        /** An Allow to everyone narrowed, by a condition on aws:PrincipalArn, to roles of this stack. */
        private static boolean restrictedToStackRoles(Statement s, Set<String> stackRoles) {
            if (s.hasNotPrincipal()) {
                return false;
            }
            List<String> principals = s.conditionValues("aws:PrincipalArn", PRINCIPAL_OPERATORS);
            return !principals.isEmpty() && stackRoles.containsAll(principals);
        }
    }
}
