package com.portfolio.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.portfolio.infra.lambdas.DefinitionException;
import com.portfolio.infra.lambdas.FunctionDefinitionParser;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code content/projects.json}; every problem is reported at once as
 * {@code <file>: projects[<index>] (<slug>): <field>: got <value>; expected <what>}.
 */
public final class ProjectContentReader {

    public static final String FILE = "content/projects.json";

    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Pattern IMAGE_PATH = Pattern.compile("/images/[a-z0-9/_-]+\\.(svg|png|jpg|jpeg|webp|avif)");
    static final int MAX_SLUG = 64;
    static final int MAX_TITLE = 120;
    static final int MAX_SUMMARY = 300;
    static final int MAX_BODY = 20_000;
    static final int MAX_TAGS = 10;
    static final Set<String> FIELDS = Set.of("slug", "title", "summary", "body", "tags", "publishedAt", "updatedAt",
            "links", "image");

    private ProjectContentReader() {
    }

    /**
     * @param file  the content file
     * @param shown how it is named in messages
     * @throws DefinitionException with every problem, when any
     */
    public static List<Project> read(Path file, String shown) {
        var problems = new ArrayList<String>();
        JsonNode root = FunctionDefinitionParser.readJson(file, shown, problems);
        List<Project> projects = root == null ? List.of() : parse(shown, root, problems);
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return projects;
    }

