package com.portfolio.infra.policy;

/** Base class holding a rule's identity; subclasses implement only {@link #check}. */
public abstract class Rule implements PolicyRule {
    private final String id;
    private final Severity severity;
    private final Stacks stacks;
    private final String fix;

    protected Rule(String id, Severity severity, Stacks stacks, String fix) {
        this.id = id;
        this.severity = severity;
        this.stacks = stacks;
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
    public final String fix() {
        return fix;
    }

    @Override
    public String toString() {
        return id;
    }
}
