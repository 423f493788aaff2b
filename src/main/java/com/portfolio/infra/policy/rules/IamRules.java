package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
import com.portfolio.infra.policy.ParsedPolicy.Wildcards;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The IAM rules. */
final class IamRules {
    private IamRules() {
    }

    static final class LeastPrivilege extends Rule {
        LeastPrivilege() {
            super("SEC-IAM-01", MANDATORY, BOTH,
                    "iam Policy / RolePolicy / Role inline",
                    "no Allow * on *; no service:* actions; no iam:PassRole on *; kms:Decrypt never on *",
                    "FSBP IAM.1/IAM.21",
                    "Name specific actions and resources: no Action * (or NotAction) on Resource * (or a wildcard ARN, or NotResource), no service:* actions, iam:PassRole and kms:Decrypt only on named ARNs.",
                    List.of(Types.IAM_POLICY, Types.IAM_ROLE_POLICY, Types.IAM_USER_POLICY, Types.IAM_GROUP_POLICY, Types.IAM_ROLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (String type : List.of(Types.IAM_POLICY, Types.IAM_ROLE_POLICY, Types.IAM_USER_POLICY, Types.IAM_GROUP_POLICY)) {
                for (PlannedResource p : plan.ofType(type)) {
                    if (!out.computed(p, "policy")) {
                        JsonInputs.policy(p, "policy", out).ifPresent(doc -> checkDoc(plan, p, "policy", doc, out));
                    }
                }
            }
            for (PlannedResource role : plan.ofType(Types.IAM_ROLE)) {
                if (out.computed(role, "inlinePolicies")) {
                    continue;
                }
                for (Map<String, Object> inline : Values.objects(role, "inlinePolicies")) {
                    String label = "inline policy " + Values.string(inline, "name").orElse("?");
                    JsonInputs.policy(role, Values.string(inline, "policy"), label, out)
                            .ifPresent(doc -> checkDoc(plan, role, label, doc, out));
                }
            }
        }

        private static void checkDoc(PlanGraph plan, PlannedResource r, String what, ParsedPolicy doc, Findings out) {
            for (Statement s : doc.allows()) {
                String where = String.format("%s %s statement%s", r.name(), what, s.sid().isEmpty() ? "" : " " + s.sid());
                boolean everyResource = s.allResources(plan.stackArns());
                if (!s.notActions().isEmpty()) {
                    out.add(r, "%s Allows NotAction %s (every action but those); expected an explicit Action list", where, s.notActions());
                }
                if (s.coversEveryAction() && everyResource) {
                    out.add(r, "%s Allows * on * (%s on %s); expected named actions on named resources", where, s.actionText(), s.resourceText());
                }
                for (String action : s.actions()) {
                    Wildcards.wholeService(action).filter(svc -> !svc.equals("*")).ifPresent(svc ->
                            out.add(r, "%s Allows %s (every %s action); expected named actions", where, action, svc));
                }
                if (everyResource && s.coversAction("iam:PassRole")) {
                    out.add(r, "%s Allows iam:PassRole (via %s) on Resource * (%s); expected the role ARNs it may pass",
                            where, s.actionText(), s.resourceText());
                }
                if (everyResource && s.coversAction("kms:Decrypt")) {
                    out.add(r, "%s Allows kms:Decrypt (via %s) on Resource * (%s); expected the key ARNs", where, s.actionText(), s.resourceText());
                }
            }
        }
    }

    static final class NoPolicyManagementConflicts extends Rule {
        NoPolicyManagementConflicts() {
            super("SEC-IAM-02", MANDATORY, BOTH,
                    "iam Role",
                    "no role mixes inline/managed policy lists with separate RolePolicy/attachment resources",
                    "AG iam-role-no-policy-management-conflicts",
                    "Manage a role's policies one way: either its inlinePolicies/managedPolicyArns inputs or separate RolePolicy/RolePolicyAttachment resources, not both.",
                    List.of(Types.IAM_ROLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource role : plan.ofType(Types.IAM_ROLE)) {
                List<String> lists = new ArrayList<>();
                if (!Values.list(role, "inlinePolicies").isEmpty()) {
                    lists.add("inlinePolicies");
                }
                if (!Values.list(role, "managedPolicyArns").isEmpty()) {
                    lists.add("managedPolicyArns");
                }
                if (lists.isEmpty()) {
                    continue;
                }
                List<String> separate = new ArrayList<>();
                plan.referencing(Types.IAM_ROLE_POLICY, "role", role).forEach(r -> separate.add(r.name()));
                plan.referencing(Types.IAM_ROLE_POLICY_ATTACHMENT, "role", role).forEach(r -> separate.add(r.name()));
                plan.referencing(Types.IAM_ROLE_POLICIES_EXCLUSIVE, "roleName", role).forEach(r -> separate.add(r.name()));
                plan.referencing(Types.IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE, "roleName", role).forEach(r -> separate.add(r.name()));
                plan.referencing(Types.IAM_POLICY_ATTACHMENT, "roles", role).forEach(r -> separate.add(r.name()));
                if (!separate.isEmpty()) {
                    out.add(role, "role %s sets %s and is also managed by %s; expected one way of managing its policies",
                            role.name(), lists, separate);
                }
            }
        }
    }

    static final class TrustPolicies extends Rule {
        /**
         * Services that assume roles without setting aws:SourceAccount or aws:SourceArn, so a
         * trust condition on them would lock the service out. AWS publishes no list; these are
         * the services reported to break with the condition (prowler-cloud/prowler#2810, #4714).
         */
        static final Set<String> WITHOUT_SOURCE_KEYS = Set.of("ec2.amazonaws.com", "lambda.amazonaws.com",
                "edgelambda.amazonaws.com", "apigateway.amazonaws.com", "backup.amazonaws.com", "glue.amazonaws.com",
                "cloudtrail.amazonaws.com", "elastictranscoder.amazonaws.com");

        TrustPolicies() {
            super("SEC-IAM-03", MANDATORY, BOTH,
                    "iam Role (trust policy)",
                    "no * principal (nor NotPrincipal) without a condition pinning this account or organization; service principals carry aws:SourceAccount or aws:SourceArn where the service supports it, and never where it does not (it could not assume the role)",
                    "FSBP IAM, confused-deputy guidance",
                    "Trust named principals; if a statement must trust *, add a condition pinning this account or organization (aws:PrincipalAccount, aws:PrincipalOrgID); give service principals StringEquals aws:SourceAccount = this account (or aws:SourceArn).",
                    List.of(Types.IAM_ROLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource role : plan.ofType(Types.IAM_ROLE)) {
                if (out.computed(role, "assumeRolePolicy")) {
                    continue;
                }
                Set<String> accounts = AccountPins.accountsOf(plan, role);
                JsonInputs.policy(role, "assumeRolePolicy", out).ifPresent(doc -> {
                    for (Statement s : doc.allows()) {
                        String sid = s.sid().isEmpty() ? "" : " " + s.sid();
                        if (s.isPublicPrincipal() && !AccountPins.pinsAccountOrOrganization(s, accounts)) {
                            out.add(role, "role %s trust statement%s lets %s assume it with no condition pinning account %s or an organization",
                                    role.name(), sid, s.principalText(), accounts);
                        }
                        for (String service : s.services()) {
                            if (WITHOUT_SOURCE_KEYS.contains(service) && requiresSourceKey(s)) {
                                out.add(role, "role %s trust statement%s requires aws:SourceAccount or aws:SourceArn of %s, which never sends them: "
                                        + "the service could not assume the role; drop the condition", role.name(), sid, service);
                            }
                            if (!WITHOUT_SOURCE_KEYS.contains(service) && !AccountPins.pins(s, AccountPins.SOURCE_KEYS, accounts)) {
                                out.add(role, "role %s trust statement%s lets %s assume it without aws:SourceAccount or aws:SourceArn naming account %s",
                                        role.name(), sid, service, accounts);
                            }
                        }
                    }
                });
            }
        }

        /** A condition on a source key, which a service that never sends it cannot meet. */
        private static boolean requiresSourceKey(Statement s) {
            return s.conditions().values().stream().anyMatch(byKey -> byKey.keySet().stream()
                    .anyMatch(key -> AccountPins.SOURCE_KEYS.stream().anyMatch(key::equalsIgnoreCase)));
        }
    }
}
