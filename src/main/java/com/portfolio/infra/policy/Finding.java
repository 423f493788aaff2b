package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;

/** What a rule reports before the engine applies stack scope and exceptions. */
public record Finding(PlannedResource resource, String message) {
}
