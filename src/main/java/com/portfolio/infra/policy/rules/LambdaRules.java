package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.ADVISORY;
import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.ArnPatterns;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The Lambda function and permission rules. */
final class LambdaRules {
    private LambdaRules() {
    }

    static final class SupportedRuntimeNoSecrets extends Rule {
        /**
         * Runtime to the date AWS deprecates it (blocks function creation soon after), from
         * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html. Runtimes missing here
         * are already deprecated or unknown. Keep this table current when AWS publishes dates.
         */
        static final Map<String, LocalDate> DEPRECATION = Map.ofEntries(
                Map.entry("nodejs24.x", LocalDate.of(2028, 4, 30)),
                Map.entry("nodejs22.x", LocalDate.of(2027, 4, 30)),
                Map.entry("nodejs20.x", LocalDate.of(2026, 4, 30)),
                Map.entry("nodejs18.x", LocalDate.of(2025, 9, 1)),
                Map.entry("python3.14", LocalDate.of(2029, 6, 30)),
                Map.entry("python3.13", LocalDate.of(2029, 6, 30)),
                Map.entry("python3.12", LocalDate.of(2028, 10, 31)),
                Map.entry("python3.11", LocalDate.of(2027, 6, 30)),
                Map.entry("python3.10", LocalDate.of(2026, 6, 30)),
                Map.entry("python3.9", LocalDate.of(2025, 12, 15)),
                Map.entry("java25", LocalDate.of(2029, 6, 30)),
                Map.entry("java21", LocalDate.of(2029, 6, 30)),
                Map.entry("java17", LocalDate.of(2026, 6, 30)),
                Map.entry("java11", LocalDate.of(2026, 6, 30)),
                Map.entry("java8.al2", LocalDate.of(2026, 6, 30)),
                Map.entry("dotnet10", LocalDate.of(2028, 11, 10)),
                Map.entry("dotnet8", LocalDate.of(2026, 11, 10)),
                Map.entry("ruby3.4", LocalDate.of(2028, 3, 31)),
                Map.entry("ruby3.3", LocalDate.of(2027, 3, 31)),
                Map.entry("ruby3.2", LocalDate.of(2026, 3, 31)),
                Map.entry("provided.al2023", LocalDate.of(2029, 6, 30)),
                Map.entry("provided.al2", LocalDate.of(2026, 6, 30)));

        private final LocalDate today;

        SupportedRuntimeNoSecrets(LocalDate today) {
            super("SEC-LAM-01", MANDATORY, BOTH,
                    "lambda Function",
                    "runtime is a currently supported one; environment variables hold no credentials (no *KEY*, *SECRET*, *TOKEN*, *PASSWORD* values in plain text)",
                    "FSBP Lambda.2, ckv CKV_AWS_45",
                    "Move to a supported runtime (e.g. java21, nodejs22.x, python3.12); keep credentials in Secrets Manager or SSM and pass only their ARN or name.",
                    List.of(Types.FUNCTION));
            this.today = today;
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fn : plan.ofType(Types.FUNCTION)) {
                Optional<String> runtime = Values.string(fn, "runtime");
                boolean image = "Image".equals(Values.string(fn, "packageType").orElse("Zip"));
                boolean unknown = out.computed(fn, "runtime") | out.computed(fn, "packageType");
                if (!unknown && runtime.isEmpty() && !image) {
                    out.add(fn, "function %s has no runtime; expected a supported one", fn.name());
                } else if (!unknown && runtime.isPresent()) {
                    LocalDate end = DEPRECATION.get(runtime.get());
                    if (end == null) {
                        out.add(fn, "function %s runtime %s is deprecated or unknown; expected one of %s",
                                fn.name(), runtime.get(), supportedOn(today));
                    } else if (!today.isBefore(end)) {
                        out.add(fn, "function %s runtime %s reached end of support on %s; expected one of %s",
                                fn.name(), runtime.get(), end, supportedOn(today));
                    }
                }
                Values.at(fn, "environment.variables").filter(Map.class::isInstance).ifPresent(vars ->
                        ((Map<?, ?>) vars).forEach((name, value) -> {
                            if (!out.computed(fn, "environment.variables." + name)
                                    && Secrets.isPlaintextCredential(String.valueOf(name), String.valueOf(value))) {
                                out.add(fn, "function %s environment variable %s holds a credential in plain text; expected a Secrets Manager/SSM reference",
                                        fn.name(), name);
                            }
                        }));
            }
        }

