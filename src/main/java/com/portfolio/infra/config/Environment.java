package com.portfolio.infra.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What a stack is for, set by {@code portfolio:environment}. Every behaviour that protects a
 * production stack (protect and retainOnDelete on stateful resources, deletion protection, EFS
 * backups, a NAT gateway per AZ, the rules that hold in production only) follows this setting,
 * never the stack's name, so a production stack may be called anything.
 */
public enum Environment {
    PRODUCTION("production"),
    DEVELOPMENT("development");

    /** Stack names that mean production when {@code portfolio:environment} is not set. */
    public static final Set<String> PRODUCTION_STACK_NAMES = Set.of("prod", "production");

    private final String word;

    Environment(String word) {
        this.word = word;
    }

    /** The word in the stack file and the plan JSON. */
    public String word() {
        return word;
    }

    public boolean isProduction() {
        return this == PRODUCTION;
    }

    /** The environment of a stack that does not set one: production for {@code prod} and {@code production}. */
    public static Environment defaultFor(String stack) {
        return PRODUCTION_STACK_NAMES.contains(stack) ? PRODUCTION : DEVELOPMENT;
    }

    /** The environment a word names, if any. */
    public static Optional<Environment> ofWord(String word) {
        return Arrays.stream(values()).filter(e -> e.word.equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word;
    }
}
