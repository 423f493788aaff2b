package com.portfolio.infra.policy;

/**
 * A {@code policy-exception:<RULE-ID>} tag found on a resource.
 *
 * @param rule       the excepted rule id
 * @param urn        the tagged resource
 * @param reason     the tag's value: why the exception is needed
 * @param suppressed whether it turned an actual violation into an advisory in this plan
 */
public record ExceptionUse(String rule, String urn, String reason, boolean suppressed) {
}
