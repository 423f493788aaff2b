package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.ExceptionTag;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import com.portfolio.infra.support.PolicyExceptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The EC2 launch template and CodeBuild project rules. */
final class ComputeRules {
    private ComputeRules() {
    }

    static final class Imdsv2 extends Rule {
        Imdsv2() {
            super("SEC-LT-01", MANDATORY, BOTH,
                    "ec2 LaunchTemplate",
                    "IMDSv2 only (httpTokens required), hop limit <= 2",
                    "FSBP EC2.170", "Set metadataOptions.httpTokens required and httpPutResponseHopLimit 1 or 2.",
                    List.of(Types.LAUNCH_TEMPLATE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource lt : plan.ofType(Types.LAUNCH_TEMPLATE)) {
                if (out.computed(lt, "metadataOptions")) {
                    continue;
                }
                String tokens = Values.string(lt, "metadataOptions.httpTokens").orElse("unset");
                if (!"required".equals(tokens)) {
                    out.add(lt, "launch template %s metadataOptions.httpTokens is %s; expected required (IMDSv2 only)", lt.name(), tokens);
                }
                Optional<Double> hops = Values.number(lt, "metadataOptions.httpPutResponseHopLimit");
                if (hops.isEmpty() || hops.get() > 2) {
                    out.add(lt, "launch template %s httpPutResponseHopLimit is %s; expected 1 or 2",
                            lt.name(), hops.map(Values::show).orElse("unset"));
                }
            }
        }
    }

    static final class NoPublicIpNoSecrets extends Rule {
        NoPublicIpNoSecrets() {
            super("SEC-LT-02", MANDATORY, BOTH,
                    "ec2 LaunchTemplate",
                    "no public IP (except a NAT instance's, judged by SEC-VPC-07); no secrets in user data",
                    "FSBP EC2.25",
                    "Set networkInterfaces associatePublicIpAddress false; fetch secrets at boot from Secrets Manager/SSM instead of writing them into userData.",
                    List.of(Types.LAUNCH_TEMPLATE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource lt : plan.ofType(Types.LAUNCH_TEMPLATE)) {
                boolean nicsUnknown = out.computed(lt, "networkInterfaces");
                List<Map<String, Object>> nics = nicsUnknown ? List.of() : Values.objects(lt, "networkInterfaces");
                // A NAT instance needs its public address; SEC-VPC-07 holds it to being only a NAT.
                boolean nat = Conventions.isNatInstance(lt);
                for (int i = 0; i < nics.size() && !nat; i++) {
                    if (Values.bool(nics.get(i), "associatePublicIpAddress").orElse(false)) {
                        out.add(lt, "launch template %s networkInterfaces[%d] associatePublicIpAddress is true; expected false", lt.name(), i);
                    }
                }
                if (out.computed(lt, "userData")) {
                    continue;
                }
                Values.string(lt, "userData").map(ComputeRules::decodeUserData).map(Secrets::inScript).ifPresent(found -> {
                    if (!found.isEmpty()) {
                        out.add(lt, "launch template %s userData holds credentials in plain text: %s", lt.name(), found);
                    }
                });
            }
        }
    }

