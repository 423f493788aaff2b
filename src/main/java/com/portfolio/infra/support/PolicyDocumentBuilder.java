package com.portfolio.infra.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM-style policy document (IAM, bucket, key, queue and topic policies share the grammar),
 * built from plain strings and written as JSON. Components resolve their ARNs first, then build
 * the document, so the same code is tested directly without the engine.
 */
public final class PolicyDocumentBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Statement> statements = new ArrayList<>();

    public static PolicyDocumentBuilder create() {
        return new PolicyDocumentBuilder();
    }

    public Statement allow(String sid) {
        return add(new Statement(this, sid, "Allow"));
    }

    public Statement deny(String sid) {
        return add(new Statement(this, sid, "Deny"));
    }

    private Statement add(Statement statement) {
        statements.add(statement);
        return statement;
    }

    public String toJson() {
        var document = new LinkedHashMap<String, Object>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements.stream().map(Statement::toMap).toList());
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy document", e);
        }
    }

    /** One statement; its setters return it, {@link #and()} returns to the document. */
    public static final class Statement {
        private final PolicyDocumentBuilder document;
        private final String sid;
        private final String effect;
        private final Map<String, Object> principal = new LinkedHashMap<>();
        private final List<String> actions = new ArrayList<>();
        private final List<String> resources = new ArrayList<>();
        private final Map<String, Map<String, Object>> conditions = new LinkedHashMap<>();

        private Statement(PolicyDocumentBuilder document, String sid, String effect) {
            this.document = document;
            this.sid = sid;
            this.effect = effect;
        }

        public Statement actions(String... names) {
            actions.addAll(List.of(names));
            return this;
        }

        public Statement resources(String... arns) {
            resources.addAll(List.of(arns));
            return this;
        }

        public Statement resources(List<String> arns) {
            resources.addAll(arns);
            return this;
        }

        public Statement servicePrincipal(String... services) {
            principal.put("Service", services.length == 1 ? services[0] : List.of(services));
            return this;
        }

        public Statement awsPrincipal(String arn) {
            principal.put("AWS", arn);
            return this;
        }

        /** Any principal; only for Deny statements and for Allows narrowed by a condition. */
        public Statement anyPrincipal() {
            principal.put("AWS", "*");
            return this;
        }

        public Statement condition(String operator, String key, Object value) {
            conditions.computeIfAbsent(operator, op -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        public PolicyDocumentBuilder and() {
            return document;
        }

        public String toJson() {
            return document.toJson();
        }

        private Map<String, Object> toMap() {
            var map = new LinkedHashMap<String, Object>();
            map.put("Sid", sid);
            map.put("Effect", effect);
            if (!principal.isEmpty()) {
                map.put("Principal", principal);
            }
            map.put("Action", actions.size() == 1 ? actions.get(0) : List.copyOf(actions));
            if (!resources.isEmpty()) { // trust policies name no resource
                map.put("Resource", resources.size() == 1 ? resources.get(0) : List.copyOf(resources));
            }
            if (!conditions.isEmpty()) {
                map.put("Condition", conditions);
            }
            return map;
        }
    }
}
