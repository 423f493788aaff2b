package com.portfolio.infra.lambdas;

import static com.portfolio.infra.testsupport.PolicyJson.strings;
import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GIVEN a function folder and its definition / WHEN the component runs under the mock engine /
 * THEN the function, its role, log group and environment are exactly what the definition asks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FolderFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "123456789012";
    static final String LAYER_ARN = "arn:aws:lambda:us-east-1:123456789012:layer:portfolio-dev-shared:7";
    static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/stack";

    @TempDir
    Path dir;

    static ResourceCatalog catalog() {
        return ResourceCatalog.builder()
                .table("projects", Output.of("portfolio-dev-projects"), Output.of(tableArn("projects")))
                .table("instances", Output.of("portfolio-dev-instances"), Output.of(tableArn("instances")))
                .queue("jobs", Output.of("https://sqs.us-east-1.amazonaws.com/123456789012/jobs"),
                        Output.of("arn:aws:sqs:us-east-1:123456789012:jobs"), Output.of(KEY_ARN))
                .build();
    }

    static String tableArn(String key) {
        return "arn:aws:dynamodb:us-east-1:123456789012:table/portfolio-dev-" + key;
    }

    private Path folder(String definition) throws Exception {
        Path folder = dir.resolve("registry");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("handler.py"), "def handler(event, context):\n    return {}\n");
        Files.writeString(folder.resolve("function.json"), definition);
        return folder;
    }

    private Plan plan(StackSettings settings, Path folder, Integer reserved, String architecture) {
        FunctionDefinition definition = FunctionDefinitionParser.read(folder.resolve("function.json"),
                "functions/registry/function.json", FunctionDefinitionParser.EVENT_HANDLER);
        return OfflinePlanner.run(settings.project(), settings.stack(), settings.environment(), settings.region(), ctx -> {
            var context = new StackContext(settings, Output.of(ACCOUNT));
            var shared = new FolderFunction.Shared(context, catalog(),
                    new LayerReference(Output.of(LAYER_ARN), Output.of("f".repeat(64)), "python3.13", architecture),
                    Output.of(KEY_ARN), reserved, dir.resolve("zips"));
            var fn = new FolderFunction("fn-registry", new FolderFunction.Args(shared, folder,
                    "functions/registry/function.json", definition, "Registers instances",
                    Map.of("EXTRA", Output.of("abc")), Map.of("component", "training")),
                    ComponentResourceOptions.Empty);
            ctx.export("name", fn.functionName);
        });
    }

    /** What the function's DEPLOYED_VERSION must be: its zip and the layer's fingerprint. */
    private String version(Path folder) {
        return FunctionCode.of(folder, dir.resolve("zips")).deployedVersion("f".repeat(64));
    }


    @Test
    void theRoleGrantsExactlyTheDeclaredActionsOnTheDeclaredResources() throws Exception {
        Path folder = folder("""
                {"memoryMb": 256, "timeoutSeconds": 30,
                 "tables": {"instances": ["dynamodb:GetItem", "dynamodb:Query"]},
                 "queues": {"jobs": ["sqs:SendMessage"]}}""");
        Plan plan = plan(TestStacks.dev(), folder, null, "x86_64");
        PlannedResource policy = named(plan, "aws:iam/rolePolicy:RolePolicy", "fn-registry-role");
        JsonNode statements = JSON.readTree((String) policy.inputs().get("policy")).get("Statement");
        var granted = new TreeSet<String>();
        for (JsonNode statement : statements) {
            assertEquals("Allow", statement.get("Effect").asText());
            for (String action : strings(statement.get("Action"))) {
                for (String resource : strings(statement.get("Resource"))) {
                    granted.add(action + " " + resource);
                }
            }
        }
        String logs = named(plan, "aws:cloudwatch/logGroup:LogGroup", "fn-registry-logs").arn();
        assertEquals(new TreeSet<>(List.of(
                "logs:CreateLogStream " + logs + ":*",
                "logs:PutLogEvents " + logs + ":*",
                "xray:PutTraceSegments *",
                "xray:PutTelemetryRecords *",
                "dynamodb:GetItem " + tableArn("instances"),
                "dynamodb:GetItem " + tableArn("instances") + "/index/*",
                "dynamodb:Query " + tableArn("instances"),
                "dynamodb:Query " + tableArn("instances") + "/index/*",
                "sqs:SendMessage arn:aws:sqs:us-east-1:123456789012:jobs",
                "kms:GenerateDataKey " + KEY_ARN,
                "kms:Decrypt " + KEY_ARN)), granted);
        PlannedResource role = named(plan, "aws:iam/role:Role", "fn-registry-role");
        assertEquals(role.id(), policy.inputs().get("role"));
        JsonNode trust = JSON.readTree((String) role.inputs().get("assumeRolePolicy")).get("Statement").get(0);
        assertEquals("lambda.amazonaws.com", trust.get("Principal").get("Service").asText());
    }

    @Test
    void theFunctionRunsTheLayersExactVersionRuntimeAndArchitectureWithItsOwnLogGroup() throws Exception {
        Path folder = folder("""
                {"memoryMb": 512, "timeoutSeconds": 60, "tables": {"projects": ["dynamodb:GetItem"]},
                 "queues": {"jobs": ["sqs:SendMessage"]}}""");
        Plan plan = plan(TestStacks.dev(), folder, null, "arm64");
        PlannedResource fn = named(plan, "aws:lambda/function:Function", "fn-registry");
        assertEquals("portfolio-dev-fn-registry", fn.inputs().get("name"));
        assertEquals(List.of(LAYER_ARN), fn.inputs().get("layers"));
        assertEquals("python3.13", fn.inputs().get("runtime"));
        assertEquals(List.of("arm64"), fn.inputs().get("architectures"));
        assertEquals("handler.handler", fn.inputs().get("handler"));
        assertEquals(512.0, ((Number) fn.inputs().get("memorySize")).doubleValue());
        assertEquals(60.0, ((Number) fn.inputs().get("timeout")).doubleValue());
        assertEquals(Map.of(
                "STACK_NAME", "dev",
                "PROJECTS_TABLE", "portfolio-dev-projects",
                "JOBS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
                "EXTRA", "abc", "DEPLOYED_VERSION", version(folder)), fn.input("environment.variables").orElseThrow());
        assertEquals("training", fn.tags().get("component"));
        assertFalse(fn.inputs().containsKey("reservedConcurrentExecutions"));
        assertEquals("Active", fn.input("tracingConfig.mode").orElseThrow());

        PlannedResource logs = named(plan, "aws:cloudwatch/logGroup:LogGroup", "fn-registry-logs");
        assertEquals("/aws/lambda/portfolio-dev-fn-registry", logs.inputs().get("name"));
        assertEquals(fn.input("loggingConfig.logGroup").orElseThrow(), logs.inputs().get("name"));
        assertEquals(30.0, ((Number) logs.inputs().get("retentionInDays")).doubleValue());
        assertEquals(KEY_ARN, logs.inputs().get("kmsKeyId"));
    }

    @Test
    void aReservationIsSetWhenTheStackAsksForOne() throws Exception {
        Path folder = folder("""
                {"memoryMb": 128, "timeoutSeconds": 3, "tables": {}}""");
        Plan plan = plan(TestStacks.dev(), folder, 5, "x86_64");
        PlannedResource fn = named(plan, "aws:lambda/function:Function", "fn-registry");
        assertEquals(5.0, ((Number) fn.inputs().get("reservedConcurrentExecutions")).doubleValue());
        assertEquals(Map.of("STACK_NAME", "dev", "EXTRA", "abc", "DEPLOYED_VERSION", version(folder)), fn.input("environment.variables").orElseThrow());
    }

    @Test
    void aResourceTheStackDoesNotHaveStopsTheProgramWithTheFileAndField() throws Exception {
        Path folder = folder("""
                {"memoryMb": 128, "timeoutSeconds": 3, "tables": {"training-jobs": ["dynamodb:GetItem"]}}""");
        var e = assertThrows(OfflinePlanner.PlanFailedException.class, () -> plan(TestStacks.dev(), folder, null, "x86_64"));
        assertInstanceOf(DefinitionException.class, e.getCause());
        assertEquals("functions/registry/function.json: tables.training-jobs: this stack has no such resource; "
                + "expected one of projects, instances", e.getCause().getMessage());
    }

    @Test
    void aStateMachineTheStackDoesNotHaveYetGivesNoVariableAndNoAccess() throws Exception {
        Path folder = folder("""
                {"memoryMb": 128, "timeoutSeconds": 3, "tables": {}, "stateMachines": {"training": ["states:StartExecution"]}}""");
        Plan plan = plan(TestStacks.dev(), folder,
                null, "x86_64");
        PlannedResource fn = named(plan, "aws:lambda/function:Function", "fn-registry");
        assertEquals(Map.of("STACK_NAME", "dev", "EXTRA", "abc", "DEPLOYED_VERSION", version(folder)), fn.input("environment.variables").orElseThrow());
        String policy = (String) named(plan, "aws:iam/rolePolicy:RolePolicy", "fn-registry-role").inputs().get("policy");
        assertFalse(policy.contains("states:"), policy);
    }

    @Test
    void theCodeIsTheFoldersDeterministicZipSoAnUnchangedFolderKeepsItsHash() throws Exception {
        Path folder = folder("""
                {"memoryMb": 128, "timeoutSeconds": 3, "tables": {}}""");
        FunctionCode first = FunctionCode.of(folder, dir.resolve("zips"));
        Files.setLastModifiedTime(folder.resolve("handler.py"), java.nio.file.attribute.FileTime.fromMillis(0));
        FunctionCode again = FunctionCode.of(folder, dir.resolve("zips-2"));
        assertEquals(first.sha256Base64(), again.sha256Base64());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(first.zipFile()), Files.readAllBytes(again.zipFile())));
        assertEquals(Files.size(folder.resolve("handler.py")) + Files.size(folder.resolve("function.json")), first.unzippedBytes());

        Files.writeString(folder.resolve("handler.py"), "def handler(event, context):\n    return {'ok': 1}\n");
        FunctionCode changed = FunctionCode.of(folder, dir.resolve("zips"));
        assertFalse(first.sha256Base64().equals(changed.sha256Base64()));
        assertFalse(first.deployedVersion("a").equals(changed.deployedVersion("a")));
        assertFalse(first.deployedVersion("a").equals(first.deployedVersion("b")));
        assertTrue(first.deployedVersion("a").matches("[0-9a-f]{12}"));

        Plan plan = plan(TestStacks.dev(), folder, null, "x86_64");
        PlannedResource fn = named(plan, "aws:lambda/function:Function", "fn-registry");
        assertEquals(changed.sha256Base64(), fn.inputs().get("sourceCodeHash"));
    }
}
