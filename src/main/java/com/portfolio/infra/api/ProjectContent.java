package com.portfolio.infra.api;

import com.portfolio.infra.storage.DynamoDb;
import com.pulumi.aws.dynamodb.TableItem;
import com.pulumi.aws.dynamodb.TableItemArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.List;
import java.util.Map;

/**
 * The portfolio's projects, one item each in the projects table, so that {@code pulumi up}
 * publishes the content file: an edited project updates its item, a removed one deletes it. An
 * item's logical name is its slug, so a renamed project is a new item and the old one goes.
 */
public final class ProjectContent extends ComponentResource {

    public static final String TYPE = "portfolio:api:ProjectContent";
    /** The projects table's partition key (see {@link DynamoDb#TABLES}). */
    static final String HASH_KEY = DynamoDb.TABLES.stream().filter(t -> t.key().equals("projects")).findFirst()
            .orElseThrow().partitionKey();

    /**
     * @param projects  the validated content
     * @param tableName the projects table
     */
    public record Args(List<Project> projects, Output<String> tableName) {
    }

    public ProjectContent(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        for (Project project : args.projects()) {
            new TableItem(name + "-" + project.slug(), TableItemArgs.builder()
                    .tableName(args.tableName())
                    .hashKey(HASH_KEY)
                    .item(project.itemJson())
                    .build(), CustomResourceOptions.builder().parent(this).build());
        }
        registerOutputs(Map.of("count", Output.of(args.projects().size())));
    }
}