    /** Launch template user data is base64; read it as text, or as is if it is not base64. */
    static String decodeUserData(String userData) {
        try {
            return new String(Base64.getMimeDecoder().decode(userData), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return userData;
        }
    }

    static final class EncryptedVolumes extends Rule {
        EncryptedVolumes() {
            super("SEC-LT-03", MANDATORY, BOTH,
                    "ec2 LaunchTemplate",
                    "every block device encrypted",
                    "FSBP EC2.181", "Set blockDeviceMappings[].ebs.encrypted \"true\" on every EBS device.",
                    List.of(Types.LAUNCH_TEMPLATE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource lt : plan.ofType(Types.LAUNCH_TEMPLATE)) {
                if (out.computed(lt, "blockDeviceMappings")) {
                    continue;
                }
                for (Map<String, Object> mapping : Values.objects(lt, "blockDeviceMappings")) {
                    if (Values.at(mapping, "ebs").isEmpty()) {
                        continue; // instance-store or suppressed devices carry no EBS volume
                    }
                    if (!Values.bool(mapping, "ebs.encrypted").orElse(false)) {
                        out.add(lt, "launch template %s device %s ebs.encrypted is %s; expected true", lt.name(),
                                Values.string(mapping, "deviceName").orElse("?"), Values.at(mapping, "ebs.encrypted").orElse("unset"));
                    }
                }
            }
        }
    }

    static final class BuildLogsEncrypted extends Rule {
        BuildLogsEncrypted() {
            super("SEC-CB-01", MANDATORY, BOTH,
                    "codebuild Project",
                    "logs to a declared CloudWatch log group; artifacts and cache encrypted",
                    "FSBP CodeBuild.3/.4",
                    "Set logsConfig.cloudwatchLogs.groupName to a LogGroup declared in the stack (status ENABLED) and never set encryptionDisabled on artifacts or S3 logs.",
                    List.of(Types.CODEBUILD_PROJECT));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource p : plan.ofType(Types.CODEBUILD_PROJECT)) {
                if (out.computed(p, "logsConfig") | out.computed(p, "artifacts") | out.computed(p, "secondaryArtifacts")) {
                    continue;
                }
                Optional<String> group = Values.string(p, "logsConfig.cloudwatchLogs.groupName");
                if ("DISABLED".equals(Values.string(p, "logsConfig.cloudwatchLogs.status").orElse("ENABLED"))) {
                    out.add(p, "CodeBuild project %s has CloudWatch logs DISABLED; expected logs to a declared log group", p.name());
                } else if (group.isEmpty() || plan.resolve(Types.LOG_GROUP, group.get()).isEmpty()) {
                    out.add(p, "CodeBuild project %s logs to %s; expected a LogGroup declared in this stack", p.name(),
                            group.map(g -> "undeclared log group " + g).orElse("the default group (no groupName)"));
                }
                List<String> unencrypted = new ArrayList<>();
                if (Values.isTrue(p, "artifacts.encryptionDisabled")) {
                    unencrypted.add("artifacts");
                }
                List<Map<String, Object>> secondary = Values.objects(p, "secondaryArtifacts");
                for (int i = 0; i < secondary.size(); i++) {
                    if (Values.bool(secondary.get(i), "encryptionDisabled").orElse(false)) {
                        unencrypted.add("secondaryArtifacts[" + i + "]");
                    }
                }
                if (Values.isTrue(p, "logsConfig.s3Logs.encryptionDisabled")) {
                    unencrypted.add("logsConfig.s3Logs");
                }
                if (!unencrypted.isEmpty()) {
                    out.add(p, "CodeBuild project %s disables encryption on %s; expected encrypted artifacts, cache and logs", p.name(), unencrypted);
                }
            }
        }
    }

    static final class BuildNoSecretsUnprivileged extends Rule {
        BuildNoSecretsUnprivileged() {
            super("SEC-CB-02", MANDATORY, BOTH,
                    "codebuild Project",
                    "no plaintext credential env vars; privilegedMode false (exception: a project that needs it for its build image, or that mounts a TLS-only file system of the stack itself, tagged as described above)",
                    "FSBP CodeBuild.1/.2/.5",
                    "Use environment variables of type SECRETS_MANAGER or PARAMETER_STORE for credentials; set privilegedMode false, or tag policy-exception:SEC-CB-02 with the reason the build image needs it (a build that mounts EFS itself: the reason \"" + PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS + "\").",
                    List.of(Types.CODEBUILD_PROJECT));
        }

        /**
         * The policy's exceptions: a project that needs privileged mode for its build image, tagged
         * with why; or one that mounts EFS itself ({@link PolicyExceptions#PRIVILEGED_TO_MOUNT_EFS_WITH_TLS}),
         * accepted only from a project that does: no CodeBuild-managed EFS mount, and a variable
         * naming a file system of this stack whose policy denies non-TLS access (so CodeBuild's
         * plain NFS mount would be refused).
         */
        @Override
        public boolean exceptionAllowed() {
            return true;
        }

        private static boolean isExceptedToMountEfs(PlannedResource project) {
            String value = PlanGraph.tag(project, PolicyExceptions.tagKey("SEC-CB-02"));
            if (value == null) {
                return false;
            }
            try {
                return PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS.equals(ExceptionTag.parse(value).reason());
            } catch (IllegalArgumentException e) {
                return false; // a malformed tag is the engine's to report
            }
        }

        /** Why the project's EFS exception does not hold; empty when it does. */
        private static List<String> whyNotMountingEfsItself(PlanGraph plan, PlannedResource project) {
            List<String> unmet = new ArrayList<>();
            if (Values.objects(project, "fileSystemLocations").stream().anyMatch(l -> "EFS".equals(Values.string(l, "type").orElse("EFS")))) {
                unmet.add("CodeBuild mounts EFS for it (fileSystemLocations)");
            }
            List<PlannedResource> named = fileSystemsNamedInVariables(plan, project);
            if (named.isEmpty()) {
                unmet.add("no variable of it names a file system of this stack");
            }
            for (PlannedResource fs : named) {
                if (!EfsRules.TlsOnlyNamedRoles.hasTlsOnlyPolicy(plan, fs)) {
                    unmet.add("file system " + fs.name() + " has no policy denying non-TLS access, so CodeBuild's own mount would do");
                }
            }
            return unmet;
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource p : plan.ofType(Types.CODEBUILD_PROJECT)) {
                if (out.computed(p, "environment")) {
                    continue;
                }
                for (Map<String, Object> var : Values.objects(p, "environment.environmentVariables")) {
                    String type = Values.string(var, "type").orElse("PLAINTEXT");
                    String name = Values.string(var, "name").orElse("?");
                    if (type.equals("PLAINTEXT") && Secrets.isPlaintextCredential(name, Values.string(var, "value").orElse(""))) {
                        out.add(p, "CodeBuild project %s environment variable %s is a PLAINTEXT credential; expected SECRETS_MANAGER or PARAMETER_STORE",
                                p.name(), name);
                    }
                }
                if (!Values.isTrue(p, "environment.privilegedMode")) {
                    continue;
                }
                List<String> unmet = isExceptedToMountEfs(p) ? whyNotMountingEfsItself(plan, p) : List.of();
                if (unmet.isEmpty()) {
                    out.addExceptable(p, "CodeBuild project %s has environment.privilegedMode true; expected false", p.name());
                } else {
                    out.add(p, "CodeBuild project %s has environment.privilegedMode true, excepted because it %s, but %s; expected that "
                            + "exception only on a project that mounts a TLS-only file system of this stack itself",
                            p.name(), PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS, String.join(" and ", unmet));
                }
            }
        }
    }

