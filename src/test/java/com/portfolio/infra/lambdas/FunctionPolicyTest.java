package com.portfolio.infra.lambdas;

import static com.portfolio.infra.testsupport.PolicyJson.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/portfolio-dev-api-x";
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/portfolio-dev-projects";
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:portfolio-dev-training";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:portfolio-dev-jobs";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:portfolio-dev-ops";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/k";

    private static JsonNode statements(List<FunctionPolicy.Grant> grants) throws Exception {
        return JSON.readTree(FunctionPolicy.document(LOGS, grants, "us-east-1")).get("Statement");
    }


    @Test
    void aFunctionWithoutResourcesMayOnlyWriteItsOwnLogsAndTraces() throws Exception {
        JsonNode statements = statements(List.of());
        assertEquals(2, statements.size());
        assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents"), strings(statements.get(0).get("Action")));
        assertEquals(List.of(LOGS + ":*"), strings(statements.get(0).get("Resource")));
        assertEquals(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), strings(statements.get(1).get("Action")));
        assertEquals(List.of("*"), strings(statements.get(1).get("Resource")));
    }

    @Test
    void tableActionsApplyToTheTableAndQueryAlsoToItsIndexes() throws Exception {
        JsonNode get = statements(List.of(new FunctionPolicy.Grant(ResourceKind.TABLES, "projects", TABLE, null,
                List.of("dynamodb:GetItem")))).get(2);
        assertEquals("DynamodbProjects", get.get("Sid").asText());
        assertEquals(List.of("dynamodb:GetItem"), strings(get.get("Action")));
        assertEquals(List.of(TABLE), strings(get.get("Resource")));

        JsonNode query = statements(List.of(new FunctionPolicy.Grant(ResourceKind.TABLES, "projects", TABLE, null,
                List.of("dynamodb:Query")))).get(2);
        assertEquals(List.of(TABLE, TABLE + "/index/*"), strings(query.get("Resource")));
    }

    @Test
    void executionActionsApplyToTheMachinesExecutionsOnly() throws Exception {
        JsonNode statements = statements(List.of(new FunctionPolicy.Grant(ResourceKind.STATE_MACHINES, "training", MACHINE,
                null, List.of("states:StartExecution", "states:DescribeExecution"))));
        assertEquals(4, statements.size());
        assertEquals(List.of("states:StartExecution"), strings(statements.get(2).get("Action")));
        assertEquals(List.of(MACHINE), strings(statements.get(2).get("Resource")));
        assertEquals(List.of("states:DescribeExecution"), strings(statements.get(3).get("Action")));
        assertEquals(List.of("arn:aws:states:us-east-1:123456789012:execution:portfolio-dev-training:*"),
                strings(statements.get(3).get("Resource")));
        assertThrows(IllegalArgumentException.class, () -> FunctionPolicy.executionsOf(TABLE));
    }

    @Test
    void queuesAndTopicsUnderACustomerKeyMayUseItOnlyThroughTheirServices() throws Exception {
        JsonNode statements = statements(List.of(
                new FunctionPolicy.Grant(ResourceKind.QUEUES, "jobs", QUEUE, KEY, List.of("sqs:SendMessage")),
                new FunctionPolicy.Grant(ResourceKind.TOPICS, "ops", TOPIC, KEY, List.of("sns:Publish"))));
        assertEquals(5, statements.size());
        JsonNode key = statements.get(4);
        assertEquals(List.of("kms:GenerateDataKey", "kms:Decrypt"), strings(key.get("Action")));
        assertEquals(List.of(KEY), strings(key.get("Resource")));
        assertEquals(List.of("sns.us-east-1.amazonaws.com", "sqs.us-east-1.amazonaws.com"),
                strings(key.get("Condition").get("StringEquals").get("kms:ViaService")));
    }
}
