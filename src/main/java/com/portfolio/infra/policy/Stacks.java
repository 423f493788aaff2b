package com.portfolio.infra.policy;

/** The stacks in which a rule holds as written; elsewhere its violations are only advisory. */
public enum Stacks {
    /** Holds in every stack. */
    BOTH,
    /** Holds in {@code prod}; reported as advisory in other stacks. */
    PROD
}
