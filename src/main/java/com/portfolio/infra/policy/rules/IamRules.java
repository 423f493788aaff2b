package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
import com.portfolio.infra.policy.ParsedPolicy.Wildcards;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
                    "Name specific actions and resources: no Action * on Resource *, no service:* actions, iam:PassRole and kms:Decrypt only on named ARNs.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (String type : List.of(Types.IAM_POLICY, Types.IAM_ROLE_POLICY, Types.IAM_USER_POLICY, Types.IAM_GROUP_POLICY)) {
                for (PlannedResource p : plan.ofType(type)) {
                    JsonInputs.policy(p, "policy", out).ifPresent(doc -> checkDoc(p, "policy", doc, out));
                }
            }
            for (PlannedResource role : plan.ofType(Types.IAM_ROLE)) {
                for (Map<String, Object> inline : Values.objects(role, "inlinePolicies")) {
                    String label = "inline policy " + Values.string(inline, "name").orElse("?");
                    JsonInputs.policy(role, Values.string(inline, "policy"), label, out)
                            .ifPresent(doc -> checkDoc(role, label, doc, out));
                }
            }
        }

        private static void checkDoc(PlannedResource r, String what, ParsedPolicy doc, Findings out) {
            for (Statement s : doc.allows()) {
                String where = String.format("%s %s statement%s", r.name(), what, s.sid().isEmpty() ? "" : " " + s.sid());
                if (!s.notActions().isEmpty()) {
                    out.add(r, "%s Allows NotAction %s; expected an explicit Action list", where, s.notActions());
                }
                if (s.actions().contains("*") && s.allResources()) {
                    out.add(r, "%s Allows * on *; expected named actions on named resources", where);
                }
                for (String action : s.actions()) {
                    Wildcards.wholeService(action).filter(svc -> !svc.equals("*")).ifPresent(svc ->
                            out.add(r, "%s Allows %s (every %s action); expected named actions", where, action, svc));
                }
                if (s.allResources() && s.coversAction("iam:PassRole")) {
                    out.add(r, "%s Allows iam:PassRole (via %s) on Resource *; expected the role ARNs it may pass", where, s.actions());
                }
                if (s.allResources() && s.coversAction("kms:Decrypt")) {
                    out.add(r, "%s Allows kms:Decrypt (via %s) on Resource *; expected the key ARNs", where, s.actions());
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
                    "Manage a role's policies one way: either its inlinePolicies/managedPolicyArns inputs or separate RolePolicy/RolePolicyAttachment resources, not both.");
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
}