    static final class BuildInPrivateSubnets extends Rule {
        BuildInPrivateSubnets() {
            super("REL-CB-03", MANDATORY, BOTH,
                    "codebuild Project",
                    "a project in the VPC uses only private subnets, all in AZs with EFS mount targets",
                    "CodeBuild EFS docs",
                    "Give the project only private subnets, each in an availability zone where the file system has a mount target.",
                    List.of(Types.CODEBUILD_PROJECT));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource p : plan.ofType(Types.CODEBUILD_PROJECT)) {
                if (out.computed(p, "vpcConfig.subnets")) {
                    continue;
                }
                List<String> subnets = Values.strings(p, "vpcConfig.subnets");
                if (subnets.isEmpty()) {
                    continue;
                }
                for (String ref : subnets) {
                    Optional<PlannedResource> s = plan.resolve(Types.SUBNET, ref);
                    if (s.isEmpty() || !PlanGraph.tagged(s.get(), Conventions.TIER, Conventions.PRIVATE)) {
                        out.add(p, "CodeBuild project %s uses subnet %s, %s; expected private subnets only", p.name(), ref,
                                s.map(x -> "tier " + PlanGraph.tag(x, Conventions.TIER)).orElse("not declared in this stack"));
                    }
                }
                if (out.anyComputed(plan, Types.MOUNT_TARGET, "fileSystemId", "subnetId")
                        | out.anyComputed(plan, Types.SUBNET, "availabilityZone", "availabilityZoneId")) {
                    continue;
                }
                Set<String> mountZones = EfsRules.mountZones(plan, mountTargetsFor(plan, p));
                Set<String> uncovered = new TreeSet<>();
                subnets.forEach(ref -> plan.subnetZone(ref).filter(z -> !mountZones.contains(z)).ifPresent(uncovered::add));
                if (!uncovered.isEmpty()) {
                    out.add(p, "CodeBuild project %s has subnets in zone(s) %s without an EFS mount target (mount targets in %s)",
                            p.name(), uncovered, mountZones);
                }
            }
        }

        /** The mount targets of the file systems the project mounts, else all. */
        private static List<PlannedResource> mountTargetsFor(PlanGraph plan, PlannedResource project) {
            List<PlannedResource> mounted = new ArrayList<>();
            mountedFileSystems(plan, project).forEach(fs -> mounted.addAll(EfsRules.mountTargets(plan, fs)));
            return mounted.isEmpty() ? plan.ofType(Types.MOUNT_TARGET) : mounted;
        }
    }

