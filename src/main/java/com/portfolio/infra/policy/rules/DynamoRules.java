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
                    "FSBP DynamoDB.2", "Set pointInTimeRecovery.enabled to true.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (!Values.isTrue(t, "pointInTimeRecovery.enabled")) {
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
                    "FSBP DynamoDB.6", "Set deletionProtectionEnabled to true.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (!Values.isTrue(t, "deletionProtectionEnabled")) {
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
                    "Set billingMode PAY_PER_REQUEST, or add appautoscaling Targets (dynamodb, table/<name>) for read and write capacity.");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
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
                    "Remove serverSideEncryption.enabled=false (or set it true with a KMS key).");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource t : plan.ofType(Types.TABLE)) {
                if (Values.bool(t, "serverSideEncryption.enabled").filter(b -> !b).isPresent()) {
                    out.add(t, "table %s sets serverSideEncryption.enabled false; expected encryption never disabled", t.name());
                }
            }
        }
    }
}
