package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;

/** Collects a rule's findings; messages are {@link String#format} templates. */
public final class Findings {
    private final List<Finding> list = new ArrayList<>();

    public void add(PlannedResource resource, String template, Object... args) {
        list.add(new Finding(resource, format(template, args), false));
    }

    /** A finding that the rule's exception tag, where POLICY.md allows one, may cover. */
    public void addExceptable(PlannedResource resource, String template, Object... args) {
        list.add(new Finding(resource, format(template, args), true));
    }

    private static String format(String template, Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }

    public List<Finding> list() {
        return List.copyOf(list);
    }
}
