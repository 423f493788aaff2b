package com.portfolio.infra.policy;

import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plan indexed for the rules: resources by type, and references resolved the way the program
 * makes them. An input that points at another resource holds that resource's id or ARN (under the
 * mocks {@code <name>-id} and {@code arn:aws:<service>:<region>:<account>:<name>}), or, for a few
 * inputs the provider keys by name (bucket, function, role, log group, queue URL), its name.
 */
public final class PlanGraph {
    private static final List<String> NAME_KEYS = List.of("name", "bucket", "url", "functionName");

    private final Plan plan;
    private final Map<String, List<PlannedResource>> byType = new LinkedHashMap<>();
    private final Set<String> stackArns = new java.util.HashSet<>();
    private final Set<String> accounts = new java.util.TreeSet<>();
    /** {@link #identities} of each resource, worked out once: rules resolve references many times. */
    private final Map<PlannedResource, Set<String>> identityCache = new java.util.IdentityHashMap<>();

    public PlanGraph(Plan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        for (PlannedResource r : plan.resources()) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
            if (r.arn() != null && !PlannedResource.COMPUTED.equals(r.arn())) {
                stackArns.add(r.arn());
                String[] fields = r.arn().split(":", 6);
                if (fields.length == 6 && fields[4].matches("\\d{12}")) {
                    accounts.add(fields[4]);
                }
            }
        }
    }

    /** The ARNs of the stack's resources. */
    public Set<String> stackArns() {
        return Collections.unmodifiableSet(stackArns);
    }

    /** The account the stack deploys to: the account ids in its resources' ARNs. */
    public Set<String> accountIds() {
        return Collections.unmodifiableSet(accounts);
    }

    public Plan plan() {
        return plan;
    }

    /** Whether the plan is of a production stack, by its environment (not its name). */
    public boolean isProduction() {
        return plan.isProduction();
    }

    public List<PlannedResource> resources() {
        return plan.resources();
    }

    public List<PlannedResource> ofType(String type) {
        return byType.getOrDefault(type, List.of());
    }

    /**
     * The resource of {@code type} that {@code ref} points at: by id, by ARN (a log-stream suffix
     * {@code :*} ignored) or by name.
     */
    public Optional<PlannedResource> resolve(String type, Object ref) {
        if (ref == null || PlannedResource.COMPUTED.equals(ref)) {
            return Optional.empty();
        }
        String key = stripLogStreamSuffix(String.valueOf(ref));
        for (PlannedResource r : ofType(type)) {
            if (cachedIdentities(r).contains(key)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The resources of {@code type} whose input at {@code path} points at {@code target}. */
    public List<PlannedResource> referencing(String type, String path, PlannedResource target) {
        Set<String> keys = cachedIdentities(target);
        return ofType(type).stream()
                .filter(r -> Values.list(r, path).stream()
                        .map(v -> stripLogStreamSuffix(String.valueOf(v)))
                        .anyMatch(keys::contains))
                .toList();
    }

    /** Whether {@code ref} (an id, ARN or name) points at {@code target}. */
    public boolean refersTo(Object ref, PlannedResource target) {
        return ref != null && cachedIdentities(target).contains(stripLogStreamSuffix(String.valueOf(ref)));
    }

    private Set<String> cachedIdentities(PlannedResource r) {
        return identityCache.computeIfAbsent(r, PlanGraph::identities);
    }

    /** The id, ARN and name-like attributes under which other inputs may refer to {@code r}. */
    public static Set<String> identities(PlannedResource r) {
        var keys = new java.util.HashSet<String>();
        if (r.id() != null) {
            keys.add(r.id());
        }
        if (r.arn() != null) {
            keys.add(r.arn());
        }
        for (String k : NAME_KEYS) {
            Object fromInputs = r.inputs().get(k);
            Object fromState = r.state().get(k);
            if (fromInputs instanceof String s && !s.isBlank()) {
                keys.add(s);
            }
            if (fromState instanceof String s && !s.isBlank()) {
                keys.add(s);
            }
        }
        keys.remove(PlannedResource.COMPUTED);
        return keys;
    }

    /** A resource's name as AWS knows it: the {@code name} input, else its computed name. */
    public static Optional<String> awsName(PlannedResource r) {
        return Values.string(r, "name").or(() -> Values.string(r.state(), "name"))
                .filter(n -> !PlannedResource.COMPUTED.equals(n));
    }

    /** The logical name and type, for messages. */
    public static String describe(PlannedResource r) {
        return r.name() + " (" + r.type().substring(r.type().lastIndexOf(':') + 1) + ")";
    }

    public static String tag(PlannedResource r, String key) {
        return r.tags().get(key);
    }

    public static boolean tagged(PlannedResource r, String key, String value) {
        return value.equals(r.tags().get(key));
    }

    /** The availability zone of the subnet {@code ref} points at, if declared. */
    public Optional<String> subnetZone(Object ref) {
        return resolve(Types.SUBNET, ref).flatMap(PlanGraph::zoneOf);
    }

    public static Optional<String> zoneOf(PlannedResource subnet) {
        return Values.string(subnet, "availabilityZone").or(() -> Values.string(subnet, "availabilityZoneId"));
    }

    /** The subnets tagged {@code tier=private}. */
    public List<PlannedResource> privateSubnets() {
        return ofType(Types.SUBNET).stream().filter(s -> tagged(s, Conventions.TIER, Conventions.PRIVATE)).toList();
    }

    public Set<String> zonesOf(List<PlannedResource> subnets) {
        return subnets.stream().map(PlanGraph::zoneOf).flatMap(Optional::stream)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String stripLogStreamSuffix(String ref) {
        return ref.endsWith(":*") ? ref.substring(0, ref.length() - 2) : ref;
    }
}
