package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.ProviderSchema;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import java.util.List;
import java.util.Map;

/** Rules over every resource: tags and deletion protection. */
final class StackRules {
    private StackRules() {
    }

    static final class RequiredTags extends Rule {
        static final List<String> REQUIRED = List.of("project", "stack", "component");

        RequiredTags() {
            super("OPS-TAG-01", MANDATORY, BOTH,
                    "every taggable resource",
                    "tags project, stack, component present",
                    "cost allocation practice",
                    "Tag the resource with project, stack and component (the stack's and project's real names).");
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource r : plan.resources()) {
                if (!r.custom() || !ProviderSchema.isTaggable(r.type()) || out.computed(r, "tags")) {
                    continue;
                }
                Map<String, String> tags = r.tags();
                List<String> missing = REQUIRED.stream().filter(k -> tags.get(k) == null || tags.get(k).isBlank()).toList();
                if (!missing.isEmpty()) {
                    out.add(r, "%s lacks tag(s) %s (has %s)", PlanGraph.describe(r), missing, tags.keySet());
                }
                expectValue(r, "stack", plan.plan().stack(), out);
                expectValue(r, "project", plan.plan().project(), out);
            }
        }

        private static void expectValue(PlannedResource r, String key, String expected, Findings out) {
            String actual = r.tags().get(key);
            if (actual != null && !actual.isBlank() && expected != null && !actual.equals(expected)) {
                out.add(r, "%s has tag %s=%s; expected %s", PlanGraph.describe(r), key, actual, expected);
            }
        }
    }

    static final class StatefulProtected extends Rule {
        StatefulProtected() {
            super("OPS-PROT-01", MANDATORY, PROD,
                    "stateful resources (tables, EFS, raw bucket, KMS key)",
                    "protected from deletion in prod (protect resource option or retainOnDelete)",
                    "—",
                    "Set the protect (or retainOnDelete) resource option on the stateful resource in prod.",
                    List.of(Types.TABLE, Types.FILE_SYSTEM, Types.KMS_KEY, Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource r : plan.resources()) {
                boolean stateful = List.of(Types.TABLE, Types.FILE_SYSTEM, Types.KMS_KEY).contains(r.type())
                        || (r.type().equals(Types.BUCKET) && !Conventions.knownPurpose(r).filter(p -> !p.equals(Conventions.RAW_DATA)).isPresent());
                if (stateful && !r.protect() && !r.retainOnDelete()) {
                    out.add(r, "stateful %s has neither protect nor retainOnDelete; expected deletion protection", PlanGraph.describe(r));
                }
            }
        }
    }

    static final class KnownPurpose extends Rule {
        KnownPurpose() {
            super("OPS-TAG-02", MANDATORY, BOTH,
                    "s3 BucketV2, sqs Queue, sns Topic",
                    "tag purpose with one of the project's known values, so purpose-scoped rules cannot be escaped",
                    "—",
                    "Tag the resource purpose with one of the known values: buckets raw-data, build-artifacts, website or access-logs; queues job-queue or dead-letter; topics ops-alerts.",
                    List.copyOf(Conventions.PURPOSES.keySet().stream().sorted().toList()));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            Conventions.PURPOSES.keySet().stream().sorted().forEach(type -> {
                for (PlannedResource r : plan.ofType(type)) {
                    if (out.computed(r, "tags." + Conventions.PURPOSE) || Conventions.knownPurpose(r).isPresent()) {
                        continue;
                    }
                    String purpose = r.tags().get(Conventions.PURPOSE);
                    out.add(r, "%s has %s; expected purpose one of %s", PlanGraph.describe(r),
                            purpose == null ? "no purpose tag" : "purpose " + purpose + ", which no rule knows",
                            Conventions.PURPOSES.get(type).stream().sorted().toList());
                }
            });
        }
    }
}
