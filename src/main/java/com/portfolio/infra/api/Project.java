package com.portfolio.infra.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One portfolio project from {@code content/projects.json}, validated (see
 * {@link ProjectContentReader}).
 *
 * @param publishedAt {@code YYYY-MM-DD}
 * @param updatedAt   {@code YYYY-MM-DD}, not before {@code publishedAt}
 */
public record Project(String slug, String title, String summary, String body, List<String> tags, String publishedAt,
                      String updatedAt, List<Link> links, Image image) {

    /** The value of {@code status} for every project the content publishes. */
    public static final String PUBLISHED = "published";

    public Project {
        tags = List.copyOf(tags);
        links = List.copyOf(links);
    }

    public record Link(String label, String url) {
    }

    /** @param path site path of the image, e.g. {@code /images/projects/x.svg} */
    public record Image(String path, String alt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The projects table item in DynamoDB's attribute-value JSON (what {@code TableItem.item}
     * takes): every field, plus {@code status} and {@code sortKey = <publishedAt>#<slug>}, which the
     * list reads through the {@code byStatus} index newest first.
     */
    public String itemJson() {
        ObjectNode item = JSON.createObjectNode();
        item.set("slug", string(slug));
        item.set("title", string(title));
        item.set("summary", string(summary));
        item.set("body", string(body));
        ArrayNode tagList = JSON.createArrayNode();
        tags.forEach(tag -> tagList.add(string(tag)));
        item.set("tags", JSON.createObjectNode().set("L", tagList));
        item.set("publishedAt", string(publishedAt));
        item.set("updatedAt", string(updatedAt));
        ArrayNode linkList = JSON.createArrayNode();
        links.forEach(link -> linkList.add(map(JSON.createObjectNode().<ObjectNode>set("label", string(link.label()))
                .set("url", string(link.url())))));
        item.set("links", JSON.createObjectNode().set("L", linkList));
        item.set("image", map(JSON.createObjectNode().<ObjectNode>set("path", string(image.path()))
                .set("alt", string(image.alt()))));
        item.set("status", string(PUBLISHED));
        item.set("sortKey", string(sortKey()));
        return item.toString();
    }

    /** Orders the list newest first; the slug breaks ties between projects of one day. */
    public String sortKey() {
        return publishedAt + "#" + slug;
    }

    private static ObjectNode string(String value) {
        return JSON.createObjectNode().put("S", value);
    }

    private static ObjectNode map(ObjectNode fields) {
        return JSON.createObjectNode().set("M", fields);
    }
}
