package com.portfolio.infra.policy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.Values;
import java.util.Optional;

/** Reads JSON-valued inputs; a value that does not parse is itself reported as a finding. */
final class JsonInputs {
    private JsonInputs() {
    }

    static Optional<ParsedPolicy> policy(PlannedResource r, String path, Findings out) {
        return policy(r, Values.string(r, path), path, out);
    }

    static Optional<ParsedPolicy> policy(PlannedResource r, Optional<String> json, String what, Findings out) {
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ParsedPolicy.parse(json.get()));
        } catch (IllegalArgumentException e) {
            out.add(r, "%s: %s is not a policy document: %s", r.name(), what, e.getMessage());
            return Optional.empty();
        }
    }

    static Optional<JsonNode> json(PlannedResource r, String path, Findings out) {
        Optional<String> json = Values.string(r, path);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ParsedPolicy.readJson(json.get()));
        } catch (IllegalArgumentException e) {
            out.add(r, "%s: %s is %s", r.name(), path, e.getMessage());
            return Optional.empty();
        }
    }
}