    static List<Project> parse(String shown, JsonNode root, List<String> problems) {
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("projects")) {
                problems.add(shown + ": " + field + ": unknown field; expected only projects");
            }
        });
        JsonNode list = root.get("projects");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(shown + ": projects: " + FunctionDefinitionParser.got(list) + "; expected a non-empty list of projects");
            return List.of();
        }
        var projects = new ArrayList<Project>();
        Map<String, Integer> slugs = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String slug = entry.path("slug").isTextual() ? entry.get("slug").textValue() : "?";
            var at = new Entry(shown + ": projects[" + i + "] (" + slug + ")", problems);
            Project project = entry.isObject() ? project(at, entry) : null;
            if (!entry.isObject()) {
                at.problem(null, FunctionDefinitionParser.got(entry), "a project object");
            }
            if (project != null) {
                Integer first = slugs.putIfAbsent(project.slug(), i);
                if (first != null) {
                    at.problem("slug", "got \"" + project.slug() + "\", the slug of projects[" + first + "] already",
                            "a slug unique in the file (it is the project's address and key)");
                } else {
                    projects.add(project);
                }
            }
        }
        return projects;
    }

    /** Where a problem is, and the list it goes to. */
    private record Entry(String where, List<String> problems) {
        void problem(String field, String got, String expected) {
            problems.add(where + ": " + (field == null ? "" : field + ": ") + got + "; expected " + expected);
        }
    }

    private static Project project(Entry at, JsonNode entry) {
        int before = at.problems().size();
        entry.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                at.problem(field, "unknown field", "only " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        });
        String slug = text(at, entry, "slug", MAX_SLUG, s -> SLUG.matcher(s).matches() ? null : "not lowercase words joined by hyphens",
                "lowercase letters and digits in words joined by hyphens, at most " + MAX_SLUG + " characters");
        String title = text(at, entry, "title", MAX_TITLE, s -> null, "non-empty text of at most " + MAX_TITLE + " characters");
        String summary = text(at, entry, "summary", MAX_SUMMARY, s -> null, "non-empty text of at most " + MAX_SUMMARY + " characters");
        String body = text(at, entry, "body", MAX_BODY, s -> null, "non-empty text of at most " + MAX_BODY + " characters");
        String published = date(at, entry, "publishedAt");
        String updated = date(at, entry, "updatedAt");
        if (published != null && updated != null && updated.compareTo(published) < 0) {
            at.problem("updatedAt", "got \"" + updated + "\", before publishedAt " + published, "a date on or after publishedAt");
        }
        List<String> tags = tags(at, entry.get("tags"));
        List<Project.Link> links = links(at, entry.get("links"));
        Project.Image image = image(at, entry.get("image"));
        if (at.problems().size() != before) {
            return null;
        }
        return new Project(slug, title, summary, body, tags, published, updated, links, image);
    }

    private static String text(Entry at, JsonNode node, String field, int max, Function<String, String> check, String expected) {
        return text(at, node, field, field, max, check, expected);
    }

    /** @param shownField how the field is named in a message, e.g. {@code image.path} for {@code path} */
    private static String text(Entry at, JsonNode node, String field, String shownField, int max,
                               Function<String, String> check, String expected) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank() || value.textValue().length() > max) {
            String got = value != null && value.isTextual() && value.textValue().length() > max
                    ? "got " + value.textValue().length() + " characters" : FunctionDefinitionParser.got(value);
            at.problem(shownField, got, expected);
            return null;
        }
        String problem = check.apply(value.textValue());
        if (problem != null) {
            at.problem(shownField, FunctionDefinitionParser.got(value) + " (" + problem + ")", expected);
            return null;
        }
        return value.textValue();
    }

    private static String date(Entry at, JsonNode node, String field) {
        JsonNode value = node.get(field);
        String expected = "a date YYYY-MM-DD such as 2026-11-20";
        if (value == null || !value.isTextual() || !DATE.matcher(value.textValue()).matches()) {
            at.problem(field, FunctionDefinitionParser.got(value), expected);
            return null;
        }
        try {
            LocalDate.parse(value.textValue());
            return value.textValue();
        } catch (DateTimeParseException e) {
            at.problem(field, FunctionDefinitionParser.got(value) + " (no such day)", expected);
            return null;
        }
    }

    private static List<String> tags(Entry at, JsonNode node) {
        String expected = "a list of 1 to " + MAX_TAGS + " distinct tags of lowercase words joined by hyphens";
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_TAGS) {
            at.problem("tags", FunctionDefinitionParser.got(node), expected);
            return List.of();
        }
        var tags = new LinkedHashSet<String>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            if (!tag.isTextual() || !SLUG.matcher(tag.textValue()).matches() || !tags.add(tag.textValue())) {
                at.problem("tags[" + i + "]", FunctionDefinitionParser.got(tag)
                        + (tag.isTextual() && tags.contains(tag.textValue()) ? " (listed twice)" : ""), expected);
            }
        }
        return List.copyOf(tags);
    }

    private static List<Project.Link> links(Entry at, JsonNode node) {
        if (node == null || !node.isArray()) {
            at.problem("links", FunctionDefinitionParser.got(node), "a list (possibly empty) of {label, url} objects");
            return List.of();
        }
        var links = new ArrayList<Project.Link>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode link = node.get(i);
            String field = "links[" + i + "]";
            if (!link.isObject() || !Set.of("label", "url").equals(fieldNames(link))) {
                at.problem(field, FunctionDefinitionParser.got(link), "an object with exactly label and url");
                continue;
            }
            String label = text(at, link, "label", field + ".label", 80, s -> null, "non-empty text of at most 80 characters");
            JsonNode url = link.get("url");
            String problem = url.isTextual() ? httpsProblem(url.textValue()) : "not text";
            if (problem != null) {
                at.problem(field + ".url", FunctionDefinitionParser.got(url) + " (" + problem + ")",
                        "an absolute https URL such as https://github.com/you/project");
            } else if (label != null) {
                links.add(new Project.Link(label, url.textValue()));
            }
        }
        return links;
    }

    private static String httpsProblem(String text) {
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme())) {
                return "not https";
            }
            return uri.getHost() == null ? "no host" : null;
        } catch (java.net.URISyntaxException e) {
            return "not a URL";
        }
    }

    private static Project.Image image(Entry at, JsonNode node) {
        if (node == null || !node.isObject() || !Set.of("path", "alt").equals(fieldNames(node))) {
            at.problem("image", FunctionDefinitionParser.got(node), "an object with exactly path and alt");
            return null;
        }
        String path = text(at, node, "path", "image.path", 200, s -> IMAGE_PATH.matcher(s).matches() ? null : "not an image path of the site",
                "a site path under /images/ of lowercase names, ending in .svg, .png, .jpg, .jpeg, .webp or .avif");
        String alt = text(at, node, "alt", "image.alt", 300, s -> null, "non-empty alternative text of at most 300 characters");
        return path == null || alt == null ? null : new Project.Image(path, alt);
    }

    private static Set<String> fieldNames(JsonNode node) {
        var names = new java.util.HashSet<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
