package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.AwsFacts;
import com.portfolio.infra.policy.AwsSchemas;
import com.portfolio.infra.policy.CrossFieldRules;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.InputConstraint;
import com.portfolio.infra.policy.InputPaths;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.ProviderInputs;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What AWS would reject at apply time, found in the plan instead. */
final class ApplyRules {
    private ApplyRules() {
    }

    /**
     * APPLY-01: every input meets the constraints AWS enforces when it creates or updates the
     * resource (which the provider does not check, so {@code pulumi preview} passes and
     * {@code pulumi up} fails halfway).
     */
    static final class AcceptedByAws extends Rule {
        /** Stands for the provider's random suffix when an auto-name is checked: 7 hex characters. */
        static final String RANDOM_SUFFIX = "1a2b3c4";
        /** Stands for Terraform's 26-character unique id after a name prefix. */
        static final String PREFIX_SUFFIX = "20260101000000000000000001";

        private final AwsSchemas schemas;

        AcceptedByAws() {
            this(AwsSchemas.standard());
        }

        AcceptedByAws(AwsSchemas schemas) {
            super("APPLY-01", MANDATORY, BOTH,
                    "every resource",
                    "inputs satisfy the constraints AWS enforces at create/update time that the provider does not check: "
                            + "patterns, lengths and enums of AWS's published resource schemas (security-group descriptions, "
                            + "names, aliases), naming rules and size quotas, the names the provider generates, tag limits "
                            + "(50 tags, key 128, value 256, no aws: prefix) and cross-field rules",
                    "CloudFormation registry schemas (cfn-lint); AWS API references and service quotas",
                    "Change the input to what AWS accepts (the message names the rule and its source); for a name the "
                            + "provider generates, shorten the logical name or set the name explicitly.");
            this.schemas = schemas;
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            Set<String> placeholders = placeholders(plan);
            for (PlannedResource r : plan.resources()) {
                if (!r.custom()) {
                    continue;
                }
                List<InputConstraint> constraints = constraintsOf(r.type());
                for (InputConstraint constraint : constraints) {
                    for (InputPaths.Found found : InputPaths.valuesAt(r.inputs(), constraint.path())) {
                        if (placeholder(found.value(), placeholders)) {
                            continue;
                        }
                        constraint.problem(found.value()).ifPresent(problem -> out.add(r, "%s: %s %s %s; AWS accepts %s (%s)",
                                PlanGraph.describe(r), found.path(), show(found.value()), problem, constraint.expected(),
                                constraint.source()));
                    }
                }
                autoName(r, constraints, out);
            }
            CrossFieldRules.checkAll(plan, out);
        }

        /** Every constraint on the inputs of {@code type}: the schemas', the documented ones, the tag limits. */
        List<InputConstraint> constraintsOf(String type) {
            var all = new ArrayList<InputConstraint>();
            schemas.type(type).ifPresent(entry -> all.addAll(entry.constraints()));
            all.addAll(AwsFacts.constraints(type));
            if (ProviderInputs.has(type, "tags")) {
                all.addAll(AwsFacts.tagConstraints(type));
            }
            return all;
        }

        /**
         * A name the provider generates is checked as the name it will be: the logical name, a
         * hyphen and 7 random characters (or the name prefix and 26 characters), with the type's
         * own prefix or suffix, against every constraint on the name input.
         */
        private static void autoName(PlannedResource r, List<InputConstraint> constraints, Findings out) {
            Optional<AwsFacts.AutoName> rule = AwsFacts.autoName(r.type());
            if (rule.isEmpty() || Values.at(r, rule.get().property()).isPresent()) {
                return;
            }
            AwsFacts.AutoName autoName = rule.get();
            String fifo = autoName.fifoFlag() != null && Values.isTrue(r, autoName.fifoFlag()) ? ".fifo" : "";
            Optional<String> prefix = autoName.prefixProperty() == null ? Optional.empty()
                    : Values.string(r, autoName.prefixProperty());
            String candidate;
            String origin;
            if (prefix.isPresent()) {
                candidate = prefix.get() + PREFIX_SUFFIX + fifo;
                origin = autoName.prefixProperty() + " \"" + prefix.get() + "\" and " + AwsFacts.AutoName.PREFIX_SUFFIX
                        + " generated characters";
            } else {
                String base = autoName.lowercase() ? r.name().toLowerCase(Locale.ROOT) : r.name();
                int generated = base.length() + 1 + AwsFacts.AutoName.RANDOM_SUFFIX;
                if (generated > autoName.providerMax()) {
                    out.add(r, "%s: %s is not set and the provider cannot generate it: logical name \"%s\", a hyphen and %d "
                                    + "random characters make %d characters, over its limit of %d; shorten the logical name or set %s",
                            PlanGraph.describe(r), autoName.property(), r.name(), AwsFacts.AutoName.RANDOM_SUFFIX, generated,
                            autoName.providerMax(), autoName.property());
                    return;
                }
                candidate = (base.startsWith(autoName.prefix()) ? "" : autoName.prefix()) + base + "-" + RANDOM_SUFFIX + fifo;
                origin = "the logical name, a hyphen and " + AwsFacts.AutoName.RANDOM_SUFFIX + " random characters";
            }
            for (InputConstraint constraint : constraints) {
                if (!constraint.path().equals(autoName.property())) {
                    continue;
                }
                constraint.problem(candidate).ifPresent(problem -> out.add(r,
                        "%s: %s is not set, so the provider generates one like \"%s\" (%s), which %s; AWS accepts %s (%s); "
                                + "shorten the logical name or set %s",
                        PlanGraph.describe(r), autoName.property(), candidate, origin, problem, constraint.expected(),
                        constraint.source(), autoName.property()));
            }
        }

        /** Ids and ARNs of planned resources stand for values only AWS assigns: nothing to judge. */
        private static Set<String> placeholders(PlanGraph plan) {
            var found = new HashSet<String>();
            for (PlannedResource r : plan.resources()) {
                if (r.id() != null) {
                    found.add(r.id());
                }
                if (r.arn() != null) {
                    found.add(r.arn());
                }
            }
            return found;
        }

        private static boolean placeholder(Object value, Set<String> placeholders) {
            return value instanceof String s && (placeholders.contains(s) || s.contains(PlannedResource.COMPUTED)
                    || s.contains(PlannedResource.SECRET));
        }

        private static String show(Object value) {
            if (value instanceof String s) {
                return "\"" + (s.length() > 120 ? s.substring(0, 117) + "..." : s) + "\"";
            }
            if (value instanceof Number n) {
                return Values.show(n.doubleValue());
            }
            String text = String.valueOf(value);
            return text.length() > 120 ? text.substring(0, 117) + "..." : text;
        }
    }
}
