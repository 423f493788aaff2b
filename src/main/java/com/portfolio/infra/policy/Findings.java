package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;

/** Collects a rule's findings; messages are {@link String#format} templates. */
public final class Findings {
    private final List<Finding> list = new ArrayList<>();

    public void add(PlannedResource resource, String template, Object... args) {
        list.add(new Finding(resource, args.length == 0 ? template : String.format(template, args)));
    }

    public List<Finding> list() {
        return List.copyOf(list);
    }
}
