package com.portfolio.infra.policy;

/**
 * One policy rule. A rule sees the whole plan (through {@link PlanGraph}), so it can relate
 * resources to each other; it reports findings and leaves severity adjustments to the engine.
 */
public interface PolicyRule {

    /** The rule id, e.g. {@code SEC-S3-01}. */
    String id();

    Severity severity();

    Stacks stacks();

    /** The resource types the rule judges, e.g. {@code s3 BucketPolicy}. */
    String resources();

    /** What must hold, in one sentence: the rule table's "invariant" column. */
    String invariant();

    /** The references that demand the rule (control ids), or {@code -}. */
    String source();

    /** How to fix a violation, in one sentence. */
    String fix();

    void check(PlanGraph plan, Findings out);

    /**
     * The Pulumi type tokens the rule judges: the rule applies to a plan that has a resource of
     * one of them. Empty: the rule judges every resource.
     */
    default java.util.List<String> judgedTypes() {
        return java.util.List.of();
    }

    /**
     * Whether a resource may carry a {@code policy-exception:<id>} tag for this rule. The policy
     * allows an exception only where it names one; everywhere else the tag is refused.
     */
    default boolean exceptionAllowed() {
        return false;
    }
}