    /**
     * The file systems a project mounts: CodeBuild's mounts (location
     * {@code <fs id>.efs.<region>.amazonaws.com:/path}), and those its variables name, which its
     * builds mount themselves.
     */
    static List<PlannedResource> mountedFileSystems(PlanGraph plan, PlannedResource project) {
        List<PlannedResource> mounted = new ArrayList<>();
        for (Map<String, Object> loc : Values.objects(project, "fileSystemLocations")) {
            String location = Values.string(loc, "location").orElse("");
            String fsId = location.contains(".efs.") ? location.substring(0, location.indexOf(".efs.")) : location;
            plan.resolve(Types.FILE_SYSTEM, fsId).ifPresent(mounted::add);
        }
        fileSystemsNamedInVariables(plan, project).stream().filter(fs -> !mounted.contains(fs)).forEach(mounted::add);
        return mounted;
    }

    /** The file systems of this stack that a project's environment variables name (by id, ARN or DNS name). */
    static List<PlannedResource> fileSystemsNamedInVariables(PlanGraph plan, PlannedResource project) {
        List<PlannedResource> named = new ArrayList<>();
        for (Map<String, Object> variable : Values.objects(project, "environment.environmentVariables")) {
            String value = Values.string(variable, "value").orElse("");
            plan.ofType(Types.FILE_SYSTEM).stream()
                    .filter(fs -> !named.contains(fs))
                    .filter(fs -> plan.refersTo(value, fs)
                            || fs.state().get("dnsName") != null && value.contains(String.valueOf(fs.state().get("dnsName"))))
                    .forEach(named::add);
        }
        return named;
    }

    static final class BuildInVpc extends Rule {
        /** Resources that live inside a VPC: a build that names one must run in that VPC to reach it. */
        static final List<String> IN_VPC = List.of(Types.FILE_SYSTEM, Types.MOUNT_TARGET, Types.ACCESS_POINT);

        BuildInVpc() {
            super("REL-CB-04", MANDATORY, BOTH,
                    "codebuild Project",
                    "a project that mounts EFS, or builds onto the VPC's resources, runs in the VPC",
                    "CodeBuild EFS docs",
                    "Give the project vpcConfig with the file system's VPC, private subnets and a security group, so that it can reach the mount targets.",
                    List.of(Types.CODEBUILD_PROJECT));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource p : plan.ofType(Types.CODEBUILD_PROJECT)) {
                if (out.computed(p, "fileSystemLocations") | out.computed(p, "environment.environmentVariables") | out.computed(p, "vpcConfig")) {
                    continue;
                }
                List<String> reasons = new ArrayList<>();
                boolean mountsEfs = Values.objects(p, "fileSystemLocations").stream()
                        .anyMatch(l -> "EFS".equals(Values.string(l, "type").orElse("EFS")));
                if (mountsEfs) {
                    reasons.add("mounts EFS");
                }
                for (Map<String, Object> var : Values.objects(p, "environment.environmentVariables")) {
                    String value = Values.string(var, "value").orElse("");
                    IN_VPC.stream().flatMap(type -> plan.ofType(type).stream())
                            .filter(r -> plan.refersTo(value, r) || value.contains(String.valueOf(r.state().get("dnsName"))))
                            .findFirst()
                            .ifPresent(r -> reasons.add("its variable " + Values.string(var, "name").orElse("?") + " names " + PlanGraph.describe(r)));
                }
                if (reasons.isEmpty()) {
                    continue;
                }
                List<String> missing = new ArrayList<>();
                for (String input : List.of("vpcId", "subnets", "securityGroupIds")) {
                    if (Values.list(p, "vpcConfig." + input).isEmpty()) {
                        missing.add("vpcConfig." + input);
                    }
                }
                if (!missing.isEmpty()) {
                    out.add(p, "CodeBuild project %s %s but has no %s; expected it to run in the VPC", p.name(), reasons, missing);
                    continue;
                }
                String vpc = Values.string(p, "vpcConfig.vpcId").orElseThrow();
                for (PlannedResource fs : mountedFileSystems(plan, p)) {
                    Set<String> fsVpcs = new TreeSet<>();
                    EfsRules.mountTargets(plan, fs).forEach(mt -> Values.string(mt, "subnetId").flatMap(s -> plan.resolve(Types.SUBNET, s))
                            .flatMap(s -> Values.string(s, "vpcId")).ifPresent(fsVpcs::add));
                    if (!fsVpcs.isEmpty() && fsVpcs.stream().noneMatch(v -> v.equals(vpc))) {
                        out.add(p, "CodeBuild project %s runs in VPC %s but mounts %s, whose mount targets are in %s; expected the file system's VPC",
                                p.name(), vpc, fs.name(), fsVpcs);
                    }
                }
            }
        }
    }
}
