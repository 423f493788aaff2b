package com.portfolio.infra.policy;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds plans by hand the way the program's mocks would record them: ids {@code <name>-id}, ARNs
 * {@code arn:aws:<module>:us-east-1:123456789012:<name>}, and the three required tags on every
 * taggable resource.
 */
final class TestPlan {
    static final String PROJECT = "portfolio";

    private final String stack;
    private final Map<String, Res> resources = new LinkedHashMap<>();

    private TestPlan(String stack) {
        this.stack = stack;
    }

    static TestPlan stack(String stack) {
        return new TestPlan(stack);
    }

    Res add(String type, String name) {
        Res r = new Res(type, name);
        if (ProviderSchema.isTaggable(type)) {
            r.tag("project", PROJECT).tag("stack", stack).tag("component", "test");
        }
        resources.put(name, r);
        return r;
    }

    Res get(String name) {
        Res r = resources.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no resource " + name);
        }
        return r;
    }

    TestPlan without(String name) {
        get(name);
        resources.remove(name);
        return this;
    }

    String urn(String name) {
        return get(name).urn();
    }

    Plan build() {
        List<PlannedResource> list = new ArrayList<>();
        list.add(new PlannedResource(urnOf("pulumi:pulumi:Stack", PROJECT + "-" + stack), "pulumi:pulumi:Stack",
                PROJECT + "-" + stack, null, null, false, Map.of(), false, false, null));
        resources.values().forEach(r -> list.add(r.toPlanned()));
        return new Plan(PROJECT, stack, list, Map.of());
    }

    private String urnOf(String type, String name) {
        return "urn:pulumi:" + stack + "::" + PROJECT + "::" + type + "::" + name;
    }

    /** One resource under construction; inputs are set by dotted path. */
    final class Res {
        final String type;
        final String name;
        final Map<String, Object> inputs = new LinkedHashMap<>();
        final Map<String, Object> extraState = new LinkedHashMap<>();
        boolean protect;
        boolean retainOnDelete;

        Res(String type, String name) {
            this.type = type;
            this.name = name;
        }

        String id() {
            return name + "-id";
        }

        String arn() {
            String module = type.split(":")[1].split("/")[0];
            return "arn:aws:" + module + ":us-east-1:123456789012:" + name;
        }

        String urn() {
            return urnOf(type, name);
        }

        @SuppressWarnings("unchecked")
        Res set(String path, Object value) {
            String[] parts = path.split("\\.");
            Map<String, Object> current = inputs;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = current.get(parts[i]);
                // Copy maps given as Map.of(...) so that later edits can reach inside them.
                Map<String, Object> mutable = next instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : new LinkedHashMap<>();
                current.put(parts[i], mutable);
                current = mutable;
            }
            if (value == null) {
                current.remove(parts[parts.length - 1]);
            } else {
                current.put(parts[parts.length - 1], value instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : value);
            }
            return this;
        }

        Res unset(String path) {
            return set(path, null);
        }

        @SuppressWarnings("unchecked")
        Res tag(String key, String value) {
            Map<String, Object> tags = (Map<String, Object>) inputs.computeIfAbsent("tags", k -> new LinkedHashMap<String, Object>());
            if (value == null) {
                tags.remove(key);
            } else {
                tags.put(key, value);
            }
            return this;
        }

        Res state(String key, Object value) {
            extraState.put(key, value);
            return this;
        }

        Res protect(boolean protect) {
            this.protect = protect;
            return this;
        }

        Res retainOnDelete(boolean retain) {
            this.retainOnDelete = retain;
            return this;
        }

        PlannedResource toPlanned() {
            Map<String, Object> state = new LinkedHashMap<>(inputs);
            state.put("arn", arn());
            state.putAll(extraState);
            return new PlannedResource(urn(), type, name, id(), null, true, deepCopy(inputs), protect, retainOnDelete, state);
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> deepCopy(Map<String, Object> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
            return copy;
        }
    }
}