        static List<String> supportedOn(LocalDate day) {
            return DEPRECATION.entrySet().stream().filter(e -> day.isBefore(e.getValue()))
                    .map(Map.Entry::getKey).sorted().toList();
        }
    }

    static final class PermissionScoped extends Rule {
        PermissionScoped() {
            super("SEC-LAM-02", MANDATORY, BOTH,
                    "lambda Permission",
                    "principal is a service, never *; sourceArn set",
                    "FSBP Lambda.1",
                    "Grant invoke to a service principal (e.g. apigateway.amazonaws.com) and set sourceArn to the invoking resource's ARN.",
                    List.of(Types.LAMBDA_PERMISSION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource p : plan.ofType(Types.LAMBDA_PERMISSION)) {
                String principal = Values.string(p, "principal").orElse("unset");
                if (!out.computed(p, "principal") && (!principal.endsWith(".amazonaws.com") || principal.contains("*"))) {
                    out.add(p, "permission %s grants %s to principal %s; expected a service principal (*.amazonaws.com), never *",
                            p.name(), Values.string(p, "action").orElse("lambda:InvokeFunction"), principal);
                }
                if (out.computed(p, "sourceArn")) {
                    continue;
                }
                Optional<String> source = Values.string(p, "sourceArn");
                if (source.isEmpty()) {
                    out.add(p, "permission %s for %s has no sourceArn; expected the invoking resource's ARN", p.name(), principal);
                } else if (ArnPatterns.reachesBeyondStack(source.get(), plan.stackArns())) {
                    out.add(p, "permission %s for %s has sourceArn %s, which matches resources beyond this stack; expected the invoking resource's ARN",
                            p.name(), principal, source.get());
                }
            }
        }
    }

    static final class ExplicitLimits extends Rule {
        ExplicitLimits() {
            super("REL-LAM-03", MANDATORY, BOTH,
                    "lambda Function",
                    "timeout and memorySize set explicitly; reservedConcurrentExecutions set in prod",
                    "SR ES1005/ES1006",
                    "Set timeout and memorySize on the function; in prod also set reservedConcurrentExecutions (>= 0).",
                    List.of(Types.FUNCTION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fn : plan.ofType(Types.FUNCTION)) {
                for (String input : new String[] {"timeout", "memorySize"}) {
                    if (!out.computed(fn, input) && Values.number(fn, input).isEmpty()) {
                        out.add(fn, "function %s has no %s; expected it set explicitly", fn.name(), input);
                    }
                }
                if (plan.isProduction() && !out.computed(fn, "reservedConcurrentExecutions")) {
                    Optional<Double> reserved = Values.number(fn, "reservedConcurrentExecutions");
                    if (reserved.isEmpty() || reserved.get() < 0) {
                        out.add(fn, "function %s reservedConcurrentExecutions is %s in prod; expected a reservation >= 0",
                                fn.name(), reserved.map(Values::show).orElse("unset"));
                    }
                }
            }
        }
    }

    static final class VpcSubnets extends Rule {
        VpcSubnets() {
            super("REL-LAM-04", MANDATORY, BOTH,
                    "lambda Function",
                    "a function in a VPC uses private subnets in at least two AZs",
                    "FSBP Lambda.5",
                    "Attach the function to private subnets (tier=private) in at least two availability zones.",
                    List.of(Types.FUNCTION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fn : plan.ofType(Types.FUNCTION)) {
                List<String> subnetIds = Values.strings(fn, "vpcConfig.subnetIds");
                if (subnetIds.isEmpty() || out.computed(fn, "vpcConfig.subnetIds")) {
                    continue;
                }
                for (String id : subnetIds) {
                    Optional<PlannedResource> subnet = plan.resolve(Types.SUBNET, id);
                    if (subnet.isEmpty() || !PlanGraph.tagged(subnet.get(), Conventions.TIER, Conventions.PRIVATE)) {
                        out.add(fn, "function %s uses subnet %s, which is %s; expected private subnets", fn.name(), id,
                                subnet.map(s -> "tier " + PlanGraph.tag(s, Conventions.TIER)).orElse("not declared in this stack"));
                    }
                }
                Set<String> zones = new java.util.TreeSet<>();
                subnetIds.forEach(id -> plan.subnetZone(id).ifPresent(zones::add));
                if (zones.size() < 2 && !out.anyComputed(plan, Types.SUBNET, "availabilityZone", "availabilityZoneId")) {
                    out.add(fn, "function %s subnets span %d availability zone(s) %s; expected at least 2", fn.name(), zones.size(), zones);
                }
            }
        }
    }

    static final class Tracing extends Rule {
        Tracing() {
            super("SEC-LAM-05", ADVISORY, PROD,
                    "lambda Function",
                    "X-Ray tracing Active",
                    "ckv CKV_AWS_50", "Set tracingConfig.mode to Active.",
                    List.of(Types.FUNCTION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource fn : plan.ofType(Types.FUNCTION)) {
                String mode = Values.string(fn, "tracingConfig.mode").orElse("unset");
                if (!out.computed(fn, "tracingConfig.mode") && !"Active".equals(mode)) {
                    out.add(fn, "function %s tracingConfig.mode is %s; expected Active", fn.name(), mode);
                }
            }
        }
    }
}
