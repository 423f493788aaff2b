package com.portfolio.infra.lambdas;

import com.pulumi.core.Output;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources of the stack that functions may be granted access to, by kind and key
 * ({@code tables.projects}, {@code queues.jobs}, {@code topics.ops}, {@code stateMachines.training}).
 * Callers add what their stack has; a function's definition can only name keys that are here,
 * except state machines, which a route may name before the stack has one (its environment variable
 * is then absent and no access is granted).
 */
public final class ResourceCatalog {

    /**
     * One resource.
     *
     * @param locator   what the handler receives in its environment variable: a table's name, a
     *                  queue's URL, a topic's or state machine's ARN
     * @param arn       the resource's ARN, for the role's policy
     * @param kmsKeyArn the customer key the resource is encrypted with, which senders and readers of
     *                  queues and topics must be allowed to use; null when none is needed
     */
    public record Entry(Output<String> locator, Output<String> arn, Output<String> kmsKeyArn) {
    }

    private final Map<ResourceKind, Map<String, Entry>> entries;

    private ResourceCatalog(Map<ResourceKind, Map<String, Entry>> entries) {
        this.entries = entries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Entry> find(ResourceKind kind, String key) {
        return Optional.ofNullable(entries.get(kind).get(key));
    }

    /** The keys present for a kind, in the order they were added. */
    public List<String> keys(ResourceKind kind) {
        return List.copyOf(entries.get(kind).keySet());
    }

    /** Kinds a definition may name before the stack has them. */
    public static boolean mayBeAbsent(ResourceKind kind) {
        return kind == ResourceKind.STATE_MACHINES;
    }

    /**
     * What {@code definition} names that this stack does not have (state machines excepted), one
     * line each in the definitions' error style; empty when everything is here.
     */
    public List<String> missing(String shown, FunctionDefinition definition) {
        var problems = new ArrayList<String>();
        for (ResourceKind kind : ResourceKind.values()) {
            if (mayBeAbsent(kind)) {
                continue;
            }
            for (String key : definition.grants(kind).keySet()) {
                if (find(kind, key).isEmpty()) {
                    problems.add(shown + ": " + kind.field() + "." + key + ": this stack has no such resource; expected one of "
                            + (keys(kind).isEmpty() ? "(none: this stack has no " + kind.field() + ")" : String.join(", ", keys(kind))));
                }
            }
        }
        return problems;
    }

    public static final class Builder {
        private final Map<ResourceKind, Map<String, Entry>> entries = new EnumMap<>(ResourceKind.class);

        private Builder() {
            for (ResourceKind kind : ResourceKind.values()) {
                entries.put(kind, new LinkedHashMap<>());
            }
        }

        public Builder table(String key, Output<String> name, Output<String> arn) {
            return add(ResourceKind.TABLES, key, new Entry(name, arn, null));
        }

        public Builder tables(Map<String, Output<String>> names, Map<String, Output<String>> arns) {
            names.keySet().stream().sorted().forEach(key -> table(key, names.get(key), arns.get(key)));
            return this;
        }

        /** @param kmsKeyArn the queue's customer key, or null for SQS-managed encryption */
        public Builder queue(String key, Output<String> url, Output<String> arn, Output<String> kmsKeyArn) {
            return add(ResourceKind.QUEUES, key, new Entry(url, arn, kmsKeyArn));
        }

        /** @param kmsKeyArn the topic's customer key, or null */
        public Builder topic(String key, Output<String> arn, Output<String> kmsKeyArn) {
            return add(ResourceKind.TOPICS, key, new Entry(arn, arn, kmsKeyArn));
        }

        public Builder stateMachine(String key, Output<String> arn) {
            return add(ResourceKind.STATE_MACHINES, key, new Entry(arn, arn, null));
        }

        private Builder add(ResourceKind kind, String key, Entry entry) {
            if (!kind.keys().contains(key)) {
                throw new IllegalArgumentException(kind.field() + " key \"" + key + "\" is not one that definitions can name; "
                        + "expected one of " + kind.keys() + " (add new keys to " + ResourceKind.class.getSimpleName() + ")");
            }
            if (entries.get(kind).putIfAbsent(key, entry) != null) {
                throw new IllegalArgumentException(kind.field() + " key \"" + key + "\" added twice to the catalog");
            }
            return this;
        }

        public ResourceCatalog build() {
            var copy = new EnumMap<ResourceKind, Map<String, Entry>>(ResourceKind.class);
            entries.forEach((kind, byKey) -> copy.put(kind, Collections.unmodifiableMap(new LinkedHashMap<>(byKey))));
            return new ResourceCatalog(copy);
        }
    }
}
