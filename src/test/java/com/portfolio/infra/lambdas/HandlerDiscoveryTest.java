package com.portfolio.infra.lambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerDiscoveryTest {

    @Test
    void theRepositorysHandlersAreFoundWithTheirDefinitions() {
        var handlers = HandlerDiscovery.discover(Path.of(HandlerDiscovery.ROOT));
        assertEquals(List.of("registry", "spot-interruption"), List.copyOf(handlers.keySet()));
        assertEquals(List.of("ec2:DescribeTags"), handlers.get("registry").definition().ec2Reads());
        assertEquals("functions/registry/function.json", handlers.get("registry").shown());
    }

    @Test
    void everyFolderProblemIsReportedAtOnceAndAMissingHandlerIsNamed(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("no-definition"));
        Files.writeString(root.resolve("no-definition/handler.py"), "def handler(e, c): pass\n");
        Files.createDirectories(root.resolve("bad-memory"));
        Files.writeString(root.resolve("bad-memory/handler.py"), "def handler(e, c): pass\n");
        Files.writeString(root.resolve("bad-memory/function.json"), "{\"memoryMb\": 1, \"timeoutSeconds\": 3, \"tables\": {}}");
        var failure = assertThrows(DefinitionException.class, () -> HandlerDiscovery.discover(root));
        assertEquals(2, failure.problems().size(), failure.getMessage());
        assertTrue(failure.getMessage().contains("functions/bad-memory/function.json: memoryMb: got 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("functions/no-definition: function.json is missing"), failure.getMessage());

        var none = assertThrows(DefinitionException.class,
                () -> HandlerDiscovery.require(HandlerDiscovery.discover(Path.of(HandlerDiscovery.ROOT)), "registr"));
        assertTrue(none.getMessage().startsWith("functions/registr: no such handler; expected a folder functions/registr"),
                none.getMessage());
    }
}
