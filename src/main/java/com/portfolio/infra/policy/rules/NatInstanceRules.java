package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import com.portfolio.infra.support.Ipv4Cidr;
import com.portfolio.infra.support.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A NAT instance may have a public address and sit in a public subnet (SEC-LT-02 and SEC-VPC-02
 * let it, by its launch template's {@code purpose=nat-instance}); these rules make sure that what
 * carries that tag is only a NAT, and that production uses NAT gateways.
 */
final class NatInstanceRules {
    static final String INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile";
    /** What a NAT instance's role may do beyond Session Manager's managed policy. */
    static final Set<String> NAT_ACTIONS = Set.of("ec2:ModifyInstanceAttribute", "ec2:ReplaceRoute", "ec2:CreateRoute");
    static final String SSM_CORE = Policies.SESSION_MANAGER_CORE;

    private NatInstanceRules() {
    }

    /** The launch template an Auto Scaling group launches, when the plan has it. */
    static Optional<PlannedResource> launchTemplateOf(PlanGraph plan, PlannedResource group) {
        Optional<Object> ref = Values.at(group, "launchTemplate.id")
                .or(() -> Values.at(group, "mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateId"));
        return ref.flatMap(id -> plan.resolve(Types.LAUNCH_TEMPLATE, id));
    }

    static List<PlannedResource> natTemplates(PlanGraph plan) {
        return plan.ofType(Types.LAUNCH_TEMPLATE).stream().filter(Conventions::isNatInstance).toList();
    }

    static final class OnlyANat extends Rule {
        OnlyANat() {
            super("SEC-VPC-07", MANDATORY, BOTH,
                    "ec2 LaunchTemplate tagged purpose=nat-instance, its security group, role and Auto Scaling group",
                    "a NAT instance has no SSH key, admits only the VPC's own addresses, has a role with Session Manager's "
                            + "managed policy and only ec2:ModifyInstanceAttribute/ReplaceRoute/CreateRoute besides, and runs "
                            + "in groups of at most one instance",
                    "VPC NAT instance docs, FSBP EC2.2/EC2.8",
                    "Give the NAT instance no keyName, ingress only from the VPC's CIDR, an instance role with "
                            + SSM_CORE + " and the NAT actions alone, and an Auto Scaling group with maxSize 1.",
                    List.of(Types.LAUNCH_TEMPLATE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            List<Ipv4Cidr> vpcBlocks = plan.ofType(Types.VPC).stream()
                    .flatMap(v -> Values.string(v, "cidrBlock").stream()).map(Ipv4Cidr::parse).toList();
            for (PlannedResource lt : natTemplates(plan)) {
                if (Values.at(lt, "keyName").isPresent()) {
                    out.add(lt, "NAT instance %s has key pair %s; expected none (it is reached with Session Manager)",
                            lt.name(), Values.at(lt, "keyName").get());
                }
                checkIngress(plan, lt, vpcBlocks, out);
                checkRole(plan, lt, out);
                for (PlannedResource group : plan.ofType(Types.AUTOSCALING_GROUP)) {
                    if (launchTemplateOf(plan, group).filter(t -> t == lt).isPresent()) {
                        double max = Values.number(group, "maxSize").orElse(Double.MAX_VALUE);
                        if (max > 1) {
                            out.add(group, "Auto Scaling group %s runs NAT instance %s with maxSize %s; expected 1 (a second "
                                    + "instance would take the routes from the first)", group.name(), lt.name(), Values.show(max));
                        }
                    }
                }
            }
        }

        private static void checkIngress(PlanGraph plan, PlannedResource lt, List<Ipv4Cidr> vpcBlocks, Findings out) {
            var groups = new ArrayList<Object>(Values.list(lt, "vpcSecurityGroupIds"));
            Values.objects(lt, "networkInterfaces").forEach(nic -> groups.addAll(Values.list(nic, "securityGroups")));
            if (groups.isEmpty()) {
                out.add(lt, "NAT instance %s names no security group, so it gets the VPC's default one; expected its own", lt.name());
            }
            for (Object ref : groups) {
                Optional<PlannedResource> group = plan.resolve(Types.SECURITY_GROUP, ref);
                if (group.isEmpty()) {
                    continue;
                }
                for (Object block : Values.list(group.get(), "ingress")) {
                    out.add(group.get(), "NAT instance security group %s has an inline ingress block %s; expected only "
                            + "ingress rules from the VPC's block", group.get().name(), block);
                }
                for (PlannedResource rule : plan.referencing(Types.INGRESS_RULE, "securityGroupId", group.get())) {
                    Optional<String> cidr = Values.string(rule, "cidrIpv4");
                    boolean inVpc = cidr.map(c -> Ipv4Cidr.parseOrExplain(c).cidr())
                            .filter(c -> c != null && vpcBlocks.stream().anyMatch(v -> v.contains(c))).isPresent();
                    if (!inVpc) {
                        out.add(rule, "NAT instance ingress %s admits %s; expected only addresses of the VPC (%s)", rule.name(),
                                cidr.orElse("a source that is not an IPv4 block of the VPC"), vpcBlocks);
                    }
                }
            }
        }

        private static void checkRole(PlanGraph plan, PlannedResource lt, Findings out) {
            Optional<PlannedResource> profile = Values.at(lt, "iamInstanceProfile.arn")
                    .or(() -> Values.at(lt, "iamInstanceProfile.name"))
                    .flatMap(ref -> plan.resolve(INSTANCE_PROFILE, ref));
            Optional<PlannedResource> role = profile.flatMap(p -> Values.at(p, "role")).flatMap(ref -> plan.resolve(Types.IAM_ROLE, ref));
            if (role.isEmpty()) {
                out.add(lt, "NAT instance %s has no instance profile whose role is in the stack; expected one with %s "
                        + "(Session Manager) and the NAT actions", lt.name(), SSM_CORE);
                return;
            }
            PlannedResource r = role.get();
            var managed = new ArrayList<String>(Values.strings(r, "managedPolicyArns"));
            plan.resources().stream().filter(a -> a.type().equals(Types.IAM_ROLE_POLICY_ATTACHMENT)
                            && Values.at(a, "role").filter(ref -> plan.refersTo(ref, r)).isPresent())
                    .forEach(a -> Values.string(a, "policyArn").ifPresent(managed::add));
            for (String arn : managed) {
                if (!arn.endsWith(":policy/" + SSM_CORE)) {
                    out.add(r, "NAT instance role %s has managed policy %s; expected only %s", r.name(), arn, SSM_CORE);
                }
            }
            var documents = new ArrayList<String>();
            Values.objects(r, "inlinePolicies").forEach(p -> Values.string(p, "policy").ifPresent(documents::add));
            plan.referencing(Types.IAM_ROLE_POLICY, "role", r).forEach(p -> Values.string(p, "policy").ifPresent(documents::add));
            for (String document : documents) {
                for (ParsedPolicy.Statement statement : ParsedPolicy.parse(document).allows()) {
                    if (!statement.notActions().isEmpty()) {
                        out.add(r, "NAT instance role %s allows NotAction %s; expected only %s", r.name(), statement.notActions(),
                                NAT_ACTIONS);
                    }
                    statement.actions().stream().filter(a -> !NAT_ACTIONS.contains(a)).forEach(a ->
                            out.add(r, "NAT instance role %s allows %s; expected only %s", r.name(), a, new java.util.TreeSet<>(NAT_ACTIONS)));
                }
            }
        }
    }

    static final class GatewaysInProduction extends Rule {
        GatewaysInProduction() {
            super("REL-VPC-07", MANDATORY, PROD,
                    "ec2 LaunchTemplate tagged purpose=nat-instance",
                    "prod uses NAT gateways, never a NAT instance",
                    "VPC docs (NAT gateways vs NAT instances)",
                    "Set `portfolio:natGateways: per-az` in a production stack: a NAT instance is one instance whose "
                            + "replacement leaves the private subnets without egress for minutes.",
                    List.of(Types.LAUNCH_TEMPLATE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource lt : natTemplates(plan)) {
                out.add(lt, "NAT instance %s in a production stack; expected NAT gateways, one per zone", lt.name());
            }
        }
    }
}
