package com.portfolio.infra.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PolicyDocumentBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTrustPolicyNamesTheServiceAndTheAccountButNoResource() throws Exception {
        JsonNode statement = JSON.readTree(Policies.assumeRoleBy("vpc-flow-logs.amazonaws.com", "111122223333"))
                .get("Statement").get(0);
        assertEquals("vpc-flow-logs.amazonaws.com", statement.get("Principal").get("Service").asText());
        assertEquals("sts:AssumeRole", statement.get("Action").asText());
        assertEquals("111122223333", statement.get("Condition").get("StringEquals").get("aws:SourceAccount").asText());
        assertFalse(statement.has("Resource"));
    }

    @Test
    void severalActionsAndResourcesAreListsOneIsAString() throws Exception {
        JsonNode document = JSON.readTree(PolicyDocumentBuilder.create()
                .allow("A").actions("s3:GetObject").resources("arn:aws:s3:::b/*").and()
                .allow("B").actions("sqs:SendMessage", "sqs:ReceiveMessage").resources("q1", "q2")
                .toJson());
        assertEquals("2012-10-17", document.get("Version").asText());
        assertEquals("s3:GetObject", document.get("Statement").get(0).get("Action").asText());
        assertEquals(2, document.get("Statement").get(1).get("Action").size());
        assertEquals(2, document.get("Statement").get(1).get("Resource").size());
    }
}
