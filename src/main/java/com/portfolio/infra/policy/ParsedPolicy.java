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
     * One statement.
     *
     * @param principals principal type ({@code AWS}, {@code Service}, ...) to values; the bare
     *                   {@code "*"} principal is recorded as {@code AWS: ["*"]}, as IAM treats it
     * @param conditions operator to (key to values), keys as written
     */
    public record Statement(String sid, String effect, List<String> actions, List<String> notActions,
                            List<String> resources, Map<String, List<String>> principals,
                            boolean hasPrincipal, Map<String, Map<String, List<String>>> conditions) {

        static Statement of(JsonNode s) {
            Map<String, List<String>> principals = new java.util.LinkedHashMap<>();
            JsonNode principal = s.get("Principal");
            if (principal != null && principal.isTextual()) {
                principals.put("AWS", List.of(principal.asText()));
            } else if (principal != null && principal.isObject()) {
                principal.properties().forEach(e -> principals.put(e.getKey(), texts(e.getValue())));
            }
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
                    principals,
                    principal != null,
                    conditions);
        }

        public boolean isAllow() {
            return "Allow".equals(effect);
        }

        public boolean isDeny() {
            return "Deny".equals(effect);
        }

        /** Anyone: {@code "*"} or {@code {"AWS": "*"}} (or any principal type naming {@code *}). */
        public boolean isPublicPrincipal() {
            return principals.values().stream().anyMatch(values -> values.contains("*"));
        }

        public List<String> services() {
            return principals.getOrDefault("Service", List.of());
        }

        /** Whether one of the statement's action patterns matches {@code action} (IAM wildcards). */
        public boolean coversAction(String action) {
            return actions.stream().anyMatch(pattern -> Wildcards.matches(pattern, action));
        }

        public boolean allResources() {
            return resources.contains("*");
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
    }

    /** IAM's {@code *} and {@code ?} wildcards, case-insensitive as action names are. */
    public static final class Wildcards {
        private Wildcards() {
        }

        public static boolean matches(String pattern, String value) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE)
                    .matcher(value).matches();
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
