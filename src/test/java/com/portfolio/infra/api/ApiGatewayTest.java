package com.portfolio.infra.api;

import static com.portfolio.infra.testsupport.PolicyJson.strings;
import static com.portfolio.infra.testsupport.TestStacks.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.lambdas.ResourceKind;
import com.portfolio.infra.packaging.LayerArchitecture;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GIVEN the project's routes and content / WHEN the program is planned under the mock engine /
 * THEN every route has its function, role, integration, route and permission as declared.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "aws:lambda/function:Function";
    private static final List<RouteDefinition> ROUTES = RouteDiscovery.discover(Path.of(RouteDiscovery.ROOT));

    private static Plan dev() {
        return TestStacks.plan(TestStacks.dev());
    }


    @Test
    void everyRouteIsAnIamOrPublicRouteToItsOwnFunctionWithPayloadTwo() {
        Plan plan = dev();
        String apiId = named(plan, "aws:apigatewayv2/api:Api", "api").id();
        assertEquals(ROUTES.size(), plan.ofType("aws:apigatewayv2/route:Route").count());
        for (RouteDefinition definition : ROUTES) {
            String name = "api-" + definition.name();
            PlannedResource route = named(plan, "aws:apigatewayv2/route:Route", name);
            PlannedResource integration = named(plan, "aws:apigatewayv2/integration:Integration", name);
            PlannedResource function = named(plan, FUNCTION, name);
            assertEquals(apiId, route.inputs().get("apiId"));
            assertEquals(definition.method() + " " + definition.path(), route.inputs().get("routeKey"));
            assertEquals(definition.auth() == RouteDefinition.Auth.IAM ? "AWS_IAM" : "NONE", route.inputs().get("authorizationType"));
            assertEquals("integrations/" + integration.id(), route.inputs().get("target"));
            assertEquals("AWS_PROXY", integration.inputs().get("integrationType"));
            assertEquals("2.0", integration.inputs().get("payloadFormatVersion"));
            assertEquals(function.state().get("invokeArn"), integration.inputs().get("integrationUri"));
            double timeout = ((Number) integration.inputs().get("timeoutMilliseconds")).doubleValue();
            assertTrue(timeout > definition.function().timeoutSeconds() * 1000.0 && timeout <= 30_000, name + " " + timeout);
            assertEquals(definition.auth().word(), function.tags().get("api-access"));
            assertEquals((double) definition.function().memoryMb(), ((Number) function.inputs().get("memorySize")).doubleValue());
        }
        assertEquals("AWS_IAM", named(plan, "aws:apigatewayv2/route:Route", "api-start-training-job").inputs().get("authorizationType"));
        assertEquals("NONE", named(plan, "aws:apigatewayv2/route:Route", "api-health").inputs().get("authorizationType"));
    }

    @Test
    void eachFunctionMayBeInvokedOnlyByThisApiOnItsOwnRoute() {
        Plan plan = dev();
        String executionArn = (String) named(plan, "aws:apigatewayv2/api:Api", "api").state().get("executionArn");
        assertEquals(ROUTES.size(), plan.ofType("aws:lambda/permission:Permission")
                .filter(p -> "apigateway.amazonaws.com".equals(p.inputs().get("principal"))).count());
        for (RouteDefinition definition : ROUTES) {
            PlannedResource permission = named(plan, "aws:lambda/permission:Permission", "api-" + definition.name() + "-invoke");
            assertEquals("apigateway.amazonaws.com", permission.inputs().get("principal"));
            assertEquals("lambda:InvokeFunction", permission.inputs().get("action"));
            assertEquals(named(plan, FUNCTION, "api-" + definition.name()).inputs().get("name"), permission.inputs().get("function"));
            assertEquals(executionArn + "/*/" + definition.method() + definition.path(), permission.inputs().get("sourceArn"));
        }
        assertEquals(executionArn + "/*/GET/api/projects/{slug}",
                named(plan, "aws:lambda/permission:Permission", "api-get-project-invoke").inputs().get("sourceArn"));
    }

    @Test
    void theDefaultStageDeploysLogsJsonAndThrottles() throws Exception {
        Plan plan = dev();
        PlannedResource stage = named(plan, "aws:apigatewayv2/stage:Stage", "api-stage");
        PlannedResource logs = named(plan, "aws:cloudwatch/logGroup:LogGroup", "api-access-logs");
        assertEquals("$default", stage.inputs().get("name"));
        assertEquals(true, stage.inputs().get("autoDeploy"));
        assertEquals(logs.arn(), stage.input("accessLogSettings.destinationArn").orElseThrow());
        JsonNode format = JSON.readTree((String) stage.input("accessLogSettings.format").orElseThrow());
        assertEquals("$context.requestId", format.get("requestId").asText());
        assertEquals("$context.status", format.get("status").asText());
        assertEquals(50.0, ((Number) stage.input("defaultRouteSettings.throttlingRateLimit").orElseThrow()).doubleValue());
        assertEquals(100.0, ((Number) stage.input("defaultRouteSettings.throttlingBurstLimit").orElseThrow()).doubleValue());
        assertEquals(30.0, ((Number) logs.inputs().get("retentionInDays")).doubleValue());
        assertEquals(named(plan, "aws:kms/key:Key", "stack-key-key").arn(), logs.inputs().get("kmsKeyId"));
        assertFalse(named(plan, "aws:apigatewayv2/api:Api", "api").inputs().containsKey("corsConfiguration"),
                "the site reaches the API on its own origin: no CORS unless a setting names an origin");
        assertEquals(0, plan.ofType("aws:apigatewayv2/domainName:DomainName").count());
        assertEquals("https://api-id.execute-api.us-east-1.amazonaws.com", plan.outputs().get("apiUrl"));
    }

    @Test
    void settingsTurnOnCorsForOneOriginAThrottleAndACustomDomain() {
        String certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
        Plan plan = TestStacks.plan(TestStacks.settings("dev", Map.of(
                "portfolio:apiCorsOrigin", "https://www.example.com",
                "portfolio:apiThrottleRateLimit", "20", "portfolio:apiThrottleBurstLimit", "40",
                "portfolio:apiDomainName", "api.example.com", "portfolio:apiCertificateArn", certificate)));
        PlannedResource api = named(plan, "aws:apigatewayv2/api:Api", "api");
        assertEquals(List.of("https://www.example.com"), api.input("corsConfiguration.allowOrigins").orElseThrow());
        assertEquals(List.of("GET", "OPTIONS", "POST"), api.input("corsConfiguration.allowMethods").orElseThrow());
        PlannedResource stage = named(plan, "aws:apigatewayv2/stage:Stage", "api-stage");
        assertEquals(20.0, ((Number) stage.input("defaultRouteSettings.throttlingRateLimit").orElseThrow()).doubleValue());
        assertEquals(40.0, ((Number) stage.input("defaultRouteSettings.throttlingBurstLimit").orElseThrow()).doubleValue());
        PlannedResource domain = named(plan, "aws:apigatewayv2/domainName:DomainName", "api-domain");
        assertEquals("api.example.com", domain.inputs().get("domainName"));
        assertEquals(certificate, domain.input("domainNameConfiguration.certificateArn").orElseThrow());
        assertEquals("TLS_1_2", domain.input("domainNameConfiguration.securityPolicy").orElseThrow());
        PlannedResource mapping = named(plan, "aws:apigatewayv2/apiMapping:ApiMapping", "api-mapping");
        assertEquals(api.id(), mapping.inputs().get("apiId"));
        assertEquals("$default", mapping.inputs().get("stage"));
        assertEquals("https://api.example.com", plan.outputs().get("apiUrl"));
    }

    /** The role of each route grants its declared actions on its declared tables, and only that. */
    @Test
    void eachRoutesRoleGrantsExactlyItsDefinition() throws Exception {
        Plan plan = dev();
        for (RouteDefinition definition : ROUTES) {
            String name = "api-" + definition.name();
            PlannedResource policy = named(plan, "aws:iam/rolePolicy:RolePolicy", name + "-role");
            assertEquals(named(plan, "aws:iam/role:Role", name + "-role").id(), policy.inputs().get("role"));
            var granted = new TreeSet<String>();
            for (JsonNode statement : JSON.readTree((String) policy.inputs().get("policy")).get("Statement")) {
                assertEquals("Allow", statement.get("Effect").asText());
                for (String action : strings(statement.get("Action"))) {
                    for (String resource : strings(statement.get("Resource"))) {
                        granted.add(action + " " + resource);
                    }
                }
            }
            String logs = named(plan, "aws:cloudwatch/logGroup:LogGroup", name + "-logs").arn();
            var expected = new TreeSet<>(Set.of("logs:CreateLogStream " + logs + ":*", "logs:PutLogEvents " + logs + ":*",
                    "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"));
            definition.function().grants(ResourceKind.TABLES).forEach((table, actions) -> {
                String arn = named(plan, "aws:dynamodb/table:Table", "tables-" + table).arn();
                boolean query = actions.contains("dynamodb:Query");
                actions.forEach(action -> {
                    expected.add(action + " " + arn);
                    if (query) {
                        expected.add(action + " " + arn + "/index/*");
                    }
                });
            });
            definition.function().grants(ResourceKind.STATE_MACHINES).forEach((machine, actions) -> {
                String arn = named(plan, "aws:sfn/stateMachine:StateMachine", machine + "-machine").arn();
                actions.forEach(action -> expected.add(action + " " + arn));
            });
            assertEquals(expected, granted, name);
        }
    }

    @Test
    void theFunctionsRunOnTheArchitectureAndRuntimeTheLayerWasBuiltFor() {
        for (Plan plan : List.of(dev(), TestStacks.plan(TestStacks.settings("dev",
                Map.of("lambda-layer:buildImage", "aws/codebuild/amazonlinux-aarch64-standard:3.0"))))) {
            PlannedResource layer = named(plan, "aws:lambda/layerVersion:LayerVersion", "lambda-layer");
            PlannedResource build = named(plan, "aws:codebuild/project:Project", "lambda-layer");
            LayerArchitecture built = LayerArchitecture.ofBuildImage((String) build.input("environment.image").orElseThrow());
            assertEquals(built.environmentType(), build.input("environment.type").orElseThrow(),
                    "the layer's build host must be of the image's architecture");
            assertEquals(List.of(built.lambda()), layer.inputs().get("compatibleArchitectures"));
            // The routes' functions and the training control plane's handlers: all load the layer.
            List<PlannedResource> functions = plan.ofType(FUNCTION).toList();
            assertEquals(ROUTES.size() + 2, functions.size());
            for (PlannedResource function : functions) {
                assertEquals(List.of(built.lambda()), function.inputs().get("architectures"), function.name()
                        + ": the layer's native wheels (pydantic-core) only import on the architecture they were built on");
                assertTrue(((List<?>) layer.inputs().get("compatibleRuntimes")).contains(function.inputs().get("runtime")),
                        function.name() + " runs a runtime the layer was not built for");
                assertEquals(List.of(layer.arn()), function.inputs().get("layers"), "the exact layer version the stack built");
            }
        }
        assertEquals(List.of("arm64"), named(TestStacks.plan(TestStacks.settings("dev",
                Map.of("lambda-layer:buildImage", "aws/codebuild/amazonlinux-aarch64-standard:3.0"))), FUNCTION, "api-health")
                .inputs().get("architectures"));
    }

    @Test
    void everyProjectIsOneItemOfTheProjectsTable() throws Exception {
        Plan plan = dev();
        List<Project> projects = ProjectContentReader.read(Path.of(ProjectContentReader.FILE), ProjectContentReader.FILE);
        Map<String, PlannedResource> items = plan.ofType("aws:dynamodb/tableItem:TableItem")
                .collect(Collectors.toMap(PlannedResource::name, r -> r));
        assertEquals(projects.stream().map(p -> "content-" + p.slug()).collect(Collectors.toSet()), items.keySet());
        String table = (String) named(plan, "aws:dynamodb/table:Table", "tables-projects").inputs().get("name");
        for (Project project : projects) {
            PlannedResource item = items.get("content-" + project.slug());
            assertEquals(table, item.inputs().get("tableName"));
            assertEquals("slug", item.inputs().get("hashKey"));
            assertEquals(JSON.readTree(project.itemJson()), JSON.readTree((String) item.inputs().get("item")));
        }
    }

    @Test
    void theContactRouteKnowsHowLongMessagesAreKeptAndProdReservesConcurrency() {
        PlannedResource contact = named(dev(), FUNCTION, "api-submit-contact");
        assertEquals("180", contact.input("environment.variables.CONTACT_MESSAGE_RETENTION_DAYS").orElseThrow());
        assertEquals("portfolio-dev-contact-messages", contact.input("environment.variables.CONTACT_MESSAGES_TABLE").orElseThrow());
        assertFalse(named(dev(), FUNCTION, "api-health").input("environment.variables.CONTACT_MESSAGE_RETENTION_DAYS").isPresent());
        assertEquals(named(dev(), "aws:sfn/stateMachine:StateMachine", "training-machine").arn(),
                named(dev(), FUNCTION, "api-start-training-job").input("environment.variables.TRAINING_STATE_MACHINE_ARN").orElseThrow(),
                "the route starts the stack's workflow");
        Plan prod = TestStacks.plan(TestStacks.prod());
        prod.ofType(FUNCTION).forEach(f -> assertEquals(5.0, ((Number) f.inputs().get("reservedConcurrentExecutions")).doubleValue()));
    }
}
