package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;

/**
 * What a rule reports before the engine applies stack scope and exceptions.
 *
 * @param exceptable whether an exception tag may cover it: only the case the policy names (a rule
 *                   may check several things and allow an exception for one of them)
 */
public record Finding(PlannedResource resource, String message, boolean exceptable) {
}
