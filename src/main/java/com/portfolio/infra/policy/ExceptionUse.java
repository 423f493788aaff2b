package com.portfolio.infra.policy;

import java.time.LocalDate;

/**
 * A {@code policy-exception:<RULE-ID>} tag found on a resource.
 *
 * @param rule       the excepted rule id
 * @param urn        the tagged resource
 * @param reason     why the exception is needed (the tag's value without its expiry)
 * @param until      the last day the exception applies, or null if it does not expire
 * @param expired    whether that day has passed, so that the exception no longer applies
 * @param suppressed whether it turned an actual violation into an advisory in this plan
 */
public record ExceptionUse(String rule, String urn, String reason, LocalDate until, boolean expired, boolean suppressed) {
}
