package com.portfolio.infra.policy;

/**
 * One broken invariant on one resource.
 *
 * @param rule     the rule id, e.g. {@code SEC-S3-01}
 * @param severity the severity after stack and exception adjustments
 * @param urn      the offending resource's URN
 * @param message  what was found and what was expected
 * @param fix      how to fix it
 */
public record Violation(String rule, Severity severity, String urn, String message, String fix) {
}
