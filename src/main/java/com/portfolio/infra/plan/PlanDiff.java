package com.portfolio.infra.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changes from one plan to another: the resources added, updated (each changed input by
 * path, with its old and new value) and removed. Resources are matched by {@link #resourceKey}:
 * their URN without stack and project, in the form a real engine writes it, so that a plan and a
 * preview of the same program match, and so do two stacks.
 *
 * <p>Inside a JSON-valued input (a policy document, a state-machine definition) the path goes on
 * after {@code {}}: {@code policy{}.Statement.0.Action}.
 *
 * @param added     resources only the new plan has, in its order
 * @param updated   resources whose inputs or deletion options differ, in the new plan's order
 * @param removed   resources only the old plan has, in its order
 * @param unchanged how many resources are the same in both
 */
public record PlanDiff(List<PlannedResource> added, List<Update> updated, List<PlannedResource> removed, int unchanged) {

    /** Stands for "no value here" on one side of a change. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One resource that both plans have, with what differs. */
    public record Update(PlannedResource before, PlannedResource after, List<Change> changes) {
    }

    /**
     * One changed value.
     *
     * @param before the old value, or {@link #ABSENT}
     * @param after  the new value, or {@link #ABSENT}
     */
    public record Change(String path, Object before, Object after) {

        /** Whether either side is a secret: then neither side may be shown. */
        public boolean involvesSecret() {
            return PlannedResource.SECRET.equals(before) || PlannedResource.SECRET.equals(after);
        }
    }

    public PlanDiff {
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        removed = List.copyOf(removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
    }

    public static PlanDiff between(Plan before, Plan after) {
        Map<String, PlannedResource> old = new LinkedHashMap<>();
        before.resources().forEach(r -> old.put(resourceKey(r.urn()), r));
        var seen = new LinkedHashSet<String>();
        var added = new ArrayList<PlannedResource>();
        var updated = new ArrayList<Update>();
        int unchanged = 0;
        for (PlannedResource r : after.resources()) {
            String key = resourceKey(r.urn());
            seen.add(key);
            PlannedResource previous = old.get(key);
            if (previous == null) {
                added.add(r);
                continue;
            }
            List<Change> changes = changes(previous, r);
            if (changes.isEmpty()) {
                unchanged++;
            } else {
                updated.add(new Update(previous, r, changes));
            }
        }
        List<PlannedResource> removed = old.entrySet().stream().filter(e -> !seen.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new PlanDiff(added, updated, removed, unchanged);
    }

    /**
     * What identifies a resource across plans: its type chain and name, as a real engine writes
     * them (the offline plan's engine puts the stack's type at the head of every type chain), e.g.
     * {@code portfolio:storage:RawBucket$aws:s3/bucketV2:BucketV2::raw-data}.
     */
    public static String resourceKey(String urn) {
        String canonical = Urn.canonical(urn);
        String[] parts = canonical.startsWith("urn:pulumi:") ? canonical.split("::", 3) : new String[0];
        if (parts.length != 3) {
            return canonical;
        }
        // The stack itself is named <project>-<stack>: one stack stands for the other.
        return parts[2].startsWith(Urn.ROOT_STACK_TYPE + "::") ? Urn.ROOT_STACK_TYPE : parts[2];
    }

    static List<Change> changes(PlannedResource before, PlannedResource after) {
        var changes = new ArrayList<Change>();
        compare("", before.inputs(), after.inputs(), changes);
        if (before.protect() != after.protect()) {
            changes.add(new Change("(option) protect", before.protect(), after.protect()));
        }
        if (before.retainOnDelete() != after.retainOnDelete()) {
            changes.add(new Change("(option) retainOnDelete", before.retainOnDelete(), after.retainOnDelete()));
        }
        return changes;
    }

    private static void compare(String path, Object before, Object after, List<Change> out) {
        if (same(before, after)) {
            return;
        }
        if (before instanceof Map<?, ?> a && after instanceof Map<?, ?> b) {
            // In name order, so the diff reads the same whatever order the files list inputs in.
            var keys = new java.util.TreeSet<String>();
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            b.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                compare(join(path, key), a.containsKey(key) ? a.get(key) : ABSENT,
                        b.containsKey(key) ? b.get(key) : ABSENT, out);
            }
            return;
        }
        if (before instanceof List<?> a && after instanceof List<?> b) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                compare(join(path, String.valueOf(i)), i < a.size() ? a.get(i) : ABSENT, i < b.size() ? b.get(i) : ABSENT, out);
            }
            return;
        }
        if (before instanceof String a && after instanceof String b) {
            Object parsedBefore = jsonDocument(a);
            Object parsedAfter = jsonDocument(b);
            if (parsedBefore != null && parsedAfter != null) {
                compare(path + "{}", parsedBefore, parsedAfter, out);
                return;
            }
        }
        out.add(new Change(path, before, after));
    }

    /** Equal as plan values: numbers by value, whatever their Java type. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.keySet().stream().allMatch(k -> y.containsKey(k) && same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** The value of a string that holds a JSON object or array, else null. */
    private static Object jsonDocument(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            return node != null && node.isContainerNode() ? JsonFields.plain(node, n -> null) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * A value as the diff shows it: JSON, whole numbers without a fraction, cut to
     * {@code maxChars}. Secrets never reach here (see {@link Change#involvesSecret}).
     */
    public static String show(Object value, int maxChars) {
        if (value == ABSENT) {
            return ABSENT.toString();
        }
        String text;
        try {
            text = JSON.writeValueAsString(PlanJson.normalise(value));
        } catch (JsonProcessingException e) {
            text = String.valueOf(value);
        }
        return text.length() <= maxChars ? text : text.substring(0, Math.max(0, maxChars - 3)) + "...";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
