package com.portfolio.infra.lambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionDefinitionParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "functions/registry/function.json";

    private static List<String> problems(String json) throws Exception {
        var problems = new ArrayList<String>();
        FunctionDefinition definition = FunctionDefinitionParser.parse(FILE, JSON.readTree(json),
                FunctionDefinitionParser.EVENT_HANDLER, problems);
        if (problems.isEmpty()) {
            assertNotNull(definition);
        } else {
            assertNull(definition, "a definition with problems is not returned");
        }
        return problems;
    }

    @Test
    void aValidDefinitionKeepsEveryGrantInOrder() throws Exception {
        var problems = new ArrayList<String>();
        FunctionDefinition definition = FunctionDefinitionParser.parse(FILE, JSON.readTree("""
                {"memoryMb": 256, "timeoutSeconds": 30,
                 "tables": {"instances": ["dynamodb:GetItem", "dynamodb:UpdateItem"]},
                 "queues": {"jobs": ["sqs:SendMessage", "sqs:DeleteMessage"]},
                 "topics": {"ops": ["sns:Publish"]}}"""), FunctionDefinitionParser.EVENT_HANDLER, problems);
        assertEquals(List.of(), problems);
        assertEquals(256, definition.memoryMb());
        assertEquals(30, definition.timeoutSeconds());
        assertEquals(Map.of("instances", List.of("dynamodb:GetItem", "dynamodb:UpdateItem")), definition.grants(ResourceKind.TABLES));
        assertEquals(Map.of("jobs", List.of("sqs:SendMessage", "sqs:DeleteMessage")), definition.grants(ResourceKind.QUEUES));
        assertEquals(Map.of("ops", List.of("sns:Publish")), definition.grants(ResourceKind.TOPICS));
        assertEquals(Map.of(), definition.grants(ResourceKind.STATE_MACHINES));
    }

    @Test
    void ec2ReadsAreOnlyDescribeActionsEachListedOnce() throws Exception {
        var problems = new ArrayList<String>();
        FunctionDefinition definition = FunctionDefinitionParser.parse(FILE, JSON.readTree("""
                {"memoryMb": 256, "timeoutSeconds": 30, "tables": {}, "ec2": ["ec2:DescribeTags"]}"""),
                FunctionDefinitionParser.EVENT_HANDLER, problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("ec2:DescribeTags"), definition.ec2Reads());
        String expected = "expected a non-empty list of EC2 read actions from ec2:DescribeInstanceStatus, "
                + "ec2:DescribeInstances, ec2:DescribeTags (leave the field out for none)";
        assertEquals(List.of(FILE + ": ec2: got \"ec2:TerminateInstances\"; " + expected),
                problems("{\"memoryMb\": 256, \"timeoutSeconds\": 30, \"tables\": {}, \"ec2\": [\"ec2:TerminateInstances\"]}"));
        assertEquals(List.of(FILE + ": ec2: got a list []; " + expected),
                problems("{\"memoryMb\": 256, \"timeoutSeconds\": 30, \"tables\": {}, \"ec2\": []}"));
        assertEquals(List.of(FILE + ": ec2: got \"ec2:DescribeTags\", listed twice; expected each action once"),
                problems("{\"memoryMb\": 256, \"timeoutSeconds\": 30, \"tables\": {}, \"ec2\": [\"ec2:DescribeTags\", \"ec2:DescribeTags\"]}"));
    }

    /** Each bad definition gives one line naming the file, the field, the value and what is expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"memoryMb": 64, "timeoutSeconds": 3, "tables": {}}                       | memoryMb: got 64; expected a whole number from 128 to 10240
            {"memoryMb": "256", "timeoutSeconds": 3, "tables": {}}                    | memoryMb: got "256"; expected a whole number from 128 to 10240
            {"memoryMb": 256.5, "timeoutSeconds": 3, "tables": {}}                    | memoryMb: got 256.5; expected a whole number
            {"timeoutSeconds": 3, "tables": {}}                                       | memoryMb: missing; expected a whole number from 128 to 10240
            {"memoryMb": 256, "timeoutSeconds": 901, "tables": {}}                    | timeoutSeconds: got 901; expected a whole number from 1 to 900
            {"memoryMb": 256, "timeoutSeconds": 0, "tables": {}}                      | timeoutSeconds: got 0; expected a whole number from 1 to 900
            {"memoryMb": 256, "timeoutSeconds": 3}                                    | tables: missing; expected an object of tables keys
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": []}                      | tables: got a list []; expected an object of tables keys
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {}, "memory": 1}         | memory: unknown field; expected only memoryMb, timeoutSeconds, tables, queues, topics, stateMachines
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"users": ["dynamodb:GetItem"]}} | tables: unknown key "users"; expected one of projects, contact-messages, training-jobs, instances
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": []}}        | tables.projects: got a list []; expected a non-empty list of dynamodb: actions
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": "dynamodb:GetItem"}} | tables.projects: got "dynamodb:GetItem"; expected a non-empty list
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": ["dynamodb:*"]}} | tables.projects: got "dynamodb:*", a wildcard action; expected exact dynamodb: action names
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": ["dynamodb:Get*"]}} | tables.projects: got "dynamodb:Get*", a wildcard action
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": ["*"]}}     | tables.projects: got "*", a wildcard action
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": ["sqs:SendMessage"]}} | tables.projects: got "sqs:SendMessage", not a dynamodb: action (tables grant dynamodb actions only); expected one of dynamodb:BatchGetItem
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {}, "queues": {"jobs": ["sns:Publish"]}} | queues.jobs: got "sns:Publish", not a sqs: action (queues grant sqs actions only)
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {}, "topics": {"ops": ["sqs:SendMessage"]}} | topics.ops: got "sqs:SendMessage", not a sns: action (topics grant sns actions only)
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {}, "stateMachines": {"training": ["dynamodb:GetItem"]}} | stateMachines.training: got "dynamodb:GetItem", not a states: action (stateMachines grant states actions only)
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": ["dynamodb:GetItems"]}} | tables.projects: got "dynamodb:GetItems", not a dynamodb: action the program knows; expected one of
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": ["dynamodb:GetItem", "dynamodb:GetItem"]}} | tables.projects: got "dynamodb:GetItem", listed twice
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {"projects": [7]}}       | tables.projects: got 7; expected an action name such as dynamodb:BatchGetItem
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {}, "queues": {"dlq": ["sqs:SendMessage"]}} | queues: unknown key "dlq"; expected one of jobs
            {"memoryMb": 256, "timeoutSeconds": 3, "tables": {}, "topics": null}      | topics: got null; expected an object of topics keys (ops) to lists of sns: actions
            """)
    void aBadDefinitionIsRefusedWithFileFieldValueAndExpectation(String json, String expected) throws Exception {
        List<String> problems = problems(json);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(FILE + ": "), problems.get(0));
        assertTrue(problems.get(0).contains(expected), problems.get(0) + "\n  should contain: " + expected);
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        List<String> problems = problems("""
                {"memoryMb": 1, "timeoutSeconds": 1000, "tables": {"projects": ["dynamodb:*"]}, "extra": true}""");
        assertEquals(4, problems.size(), problems.toString());
    }

    @Test
    void readingAFileExplainsBrokenJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("function.json");
        Files.writeString(file, "{\"memoryMb\": 128,\n \"timeoutSeconds\": }");
        var e = assertThrows(DefinitionException.class,
                () -> FunctionDefinitionParser.read(file, FILE, FunctionDefinitionParser.EVENT_HANDLER));
        assertTrue(e.getMessage().startsWith(FILE + ": not valid JSON at line 2, column"), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected a JSON object"), e.getMessage());

        Files.writeString(file, "[1, 2]");
        e = assertThrows(DefinitionException.class,
                () -> FunctionDefinitionParser.read(file, FILE, FunctionDefinitionParser.EVENT_HANDLER));
        assertEquals(FILE + ": got a list [1,2]; expected a JSON object", e.getMessage());
    }

    @Test
    void theEnvironmentVariableOfAKeyIsUpperSnakeCaseWithItsKindsSuffix() {
        assertEquals("CONTACT_MESSAGES_TABLE", ResourceKind.TABLES.variable("contact-messages"));
        assertEquals("JOBS_QUEUE_URL", ResourceKind.QUEUES.variable("jobs"));
        assertEquals("OPS_TOPIC_ARN", ResourceKind.TOPICS.variable("ops"));
        assertEquals("TRAINING_STATE_MACHINE_ARN", ResourceKind.STATE_MACHINES.variable("training"));
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
