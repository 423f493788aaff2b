package com.portfolio.infra.policy;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.rules.StandardRules;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the policy's rules (their table: {@code docs/POLICY-RULES.md}) over an offline
 * {@link Plan}. Pulumi policy packs cannot be written in Java, so the program checks its own
 * planned resource inputs.
 *
 * <p>Severity: a rule's findings carry its severity, except that a rule scoped to
 * {@link Stacks#PROD} is reported as {@link Severity#ADVISORY} in stacks whose environment is not
 * production (the plan's {@link Plan#environment()}, whatever the stack's name), and a finding on a
 * resource tagged {@code policy-exception:<RULE-ID>} with a non-blank reason becomes advisory,
 * unless the tag's expiry ({@code "<reason>; until YYYY-MM-DD"}) has passed on the engine's
 * clock. A blank reason, a malformed expiry, or a rule id that does not exist or allows no
 * exception is itself a mandatory violation.
 *
 * <p>A rule that cannot judge an input because the plan does not know it ({@code <computed>})
 * reports that check as not evaluated instead of passing it.
 *
 * <p>Conventions the program follows and the rules rely on:
 * <ul>
 *   <li>buckets tag {@code purpose} = {@code raw-data} | {@code build-artifacts} | {@code website} |
 *       {@code access-logs}; SQS queues {@code purpose} = {@code job-queue} | {@code dead-letter};
 *       SNS topics {@code purpose} = {@code ops-alerts} (OPS-TAG-02 requires one of these, and the
 *       rules scoped by purpose treat a missing or unknown one as the strictest case);</li>
 *   <li>the security group of the interface endpoints tags {@code purpose} = {@code vpc-endpoints};</li>
 *   <li>subnets and route tables tag {@code tier} = {@code public} | {@code private};</li>
 *   <li>a Lambda function behind an API route declared public carries {@code api-access} =
 *       {@code public} (SEC-API-01 follows Route.target {@code integrations/<id>} to the
 *       Integration's {@code integrationUri}, a function ARN or invoke ARN, to the function);</li>
 *   <li>a Lambda's log group is a declared LogGroup named {@code /aws/lambda/<name input>}, or the
 *       one named in {@code loggingConfig.logGroup}; a CodeBuild project's is named in
 *       {@code logsConfig.cloudwatchLogs.groupName}; functions therefore set {@code name};</li>
 *   <li>an SQS consumer is an EventSourceMapping ({@code eventSourceArn} = queue ARN,
 *       {@code functionName} = function name or ARN);</li>
 *   <li>stateful resources (DynamoDB tables, EFS file systems, KMS keys, raw-data buckets) are
 *       protected in production with {@code protect} or {@code retainOnDelete};</li>
 *   <li>references between resources are ids or ARNs (names where the provider wants names).</li>
 * </ul>
 */
public final class PolicyEngine {
    private final List<PolicyRule> rules;
    private final Clock clock;

    /** @param clock today's date for exception expiries */
    public PolicyEngine(List<PolicyRule> rules, Clock clock) {
        this.rules = List.copyOf(rules);
        this.clock = clock;
        Set<String> ids = new HashSet<>();
        for (PolicyRule rule : this.rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate policy rule id " + rule.id());
            }
        }
    }

    public PolicyEngine(List<PolicyRule> rules) {
        this(rules, Clock.systemUTC());
    }

    /** Every policy rule, as of today (UTC). */
    public static PolicyEngine standard() {
        return standard(Clock.systemUTC());
    }

    /** Every policy rule, as of the clock's day (runtimes' support, exception expiries). */
    public static PolicyEngine standard(Clock clock) {
        return new PolicyEngine(StandardRules.all(LocalDate.now(clock)), clock);
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    public PolicyReport evaluate(Plan plan) {
        PlanGraph graph = new PlanGraph(plan);
        LocalDate today = LocalDate.now(clock);
        Map<String, PolicyRule> byId = new HashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        List<Violation> tagViolations = new ArrayList<>();
        Map<String, ExceptionTag> tags = readExceptionTags(plan, byId, tagViolations);

        Set<String> suppressed = new HashSet<>();
        List<Violation> violations = new ArrayList<>();
        List<NotEvaluated> notEvaluated = new ArrayList<>();
        int applied = 0;
        for (PolicyRule rule : rules) {
            Findings findings = new Findings();
            rule.check(graph, findings);
            boolean relevant = appliesTo(rule, graph) || !findings.list().isEmpty() || !findings.unknown().isEmpty();
            applied += relevant ? 1 : 0;
            findings.unknown().forEach(u -> notEvaluated.add(new NotEvaluated(rule.id(), u.resource().urn(), u.input())));
            boolean prodOnlyHere = rule.stacks() == Stacks.PROD && !plan.isProduction();
            for (Finding f : findings.list()) {
                Severity severity = prodOnlyHere ? Severity.ADVISORY : rule.severity();
                String message = f.message();
                String key = rule.id() + " " + f.resource().urn();
                ExceptionTag exception = tags.get(key);
                if (exception != null && rule.exceptionAllowed() && f.exceptable()) {
                    if (exception.expiredOn(today)) {
                        message = message + String.format(" (exception for %s on %s expired on %s)",
                                rule.id(), f.resource().name(), exception.until().orElseThrow());
                    } else {
                        severity = Severity.ADVISORY;
                        message = message + " (excepted: " + exception.reason() + ")";
                        suppressed.add(key);
                    }
                }
                if (prodOnlyHere) {
                    message = message + " (holds in prod only)";
                }
                violations.add(new Violation(rule.id(), severity, f.resource().urn(), message, rule.fix()));
            }
        }
        violations.addAll(tagViolations);

        List<ExceptionUse> exceptions = new ArrayList<>();
        tags.forEach((key, tag) -> {
            int space = key.indexOf(' ');
            exceptions.add(new ExceptionUse(key.substring(0, space), key.substring(space + 1), tag.reason(),
                    tag.until().orElse(null), tag.expiredOn(today), suppressed.contains(key)));
        });
        return new PolicyReport(rules.size(), applied, violations, exceptions, notEvaluated);
    }

    /** Whether the plan has a resource of a type the rule judges (any cloud resource, for a rule over all). */
    private static boolean appliesTo(PolicyRule rule, PlanGraph graph) {
        if (rule.judgedTypes().isEmpty()) {
            return graph.resources().stream().anyMatch(PlannedResource::custom);
        }
        return rule.judgedTypes().stream().anyMatch(type -> !graph.ofType(type).isEmpty());
    }

    /**
     * The valid exception tags by {@code "<rule id> <urn>"}, in plan order; every invalid one
     * (unknown rule, a rule that allows none, no reason, a malformed expiry) becomes a mandatory
     * violation in {@code violations}.
     */
    private static Map<String, ExceptionTag> readExceptionTags(Plan plan, Map<String, PolicyRule> byId, List<Violation> violations) {
        Map<String, ExceptionTag> valid = new LinkedHashMap<>();
        for (PlannedResource r : plan.resources()) {
            for (Map.Entry<String, String> tag : r.tags().entrySet()) {
                if (!tag.getKey().startsWith(Conventions.EXCEPTION_PREFIX)) {
                    continue;
                }
                String ruleId = tag.getKey().substring(Conventions.EXCEPTION_PREFIX.length());
                PolicyRule rule = byId.get(ruleId);
                if (rule == null) {
                    violations.add(new Violation(ruleId, Severity.MANDATORY, r.urn(),
                            String.format("%s carries tag %s, but %s is not a policy rule id", r.name(), tag.getKey(), ruleId),
                            "Tag the exception with an id from the rule table (docs/POLICY-RULES.md), or remove the tag."));
                    continue;
                }
                if (!rule.exceptionAllowed()) {
                    violations.add(new Violation(ruleId, Severity.MANDATORY, r.urn(),
                            String.format("%s carries tag %s, but %s allows no exception", r.name(), tag.getKey(), ruleId),
                            "Meet the rule instead, or remove the tag; the rule table (docs/POLICY-RULES.md) names the few rules that allow an exception."));
                    continue;
                }
                ExceptionTag parsed;
                try {
                    parsed = ExceptionTag.parse(tag.getValue());
                } catch (IllegalArgumentException e) {
                    violations.add(new Violation(ruleId, Severity.MANDATORY, r.urn(),
                            String.format("%s carries tag %s = \"%s\", but %s", r.name(), tag.getKey(), tag.getValue(), e.getMessage()),
                            "Write the expiry as \"<reason>; until YYYY-MM-DD\", or drop it."));
                    continue;
                }
                if (parsed.reason().isBlank()) {
                    violations.add(new Violation(ruleId, Severity.MANDATORY, r.urn(),
                            String.format("%s carries tag %s with no reason; an exception must say why it is needed", r.name(), tag.getKey()),
                            "Set the tag's value to the reason for the exception, or remove the tag."));
                    continue;
                }
                valid.put(ruleId + " " + r.urn(), parsed);
            }
        }
        return valid;
    }
}
