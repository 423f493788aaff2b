package com.portfolio.infra.policy;

import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.List;

/** Collects a rule's findings; messages are {@link String#format} templates. */
public final class Findings {
    private final List<Finding> list = new ArrayList<>();
    private final java.util.Map<String, Unknown> unknown = new java.util.LinkedHashMap<>();

    /** An input a rule needed but the plan cannot know. */
    public record Unknown(PlannedResource resource, String input) {
    }

    public void add(PlannedResource resource, String template, Object... args) {
        list.add(new Finding(resource, format(template, args), false));
    }

    /** A finding that the rule's exception tag, where the policy allows one, may cover. */
    public void addExceptable(PlannedResource resource, String template, Object... args) {
        list.add(new Finding(resource, format(template, args), true));
    }

    /**
     * Whether the input at {@code path} of {@code resource} is, or holds, a value known only after
     * deployment; if so, records that the check depending on it was not evaluated. A rule calls
     * this before judging an input, so that a placeholder never reads as absent.
     */
    public boolean computed(PlannedResource resource, String path) {
        if (Values.isComputed(resource.inputs(), path)) {
            unknown.putIfAbsent(resource.urn() + " " + path, new Unknown(resource, path));
            return true;
        }
        return false;
    }

    /**
     * Whether any resource of {@code type} has one of {@code paths} unknown until deployment, so
     * that it might be the companion or reference a rule looks for; records each as not evaluated.
     * A rule calls this before reporting that something is missing.
     */
    public boolean anyComputed(PlanGraph plan, String type, String... paths) {
        boolean any = false;
        for (PlannedResource r : plan.ofType(type)) {
            for (String path : paths) {
                any |= computed(r, path);
            }
        }
        return any;
    }

    private static String format(String template, Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }

    public List<Finding> list() {
        return List.copyOf(list);
    }

    public List<Unknown> unknown() {
        return List.copyOf(unknown.values());
    }
}
