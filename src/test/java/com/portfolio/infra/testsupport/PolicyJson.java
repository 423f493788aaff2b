package com.portfolio.infra.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reading IAM policy documents in tests. */
public final class PolicyJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyJson() {
    }

    /** An IAM field that holds one string or a list of them, as a list. */
    public static List<String> strings(JsonNode node) {
        var values = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    /** Every "action resource" pair the document's statements name, sorted. */
    public static Set<String> actionResourcePairs(String document) {
        var pairs = new TreeSet<String>();
        try {
            for (JsonNode statement : JSON.readTree(document).get("Statement")) {
                for (String action : strings(statement.get("Action"))) {
                    for (String resource : strings(statement.get("Resource"))) {
                        pairs.add(action + " " + resource);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a policy document: " + document, e);
        }
        return pairs;
    }
}
