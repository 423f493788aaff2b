package com.portfolio.infra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.lambdas.DefinitionException;
import com.portfolio.infra.lambdas.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteDiscoveryTest {

    @TempDir
    Path routes;

    private static final String HEALTH = """
            {"method": "GET", "path": "/api/health", "auth": "public", "memoryMb": 128, "timeoutSeconds": 3, "tables": {}}""";

    private void route(String name, String json) throws Exception {
        Path dir = routes.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("route.json"), json);
        Files.writeString(dir.resolve("handler.py"), "def handler(event, context):\n    return {}\n");
    }

    private List<String> problems() {
        return assertThrows(DefinitionException.class, () -> RouteDiscovery.discover(routes)).problems();
    }

    @Test
    void everyFolderIsARouteSortedByName() throws Exception {
        route("health", HEALTH);
        route("get-project", """
                {"method": "GET", "path": "/api/projects/{slug}", "auth": "public", "memoryMb": 256,
                 "timeoutSeconds": 5, "tables": {"projects": ["dynamodb:GetItem"]}}""");
        route("start-training-job", """
                {"method": "POST", "path": "/api/training/jobs", "auth": "iam", "memoryMb": 256, "timeoutSeconds": 10,
                 "tables": {"training-jobs": ["dynamodb:PutItem"]}, "stateMachines": {"training": ["states:StartExecution"]}}""");
        Files.createDirectories(routes.resolve("tests"));
        Files.createDirectories(routes.resolve("__pycache__"));
        Files.writeString(routes.resolve("local_api.py"), "");

        List<RouteDefinition> found = RouteDiscovery.discover(routes);
        assertEquals(List.of("get-project", "health", "start-training-job"), found.stream().map(RouteDefinition::name).toList());
        RouteDefinition start = found.get(2);
        assertEquals("POST /api/training/jobs", start.routeKey());
        assertEquals(RouteDefinition.Auth.IAM, start.auth());
        assertEquals("AWS_IAM", start.auth().authorizationType());
        assertEquals(Map.of("training", List.of("states:StartExecution")), start.function().grants(ResourceKind.STATE_MACHINES));
        assertEquals("routes/start-training-job/route.json", start.shown());
        assertEquals("NONE", found.get(1).auth().authorizationType());
    }

    @Test
    void theProjectsRoutesAreAllValid() {
        List<RouteDefinition> found = RouteDiscovery.discover(Path.of(RouteDiscovery.ROOT));
        assertEquals(6, found.size(), found.toString());
    }

    @Test
    void aFolderWithoutItsFilesIsNamed() throws Exception {
        route("health", HEALTH);
        Files.createDirectories(routes.resolve("contact"));
        Files.writeString(routes.resolve("contact/handler.py"), "");
        Files.createDirectories(routes.resolve("list"));
        Files.writeString(routes.resolve("list/route.json"), HEALTH);
        assertEquals(List.of(
                "routes/contact: route.json is missing; expected every folder of routes to hold route.json and handler.py",
                "routes/list: handler.py is missing; expected every folder of routes to hold route.json and handler.py"),
                problems());
    }

    @Test
    void aFolderNameThatCannotNameAFunctionIsRefused() throws Exception {
        route("Get_Project", HEALTH.replace("health", "x"));
        route("a-name-that-is-far-too-long-xx", HEALTH.replace("health", "y"));
        assertEquals(List.of(
                "routes/Get_Project: folder name \"Get_Project\" (11 characters); expected 1 to 28 lowercase letters, digits "
                        + "and hyphens (it becomes part of the function's name)",
                "routes/a-name-that-is-far-too-long-xx: folder name \"a-name-that-is-far-too-long-xx\" (30 characters); "
                        + "expected 1 to 28 lowercase letters, digits and hyphens (it becomes part of the function's name)"),
                problems());
    }

    @Test
    void theSameMethodAndPathTwiceIsRefusedEvenWithOtherParameterNames() throws Exception {
        route("get-project", """
                {"method": "GET", "path": "/api/projects/{slug}", "auth": "public", "memoryMb": 256, "timeoutSeconds": 5, "tables": {}}""");
        route("get-project-2", """
                {"method": "GET", "path": "/api/projects/{id}", "auth": "public", "memoryMb": 256, "timeoutSeconds": 5, "tables": {}}""");
        assertEquals(List.of("routes/get-project-2/route.json: method and path: got GET /api/projects/{id}, which "
                + "routes/get-project/route.json declares already; expected each method and path once"), problems());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "method": "FETCH"            | method: got "FETCH"; expected one of GET, POST, PUT, PATCH, DELETE
            "method": "get"              | method: got "get"; expected one of GET, POST, PUT, PATCH, DELETE
            "auth": "private"            | auth: got "private"; expected one of public, iam
            "auth": null                 | auth: got null; expected one of public, iam
            "path": "/health"            | path: got "/health" (does not start with /api/); expected a path starting with /api/
            "path": "/api/health/"       | path: got "/api/health/" (ends with /)
            "path": "/api/Projects"      | path: got "/api/Projects" (has the segment "Projects", which is neither
            "path": "/api/{a}/{a}"       | path: got "/api/{a}/{a}" (names the parameter {a} twice)
            "path": "/api//x"            | path: got "/api//x" (has the segment ""
            "timeoutSeconds": 30         | timeoutSeconds: got 30; expected a whole number from 1 to 29
            "tables": {"projects": ["dynamodb:*"]} | tables.projects: got "dynamodb:*", a wildcard action
            "handler": "x.y"             | handler: unknown field; expected only
            """)
    void aBadFieldIsRefusedWithTheFileTheFieldAndWhatIsExpected(String field, String expected) throws Exception {
        String key = field.substring(1, field.indexOf('"', 1));
        String json = HEALTH.contains("\"" + key + "\"")
                ? HEALTH.replaceFirst("\"" + key + "\": (\"[^\"]*\"|\\d+|\\{})", java.util.regex.Matcher.quoteReplacement(field))
                : HEALTH.replace("{\"method\"", "{" + field + ", \"method\"");
        route("health", json);
        List<String> problems = problems();
        assertEquals(1, problems.size(), json + " -> " + problems);
        assertTrue(problems.get(0).startsWith("routes/health/route.json: " + expected), problems.get(0) + "\n expected: " + expected);
    }

    @Test
    void aMissingMethodAndBrokenJsonAreReportedWithEveryOtherProblem() throws Exception {
        route("health", HEALTH.replace("\"method\": \"GET\", ", ""));
        route("list", "{not json");
        List<String> problems = problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("routes/health/route.json: method: missing; expected one of GET, POST, PUT, PATCH, DELETE", problems.get(0));
        assertTrue(problems.get(1).startsWith("routes/list/route.json: not valid JSON at line 1"), problems.get(1));
    }
}
