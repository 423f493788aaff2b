package com.portfolio.infra.policy;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.rules.StandardRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the rules of {@code shared/POLICY.md} over an offline {@link Plan}. Pulumi policy
 * packs cannot be written in Java, so the program checks its own planned resource inputs.
 *
 * <p>Severity: a rule's findings carry its severity, except that a rule scoped to
 * {@link Stacks#PROD} is reported as {@link Severity#ADVISORY} in other stacks, and a finding on a
 * resource tagged {@code policy-exception:<RULE-ID>} with a non-blank reason becomes advisory. A
 * blank reason, or a rule id that does not exist, is itself a mandatory violation.
 *
 * <p>Conventions the program follows and the rules rely on:
 * <ul>
 *   <li>buckets tag {@code purpose} = {@code raw-data} | {@code build-artifacts} | {@code website} |
 *       {@code access-logs}; SQS queues {@code purpose} = {@code job-queue} | {@code dead-letter};
 *       the ops SNS topic {@code purpose} = {@code ops-alerts};</li>
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
 *       protected in prod with {@code protect} or {@code retainOnDelete};</li>
 *   <li>references between resources are ids or ARNs (names where the provider wants names).</li>
 * </ul>
 */
public final class PolicyEngine {
    private final List<PolicyRule> rules;

    public PolicyEngine(List<PolicyRule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        for (PolicyRule rule : this.rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate policy rule id " + rule.id());
            }
        }
    }

    /** Every rule of POLICY.md. */
    public static PolicyEngine standard() {
        return new PolicyEngine(StandardRules.all());
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    public PolicyReport evaluate(Plan plan) {
        PlanGraph graph = new PlanGraph(plan);
        Map<String, PolicyRule> byId = new HashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        Set<String> suppressed = new HashSet<>();
        List<Violation> violations = new ArrayList<>();

        for (PolicyRule rule : rules) {
            Findings findings = new Findings();
            rule.check(graph, findings);
            for (Finding f : findings.list()) {
                Severity severity = rule.stacks() == Stacks.PROD && !plan.isProd() ? Severity.ADVISORY : rule.severity();
                String message = f.message();
                String reason = f.resource().tags().get(Conventions.EXCEPTION_PREFIX + rule.id());
                if (reason != null && !reason.isBlank() && rule.exceptionAllowed() && f.exceptable()) {
                    severity = Severity.ADVISORY;
                    message = message + " (excepted: " + reason + ")";
                    suppressed.add(rule.id() + " " + f.resource().urn());
                }
                if (rule.stacks() == Stacks.PROD && !plan.isProd()) {
                    message = message + " (holds in prod only)";
                }
                violations.add(new Violation(rule.id(), severity, f.resource().urn(), message, rule.fix()));
            }
        }

        List<ExceptionUse> exceptions = new ArrayList<>();
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
                            "Tag the exception with an id from the table of POLICY.md, or remove the tag."));
                } else if (!rule.exceptionAllowed()) {
                    violations.add(new Violation(ruleId, Severity.MANDATORY, r.urn(),
                            String.format("%s carries tag %s, but %s allows no exception", r.name(), tag.getKey(), ruleId),
                            "Meet the rule instead, or remove the tag; POLICY.md names the few rules that allow an exception."));
                } else if (tag.getValue() == null || tag.getValue().isBlank()) {
                    violations.add(new Violation(ruleId, Severity.MANDATORY, r.urn(),
                            String.format("%s carries tag %s with no reason; an exception must say why it is needed", r.name(), tag.getKey()),
                            "Set the tag's value to the reason for the exception, or remove the tag."));
                } else {
                    exceptions.add(new ExceptionUse(ruleId, r.urn(), tag.getValue(), suppressed.contains(ruleId + " " + r.urn())));
                }
            }
        }
        return new PolicyReport(rules.size(), violations, exceptions);
    }
}
