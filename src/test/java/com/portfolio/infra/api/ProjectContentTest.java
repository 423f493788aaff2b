package com.portfolio.infra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.portfolio.infra.lambdas.DefinitionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectContentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            {"slug": "spot-training", "title": "Spot training", "summary": "Cheap GPUs.", "body": "Long text.",
             "tags": ["aws", "spot"], "publishedAt": "2026-11-20", "updatedAt": "2026-11-28",
             "links": [{"label": "Source", "url": "https://github.com/me/spot"}],
             "image": {"path": "/images/projects/spot-training.svg", "alt": "A diagram"}}""";

    private static List<String> problems(String... entries) throws Exception {
        var problems = new ArrayList<String>();
        ProjectContentReader.parse("content/projects.json", JSON.readTree("{\"projects\": [" + String.join(",", entries) + "]}"),
                problems);
        return problems;
    }

    @Test
    void theProjectsContentIsValidWithUniqueSlugs() {
        List<Project> projects = ProjectContentReader.read(Path.of(ProjectContentReader.FILE), ProjectContentReader.FILE);
        assertTrue(projects.size() >= 6, "at least six sample projects");
        assertEquals(projects.size(), projects.stream().map(Project::slug).distinct().count());
    }

    @Test
    void anItemIsTheProjectInAttributeValueFormatWithStatusAndSortKey() throws Exception {
        var problems = new ArrayList<String>();
        Project project = ProjectContentReader.parse("f", JSON.readTree("{\"projects\": [" + VALID + "]}"), problems).get(0);
        JsonNode item = JSON.readTree(project.itemJson());
        assertEquals(JSON.readTree("""
                {"slug": {"S": "spot-training"}, "title": {"S": "Spot training"}, "summary": {"S": "Cheap GPUs."},
                 "body": {"S": "Long text."}, "tags": {"L": [{"S": "aws"}, {"S": "spot"}]},
                 "publishedAt": {"S": "2026-11-20"}, "updatedAt": {"S": "2026-11-28"},
                 "links": {"L": [{"M": {"label": {"S": "Source"}, "url": {"S": "https://github.com/me/spot"}}}]},
                 "image": {"M": {"path": {"S": "/images/projects/spot-training.svg"}, "alt": {"S": "A diagram"}}},
                 "status": {"S": "published"}, "sortKey": {"S": "2026-11-20#spot-training"}}"""), item);
    }

    @Test
    void aDuplicateSlugNamesBothEntries() throws Exception {
        assertEquals(List.of("content/projects.json: projects[1] (spot-training): slug: got \"spot-training\", the slug of "
                + "projects[0] already; expected a slug unique in the file (it is the project's address and key)"),
                problems(VALID, VALID));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "publishedAt": "2026-11-20"   | "publishedAt": "20-11-2026"      | publishedAt: got "20-11-2026"; expected a date YYYY-MM-DD
            "publishedAt": "2026-11-20"   | "publishedAt": "2026-02-30"      | publishedAt: got "2026-02-30" (no such day); expected a date
            "updatedAt": "2026-11-28"     | "updatedAt": "2026-11-01"        | updatedAt: got "2026-11-01", before publishedAt 2026-11-20
            "https://github.com/me/spot"  | "http://github.com/me/spot"      | links[0].url: got "http://github.com/me/spot" (not https); expected an absolute https URL
            "/images/projects/spot-training.svg" | "images/x.svg"            | image.path: got "images/x.svg" (not an image path of the site)
            "/images/projects/spot-training.svg" | "/images/../secret.svg"   | image.path: got "/images/../secret.svg" (not an image path
            "slug": "spot-training"       | "slug": "Spot Training"          | slug: got "Spot Training" (not lowercase words joined by hyphens)
            "title": "Spot training"      | "title": ""                      | title: got ""; expected non-empty text
            "tags": ["aws", "spot"]       | "tags": ["aws", "aws"]           | tags[1]: got "aws" (listed twice)
            "tags": ["aws", "spot"]       | "tags": []                       | tags: got a list []; expected a list of 1 to 10 distinct tags
            "body": "Long text."          | "body": 3                        | body: got 3; expected non-empty text
            "summary": "Cheap GPUs."      | "summary": "Cheap GPUs.", "draft": true | draft: unknown field; expected only body, image
            """)
    void aBadFieldNamesTheEntryTheSlugTheFieldAndWhatIsExpected(String from, String to, String expected) throws Exception {
        List<String> problems = problems(VALID.replace(from, to));
        assertEquals(1, problems.size(), problems.toString());
        String where = "content/projects.json: projects[0] (" + (to.startsWith("\"slug\"") ? "Spot Training" : "spot-training") + "): ";
        assertTrue(problems.get(0).startsWith(where + expected), problems.get(0) + "\n expected: " + where + expected);
    }

    @Test
    void aMissingFileOrListIsExplained(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("projects.json");
        Files.writeString(file, "{\"projects\": {}}");
        var e = assertThrows(DefinitionException.class, () -> ProjectContentReader.read(file, "content/projects.json"));
        assertEquals("content/projects.json: projects: got an object {}; expected a non-empty list of projects", e.getMessage());
        ObjectNode missing = (ObjectNode) JSON.readTree(VALID);
        missing.remove("image");
        assertEquals(List.of("content/projects.json: projects[0] (spot-training): image: missing; expected an object with "
                + "exactly path and alt"), problems(missing.toString()));
    }
}
