package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.List;
import java.util.Optional;

/** The DynamoDB table rules. */
final class DynamoRules {
    private DynamoRules() {
    }

    static final class PointInTimeRecovery extends Rule {
        PointInTimeRecovery() {
            super("REL-DDB-01", MANDATORY, BOTH,
                    "dynamodb Table",
                    "point-in-time recovery enabled",
                    "FSBP DynamoDB.2", "Set pointInTimeRecovery.enabled to true.",
                    List.of(Types.TABLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (!out.computed(t, "pointInTimeRecovery.enabled") && !Values.isTrue(t, "pointInTimeRecovery.enabled")) {
                    out.add(t, "table %s pointInTimeRecovery.enabled is %s; expected true", t.name(),
                            Values.at(t, "pointInTimeRecovery.enabled").orElse("unset"));
                }
            }
        }
    }

    static final class DeletionProtection extends Rule {
        DeletionProtection() {
            super("REL-DDB-02", MANDATORY, PROD,
                    "dynamodb Table",
                    "deletionProtectionEnabled true",
                    "FSBP DynamoDB.6", "Set deletionProtectionEnabled to true.",
                    List.of(Types.TABLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (!out.computed(t, "deletionProtectionEnabled") && !Values.isTrue(t, "deletionProtectionEnabled")) {
                    out.add(t, "table %s deletionProtectionEnabled is %s; expected true", t.name(),
                            Values.at(t, "deletionProtectionEnabled").orElse("unset"));
                }
            }
        }
    }

    static final class Capacity extends Rule {
        static final List<String> DIMENSIONS = List.of("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits");

        Capacity() {
            super("REL-DDB-03", MANDATORY, BOTH,
                    "dynamodb Table",
                    "PAY_PER_REQUEST, or provisioned with autoscaling",
                    "FSBP DynamoDB.1",
                    "Set billingMode PAY_PER_REQUEST, or add appautoscaling Targets (dynamodb, table/<name>) for read and write capacity.",
                    List.of(Types.TABLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (out.computed(t, "billingMode")) {
                    continue;
                }
                // The provider's default billing mode is PROVISIONED.
                String mode = Values.string(t, "billingMode").orElse("PROVISIONED");
                if (mode.equals("PAY_PER_REQUEST")) {
                    continue;
                }
                Optional<String> name = PlanGraph.awsName(t);
                for (String dimension : DIMENSIONS) {
                    boolean scaled = plan.ofType(Types.SCALING_TARGET).stream().anyMatch(s ->
                            "dynamodb".equals(Values.string(s, "serviceNamespace").orElse(""))
                                    && dimension.equals(Values.string(s, "scalableDimension").orElse(""))
                                    && name.map(n -> ("table/" + n).equals(Values.string(s, "resourceId").orElse(""))).orElse(false));
                    if (!scaled) {
                        out.add(t, "table %s is %s without an autoscaling target for %s (resourceId table/%s); expected PAY_PER_REQUEST or autoscaling",
                                t.name(), mode, dimension, name.orElse("?"));
                    }
                }
            }
        }
    }

    static final class Encryption extends Rule {
        Encryption() {
            super("SEC-DDB-04", MANDATORY, BOTH,
                    "dynamodb Table",
                    "server-side encryption never disabled",
                    "AG dynamodb-table-encryption-enabled",
                    "Remove serverSideEncryption.enabled=false (or set it true with a KMS key).",
                    List.of(Types.TABLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (!out.computed(t, "serverSideEncryption.enabled")
                        && Values.bool(t, "serverSideEncryption.enabled").filter(b -> !b).isPresent()) {
                    out.add(t, "table %s sets serverSideEncryption.enabled false; expected encryption never disabled", t.name());
                }
            }
        }
    }

    static final class CustomerKey extends Rule {
        CustomerKey() {
            super("SEC-DDB-05", MANDATORY, BOTH,
                    "dynamodb Table",
                    "encrypted with the stack's customer-managed key",
                    "ckv CKV_AWS_119",
                    "Set serverSideEncryption.enabled true and serverSideEncryption.kmsKeyArn to the stack's KMS key.",
                    List.of(Types.TABLE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (out.computed(t, "serverSideEncryption")) {
                    continue;
                }
                // Without both, DynamoDB uses a key AWS owns or manages, which no key policy of ours controls.
                if (!Values.isTrue(t, "serverSideEncryption.enabled")) {
                    out.add(t, "table %s serverSideEncryption.enabled is %s; expected true with the stack's KMS key",
                            t.name(), Values.at(t, "serverSideEncryption.enabled").orElse("unset"));
                    continue;
                }
                Optional<String> key = Values.string(t, "serverSideEncryption.kmsKeyArn");
                if (key.isEmpty() || KmsRules.KmsKeys.resolve(plan, key.get()).isEmpty()) {
                    out.add(t, "table %s is encrypted with %s; expected the stack's customer-managed KMS key",
                            t.name(), key.map(k -> k + ", which is no key of this stack").orElse("the AWS-managed key (no kmsKeyArn)"));
                }
            }
        }
    }
}
