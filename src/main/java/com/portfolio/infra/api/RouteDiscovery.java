package com.portfolio.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.portfolio.infra.lambdas.DefinitionException;
import com.portfolio.infra.lambdas.FunctionDefinition;
import com.portfolio.infra.lambdas.FunctionDefinitionParser;
import com.portfolio.infra.lambdas.FunctionFolders;
import com.portfolio.infra.lambdas.ResourceKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's routes: one per folder of {@code routes/}, each with a {@code handler.py} and a
 * {@code route.json} (format in routes/README.md). Adding a folder adds a route with no Java
 * change; every problem in any folder stops the program, all reported together.
 */
public final class RouteDiscovery {

    public static final String ROOT = "routes";
    public static final String DEFINITION_FILE = "route.json";
    /** An HTTP API waits at most 30 s for its integration; the function must answer before. */
    public static final int MAX_TIMEOUT_SECONDS = 29;
    static final FunctionDefinitionParser.Rules RULES = new FunctionDefinitionParser.Rules(
            Set.of("method", "path", "auth"), MAX_TIMEOUT_SECONDS, Set.of(ResourceKind.TABLES));

    private RouteDiscovery() {
    }

    /**
     * @param routesDir the {@code routes/} folder
     * @throws DefinitionException with every problem found, when any
     */
    public static List<RouteDefinition> discover(Path routesDir) {
        var problems = new ArrayList<String>();
        var routes = new ArrayList<RouteDefinition>();
        for (FunctionFolders.Folder folder : FunctionFolders.list(routesDir, ROOT, DEFINITION_FILE, problems)) {
            JsonNode root = FunctionDefinitionParser.readJson(folder.definitionFile(), folder.shown(), problems);
            if (root == null) {
                continue;
            }
            int before = problems.size();
            String method = FunctionDefinitionParser.oneOf(folder.shown(), root, "method", RouteDefinition.METHODS, problems);
            String path = path(folder.shown(), root, problems);
            String auth = FunctionDefinitionParser.oneOf(folder.shown(), root, "auth", RouteDefinition.Auth.words(), problems);
            FunctionDefinition function = FunctionDefinitionParser.parse(folder.shown(), root, RULES, problems);
            if (problems.size() == before) {
                routes.add(new RouteDefinition(folder.name(), folder.dir(), folder.shown(), method, path,
                        RouteDefinition.Auth.of(auth), function));
            }
        }
        Map<String, String> byKey = new HashMap<>();
        for (RouteDefinition route : routes) {
            String other = byKey.putIfAbsent(normalisedKey(route), route.shown());
            if (other != null) {
                problems.add(route.shown() + ": method and path: got " + route.routeKey() + ", which " + other
                        + " declares already; expected each method and path once");
            }
        }
        if (routes.isEmpty() && problems.isEmpty()) {
            problems.add(ROOT + ": no route folders in " + routesDir.toAbsolutePath() + "; expected at least one folder "
                    + "with " + DEFINITION_FILE + " and " + FunctionFolders.HANDLER);
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return List.copyOf(routes);
    }

    /** Parameter names do not tell routes apart: {@code /a/{x}} and {@code /a/{y}} are the same route. */
    private static String normalisedKey(RouteDefinition route) {
        return route.method() + " " + RouteDefinition.PARAMETER.matcher(route.path()).replaceAll("{}");
    }

    private static String path(String shown, JsonNode root, List<String> problems) {
        JsonNode node = root.get("path");
        String problem = node == null || !node.isTextual() ? null : RouteDefinition.pathProblem(node.textValue());
        if (node == null || !node.isTextual() || problem != null) {
            problems.add(shown + ": path: " + FunctionDefinitionParser.got(node) + (problem == null ? "" : " (" + problem + ")")
                    + "; expected a path starting with /api/, of lowercase segments and {name} parameters, "
                    + "such as /api/projects/{slug}");
            return null;
        }
        return node.textValue();
    }
}
