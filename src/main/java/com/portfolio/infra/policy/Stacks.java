package com.portfolio.infra.policy;

/** The stacks in which a rule holds as written; elsewhere its violations are only advisory. */
public enum Stacks {
    /** Holds in every stack. */
    BOTH,
    /**
     * Holds in production stacks (environment production, e.g. {@code prod}); reported as
     * advisory in development stacks, whatever their name.
     */
    PROD
}
