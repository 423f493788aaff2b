package com.portfolio.infra.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IAM-style policy document (identity, bucket, queue, topic or key policy) parsed into
 * statements. Handles the grammar's optional forms: {@code Statement} as one object or an array;
 * {@code Action}, {@code Resource} and principal values as a string or an array; {@code Principal}
 * as {@code "*"} or an object of principal type to value(s).
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html">IAM policy grammar</a>
 */
public record ParsedPolicy(List<Statement> statements) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Parses {@code json}; throws {@link IllegalArgumentException} with the parser's reason. */
    public static ParsedPolicy parse(String json) {
        JsonNode root = readJson(json);
        if (!root.isObject()) {
            throw new IllegalArgumentException("a policy document must be a JSON object, found " + root.getNodeType());
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode s : elements(root.get("Statement"))) {
            statements.add(Statement.of(s));
        }
        return new ParsedPolicy(statements);
    }

    /** Parses any JSON-valued input; throws {@link IllegalArgumentException} if it is not JSON. */
    public static JsonNode readJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An array's elements, a single value as one element, null as none. */
    public static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> result = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return result;
        }
        if (node.isArray()) {
            node.forEach(result::add);
        } else {
            result.add(node);
        }
        return result;
    }

    public static List<String> texts(JsonNode node) {
        return elements(node).stream().map(JsonNode::asText).toList();
    }

    public List<Statement> allows() {
        return statements.stream().filter(Statement::isAllow).toList();
    }

    /**
     * One statement, read with IAM's semantics for the negated elements: in an Allow,
     * {@code NotPrincipal} reaches everyone but the listed principals (broader than {@code *}),
     * {@code NotAction} grants every action but the listed ones, and {@code NotResource} every
     * resource but the listed ones.
     *
     * @param principals    principal type ({@code AWS}, {@code Service}, ...) to values; the bare
     *                      {@code "*"} principal is recorded as {@code AWS: ["*"]}, as IAM treats it
     * @param notPrincipals the same for {@code NotPrincipal}
     * @param conditions    operator to (key to values), keys as written
     */
    public record Statement(String sid, String effect, List<String> actions, List<String> notActions,
                            List<String> resources, List<String> notResources, Map<String, List<String>> principals,
                            Map<String, List<String>> notPrincipals, Map<String, Map<String, List<String>>> conditions) {

        static Statement of(JsonNode s) {
            Map<String, Map<String, List<String>>> conditions = new java.util.LinkedHashMap<>();
            JsonNode condition = s.get("Condition");
            if (condition != null && condition.isObject()) {
                condition.properties().forEach(op -> {
                    Map<String, List<String>> byKey = new java.util.LinkedHashMap<>();
                    if (op.getValue().isObject()) {
                        op.getValue().properties().forEach(k -> byKey.put(k.getKey(), texts(k.getValue())));
                    }
                    conditions.put(op.getKey(), byKey);
                });
            }
            return new Statement(
                    s.path("Sid").asText(""),
                    s.path("Effect").asText(""),
                    texts(s.get("Action")),
                    texts(s.get("NotAction")),
                    texts(s.get("Resource")),
                    texts(s.get("NotResource")),
                    principals(s.get("Principal")),
                    principals(s.get("NotPrincipal")),
                    conditions);
        }

        private static Map<String, List<String>> principals(JsonNode principal) {
            Map<String, List<String>> principals = new java.util.LinkedHashMap<>();
            if (principal != null && principal.isTextual()) {
                principals.put("AWS", List.of(principal.asText()));
            } else if (principal != null && principal.isObject()) {
                principal.properties().forEach(e -> principals.put(e.getKey(), texts(e.getValue())));
            }
            return principals;
        }

        public boolean isAllow() {
            return "Allow".equals(effect);
        }

        public boolean isDeny() {
            return "Deny".equals(effect);
        }

        /** {@code Principal} names {@code *} (bare, or under any principal type). */
        public boolean namesEveryPrincipal() {
            return principals.values().stream().anyMatch(values -> values.contains("*"));
        }

        public boolean hasNotPrincipal() {
            return !notPrincipals.isEmpty();
        }

        /**
         * Anyone: {@code Principal *}, or a {@code NotPrincipal}, which in an Allow reaches every
         * principal but the listed ones.
         */
        public boolean isPublicPrincipal() {
            return namesEveryPrincipal() || hasNotPrincipal();
        }

        /** How the statement names its principals, for messages. */
        public String principalText() {
            if (hasNotPrincipal()) {
                return "NotPrincipal " + notPrincipals;
            }
            return namesEveryPrincipal() ? "Principal *" : "Principal " + principals;
        }

        public List<String> services() {
            return principals.getOrDefault("Service", List.of());
        }

        /** Whether the statement grants (or denies) {@code action}: a matching Action, or a NotAction that leaves it out. */
        public boolean coversAction(String action) {
            if (!notActions.isEmpty()) {
                return notActions.stream().noneMatch(pattern -> Wildcards.matches(pattern, action));
            }
            return actions.stream().anyMatch(pattern -> Wildcards.matches(pattern, action));
        }

        /** {@code Action *}, or any {@code NotAction}: every action (but a few). */
        public boolean coversEveryAction() {
            return actions.contains("*") || !notActions.isEmpty();
        }

        /** Every action of {@code service}: {@code service:*}, a pattern as wide, or {@link #coversEveryAction}. */
        public boolean coversWholeService(String service) {
            return coversEveryAction()
                    || actions.stream().anyMatch(pattern -> Wildcards.coversEveryValueStartingWith(pattern, service + ":", false));
        }

        /** How the statement names its actions, for messages. */
        public String actionText() {
            return notActions.isEmpty() ? String.valueOf(actions) : "NotAction " + notActions;
        }

        /**
         * Every resource: a {@code NotResource}, or a Resource pattern that reaches beyond the
         * stack ({@link ArnPatterns#reachesBeyondStack}).
         *
         * @param stackArns the ARNs of the stack's resources
         */
        public boolean allResources(java.util.Set<String> stackArns) {
            return !notResources.isEmpty() || resources.stream().anyMatch(r -> ArnPatterns.reachesBeyondStack(r, stackArns));
        }

        /** How the statement names its resources, for messages. */
        public String resourceText() {
            return notResources.isEmpty() ? "Resource " + resources : "NotResource " + notResources;
        }

        /**
         * The values of condition key {@code key} (case-insensitive, as IAM keys are) under any
         * operator whose name is in {@code operators} (case-sensitive, as IAM operators are).
         */
        public List<String> conditionValues(String key, List<String> operators) {
            List<String> values = new ArrayList<>();
            conditions.forEach((op, byKey) -> {
                if (operators.contains(op)) {
                    byKey.forEach((k, v) -> {
                        if (k.equalsIgnoreCase(key)) {
                            values.addAll(v);
                        }
                    });
                }
            });
            return values;
        }

        /** How many (operator, key) pairs the condition has: each must hold for the statement to apply. */
        public int conditionCount() {
            return conditions.values().stream().mapToInt(Map::size).sum();
        }
    }

    /**
     * IAM's {@code *} and {@code ?} wildcards: case-insensitive for action names, case-sensitive
     * for ARNs, as IAM compares them.
     */
    public static final class Wildcards {
        /** Compiled patterns by (case-sensitive?, pattern): rules match the same few patterns many times. */
        private static final Map<String, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

        private Wildcards() {
        }

        public static boolean matches(String pattern, String value) {
            return matches(pattern, value, false);
        }

        public static boolean matches(String pattern, String value, boolean caseSensitive) {
            return COMPILED.computeIfAbsent((caseSensitive ? "S" : "I") + pattern, k -> compile(pattern, caseSensitive))
                    .matcher(value).matches();
        }

        private static Pattern compile(String pattern, boolean caseSensitive) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), caseSensitive ? Pattern.DOTALL : Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        }

        /**
         * Whether {@code pattern} matches {@code prefix} followed by anything at all, e.g.
         * {@code arn:aws:s3:::b/*} and {@code arn:aws:s3:::b*} cover every object of bucket {@code b}
         * ({@code prefix} {@code arn:aws:s3:::b/}), {@code arn:aws:s3:::b/logs/*} does not.
         */
        public static boolean coversEveryValueStartingWith(String pattern, String prefix, boolean caseSensitive) {
            return statesAfter(pattern, prefix, caseSensitive).stream()
                    .anyMatch(position -> pattern.substring(position).chars().allMatch(c -> c == '*'));
        }

        /** The pattern positions reachable after reading {@code text}: a set-of-states glob automaton. */
        private static java.util.Set<Integer> statesAfter(String pattern, String text, boolean caseSensitive) {
            java.util.Set<Integer> states = closure(pattern, java.util.Set.of(0));
            for (char c : text.toCharArray()) {
                java.util.Set<Integer> next = new java.util.HashSet<>();
                for (int position : states) {
                    if (position == pattern.length()) {
                        continue;
                    }
                    char p = pattern.charAt(position);
                    if (p == '*') {
                        next.add(position);
                    } else if (p == '?' || sameChar(p, c, caseSensitive)) {
                        next.add(position + 1);
                    }
                }
                states = closure(pattern, next);
            }
            return states;
        }

        /** A {@code *} may match nothing: its position also stands for the one after it. */
        private static java.util.Set<Integer> closure(String pattern, java.util.Set<Integer> states) {
            java.util.Set<Integer> result = new java.util.HashSet<>(states);
            for (int position : states) {
                int p = position;
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    result.add(++p);
                }
            }
            return result;
        }

        private static boolean sameChar(char a, char b, boolean caseSensitive) {
            return caseSensitive ? a == b : Character.toLowerCase(a) == Character.toLowerCase(b);
        }

        /** {@code service:*} (or {@code *}): every action of a service. */
        public static Optional<String> wholeService(String action) {
            String lower = action.toLowerCase(Locale.ROOT);
            if (lower.equals("*")) {
                return Optional.of("*");
            }
            int colon = lower.indexOf(':');
            return colon > 0 && lower.substring(colon + 1).equals("*") ? Optional.of(lower.substring(0, colon)) : Optional.empty();
        }
    }
}
