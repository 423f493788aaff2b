package com.portfolio.infra.policy;

import java.util.List;

/** Base class holding a rule's identity and documentation; subclasses implement only {@link #check}. */
public abstract class Rule implements PolicyRule {
    private final String id;
    private final Severity severity;
    private final Stacks stacks;
    private final String resources;
    private final String invariant;
    private final String source;
    private final String fix;
    private final List<String> judgedTypes;

    /**
     * @param resources the resource types the rule judges, e.g. {@code s3 BucketPolicy}
     * @param invariant what must hold, in one sentence
     * @param source    the references that demand it (control ids), or {@code -}
     * @param fix       how to fix a violation, in one sentence
     */
    protected Rule(String id, Severity severity, Stacks stacks, String resources, String invariant, String source,
                   String fix) {
        this(id, severity, stacks, resources, invariant, source, fix, List.of());
    }

    /**
     * @param judgedTypes the type tokens of the resources the rule judges (see
     *                    {@link PolicyRule#judgedTypes}); empty for every resource
     */
    protected Rule(String id, Severity severity, Stacks stacks, String resources, String invariant, String source,
                   String fix, List<String> judgedTypes) {
        this.judgedTypes = List.copyOf(judgedTypes);
        this.id = id;
        this.severity = severity;
        this.stacks = stacks;
        this.resources = resources;
        this.invariant = invariant;
        this.source = source;
        this.fix = fix;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    @Override
    public final Stacks stacks() {
        return stacks;
    }

    @Override
    public final String resources() {
        return resources;
    }

    @Override
    public final String invariant() {
        return invariant;
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final String fix() {
        return fix;
    }

    @Override
    public final List<String> judgedTypes() {
        return judgedTypes;
    }

    @Override
    public String toString() {
        return id;
    }
}
