package com.portfolio.infra.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CloudFront Function's own JavaScript, run with {@code node} on CloudFront's event shape:
 * client-side routes become {@code /index.html}; files, missing or not, and every API path reach
 * their origin unchanged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpaRewriteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the function once per URI (a viewer-request event each) and returns the URIs it forwards. */
    static Map<String, String> rewrite(String code, List<String> uris, Path temp) throws Exception {
        Path function = temp.resolve("function.js");
        Files.writeString(function, code + "\nmodule.exports = handler;\n");
        Path runner = temp.resolve("run.js");
        Files.writeString(runner, """
                const handler = require(process.argv[2]);
                const result = {};
                for (const uri of JSON.parse(process.argv[3])) {
                  const event = {version: '1.0', context: {eventType: 'viewer-request'}, viewer: {ip: '198.51.100.7'},
                    request: {method: 'GET', uri: uri, querystring: {}, headers: {host: {value: 'example.com'}}, cookies: {}}};
                  const forwarded = handler(event);
                  result[uri] = forwarded.uri;
                }
                console.log(JSON.stringify(result));
                """);
        Process node;
        try {
            node = new ProcessBuilder("node", runner.toString(), function.toString(), JSON.writeValueAsString(uris))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "node is not installed: the CloudFront Function's JavaScript cannot be run here");
            throw e;
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.waitFor(), output);
        return JSON.readValue(output, new TypeReference<LinkedHashMap<String, String>>() { });
    }

    @Test
    void routesBecomeIndexHtmlWhileFilesAndTheApiPassUnchanged(@TempDir Path temp) throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/", "/index.html");
        expected.put("/projects/x", "/index.html");
        expected.put("/projects/some-slug/", "/index.html");
        expected.put("/about", "/index.html");
        expected.put("/assets/app-1a2b.js", "/assets/app-1a2b.js");
        expected.put("/missing.png", "/missing.png");
        expected.put("/index.html", "/index.html");
        expected.put("/api/projects", "/api/projects");
        expected.put("/api/projects/x", "/api/projects/x");
        expected.put("/api", "/api");
        expected.put("/apiary", "/index.html");
        assertEquals(expected, rewrite(SpaRewrite.code(), List.copyOf(expected.keySet()), temp));
    }

    @Test
    void theCodeIsWhatTheResourceFileHolds() throws Exception {
        assertEquals(Files.readString(Path.of("src/main/resources/com/portfolio/infra/web/spa-rewrite.js")), SpaRewrite.code());
    }
}
