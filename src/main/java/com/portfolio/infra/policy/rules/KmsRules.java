package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The KMS key rules, and how the other rules find a stack key and its policy. */
final class KmsRules {
    private KmsRules() {
    }

    static final class KeyRotation extends Rule {
        KeyRotation() {
            super("SEC-KMS-01", MANDATORY, BOTH,
                    "kms Key",
                    "key rotation enabled",
                    "ckv CKV_AWS_7", "Set enableKeyRotation to true.",
                    List.of(Types.KMS_KEY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource key : plan.ofType(Types.KMS_KEY)) {
                if (out.computed(key, "customerMasterKeySpec") | out.computed(key, "enableKeyRotation")) {
                    continue;
                }
                String spec = Values.string(key, "customerMasterKeySpec").orElse("SYMMETRIC_DEFAULT");
                if (!spec.equals("SYMMETRIC_DEFAULT")) {
                    continue; // AWS rotates only symmetric encryption keys
                }
                if (!Values.isTrue(key, "enableKeyRotation")) {
                    out.add(key, "KMS key %s enableKeyRotation is %s; expected true", key.name(),
                            Values.at(key, "enableKeyRotation").orElse("unset"));
                }
            }
        }
    }

    static final class KeyPolicy extends Rule {
        KeyPolicy() {
            super("SEC-KMS-02", MANDATORY, BOTH,
                    "kms Key (key policy)",
                    "no grant to *; the account root keeps administration; service principals conditioned to this account",
                    "FSBP KMS.1/.2",
                    "Grant named principals only; keep a statement Allowing the account root (arn:<partition>:iam::<account>:root) kms:* with no condition; condition every service principal on this account (aws:SourceAccount, aws:SourceArn or the service's encryption context, e.g. kms:EncryptionContext:aws:logs:arn).",
                    List.of(Types.KMS_KEY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource key : plan.ofType(Types.KMS_KEY)) {
                Optional<List<ParsedPolicy>> docs = KmsKeys.policies(plan, key, out);
                if (docs.isEmpty() || docs.get().isEmpty()) {
                    continue; // without a policy, AWS applies its default: the account root administers, nobody else
                }
                Set<String> accounts = AccountPins.accountsOf(plan, key);
                List<Statement> statements = docs.get().stream().flatMap(d -> d.statements().stream()).toList();
                for (Statement s : statements) {
                    String sid = s.sid().isEmpty() ? "" : " " + s.sid();
                    if (s.isAllow() && s.isPublicPrincipal()) {
                        out.add(key, "KMS key %s policy statement%s Allows %s to %s; expected named principals only",
                                key.name(), sid, s.actionText(), s.principalText());
                    }
                    if (s.isAllow() && !s.services().isEmpty() && !AccountPins.pins(s, AccountPins.ACCOUNT_KEYS, accounts)
                            && !AccountPins.pins(s, AccountPins.ARN_KEYS, accounts)) {
                        out.add(key, "KMS key %s policy statement%s Allows %s with no condition naming account %s; expected aws:SourceAccount, aws:SourceArn or the service's encryption context",
                                key.name(), sid, s.services(), accounts);
                    }
                    if (s.isDeny() && (s.namesEveryPrincipal() || namesRoot(s, accounts)) && s.coversAction("kms:PutKeyPolicy")) {
                        out.add(key, "KMS key %s policy statement%s Denies kms:PutKeyPolicy to %s; expected the account root to keep administration",
                                key.name(), sid, s.principalText());
                    }
                }
                boolean administered = statements.stream().anyMatch(s -> s.isAllow() && namesRoot(s, accounts)
                        && s.coversWholeService("kms") && s.conditionCount() == 0);
                if (!administered) {
                    out.add(key, "KMS key %s policy has no statement Allowing the account root (%s) kms:* without conditions; expected the account to keep administration",
                            key.name(), accounts.stream().map(a -> "arn:aws:iam::" + a + ":root").toList());
                }
            }
        }

        /** The account root, as an ARN or as the bare account id, which IAM reads the same way. */
        private static boolean namesRoot(Statement s, Set<String> accounts) {
            return s.principals().getOrDefault("AWS", List.of()).stream().anyMatch(p -> accounts.stream()
                    .anyMatch(a -> p.equals(a) || p.matches("arn:[a-z-]+:iam::" + a + ":root")));
        }
    }

    /** Finds a stack's KMS keys by id, ARN or alias, and their key policies. */
    static final class KmsKeys {
        private KmsKeys() {
        }

        static Optional<PlannedResource> resolve(PlanGraph plan, String ref) {
            Optional<PlannedResource> key = plan.resolve(Types.KMS_KEY, ref);
            if (key.isPresent()) {
                return key;
            }
            String aliasName = ref.contains(":alias/") ? ref.substring(ref.indexOf(":alias/") + 1) : ref;
            return plan.resolve(Types.KMS_ALIAS, aliasName)
                    .flatMap(a -> Values.string(a, "targetKeyId"))
                    .flatMap(target -> plan.resolve(Types.KMS_KEY, target));
        }

        /**
         * The key's policies (its {@code policy} input and KeyPolicy resources); empty, with the
         * check recorded as not evaluated, when one of them is only known after deployment.
         */
        static Optional<List<ParsedPolicy>> policies(PlanGraph plan, PlannedResource key, Findings out) {
            List<ParsedPolicy> docs = new ArrayList<>();
            boolean unknown = out.computed(key, "policy");
            JsonInputs.policy(key, "policy", out).ifPresent(docs::add);
            for (PlannedResource p : plan.referencing(Types.KMS_KEY_POLICY, "keyId", key)) {
                unknown |= out.computed(p, "policy");
                JsonInputs.policy(p, "policy", out).ifPresent(docs::add);
            }
            return unknown ? Optional.empty() : Optional.of(docs);
        }
    }
}
