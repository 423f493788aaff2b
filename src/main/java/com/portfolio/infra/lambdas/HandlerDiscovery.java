package com.portfolio.infra.lambdas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event handlers under {@code functions/}: one folder each with its {@code handler.py} and
 * {@code function.json} (format in functions/README.md). Every problem of every folder is
 * reported at once, by file and field.
 */
public final class HandlerDiscovery {

    public static final String ROOT = "functions";
    public static final String DEFINITION_FILE = "function.json";

    /** One handler's folder and its validated definition. */
    public record Handler(String name, Path folder, String shown, FunctionDefinition definition) {
    }

    private HandlerDiscovery() {
    }

    /**
     * @return the handlers by folder name, sorted
     * @throws DefinitionException with every problem found, when any
     */
    public static Map<String, Handler> discover(Path root) {
        List<String> problems = new ArrayList<>();
        var handlers = new LinkedHashMap<String, Handler>();
        for (FunctionFolders.Folder folder : FunctionFolders.list(root, ROOT, DEFINITION_FILE, problems)) {
            var parsed = new ArrayList<String>();
            var json = FunctionDefinitionParser.readJson(folder.definitionFile(), folder.shown(), parsed);
            FunctionDefinition definition = json == null ? null
                    : FunctionDefinitionParser.parse(folder.shown(), json, FunctionDefinitionParser.EVENT_HANDLER, parsed);
            problems.addAll(parsed);
            if (definition != null) {
                handlers.put(folder.name(), new Handler(folder.name(), folder.dir(), folder.shown(), definition));
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return handlers;
    }

    /** The handler named {@code name}, or a clear error when the folder is missing. */
    public static Handler require(Map<String, Handler> handlers, String name) {
        Handler handler = handlers.get(name);
        if (handler == null) {
            throw new DefinitionException(List.of(ROOT + "/" + name + ": no such handler; expected a folder "
                    + ROOT + "/" + name + " with " + FunctionFolders.HANDLER + " and " + DEFINITION_FILE
                    + " (found: " + String.join(", ", handlers.keySet()) + ")"));
        }
        return handler;
    }
}
