package com.portfolio.infra.policy;

/** How a broken rule is treated: mandatory violations fail {@code plan} and the tests. */
public enum Severity {
    MANDATORY,
    ADVISORY
}
