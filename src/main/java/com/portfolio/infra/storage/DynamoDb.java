package com.portfolio.infra.storage;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.dynamodb.Table;
import com.pulumi.aws.dynamodb.TableArgs;
import com.pulumi.aws.dynamodb.inputs.TableAttributeArgs;
import com.pulumi.aws.dynamodb.inputs.TableGlobalSecondaryIndexArgs;
import com.pulumi.aws.dynamodb.inputs.TablePointInTimeRecoveryArgs;
import com.pulumi.aws.dynamodb.inputs.TableServerSideEncryptionArgs;
import com.pulumi.aws.dynamodb.inputs.TableTtlArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's DynamoDB tables, all on-demand, with point-in-time recovery and encryption under
 * the stack key; prod tables refuse deletion and are protected in Pulumi as well.
 */
public final class DynamoDb extends ComponentResource {

    public static final String TYPE = "portfolio:storage:DynamoDb";
    private static final String COMPONENT = "dynamodb";

    /** A secondary index: its name, partition key and sort key (string attributes). */
    public record IndexSpec(String name, String partitionKey, String sortKey) {
    }

    /**
     * A table. Keys are string attributes.
     *
     * @param key          the name under which the table's name is exported, e.g. {@code projects}
     * @param partitionKey the partition key attribute
     * @param ttlAttribute the epoch-seconds attribute after which DynamoDB deletes an item, or null
     * @param indexes      global secondary indexes (all attributes projected)
     */
    public record TableSpec(String key, String partitionKey, String ttlAttribute, List<IndexSpec> indexes) {
    }

    /**
     * The tables. Their keys match what the shared layer's data access expects: projects by
     * {@code slug}, listed by status; contact messages by {@code messageId}, expiring after a
     * retention period; training jobs by {@code jobId}, listed by status, expiring once finished.
     */
    public static final List<TableSpec> TABLES = List.of(
            new TableSpec("projects", "slug", null, List.of(new IndexSpec("byStatus", "status", "sortKey"))),
            new TableSpec("contact-messages", "messageId", "expiresAt", List.of()),
            new TableSpec("training-jobs", "jobId", "expiresAt", List.of(new IndexSpec("byStatus", "status", "createdAt"))));

    /**
     * @param context where the stack is deployed
     * @param keyArn  the stack key, which encrypts every table
     */
    public record Args(StackContext context, Output<String> keyArn) {
    }

    /** Table names by {@link TableSpec#key()}. */
    public final Map<String, Output<String>> tableNames;
    /** Table ARNs by {@link TableSpec#key()}. */
    public final Map<String, Output<String>> tableArns;

    public DynamoDb(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        boolean prod = context.settings().isProduction();
        var stateful = CustomResourceOptions.builder().parent(this).protect(prod).retainOnDelete(prod).build();
        var names = new LinkedHashMap<String, Output<String>>();
        var arns = new LinkedHashMap<String, Output<String>>();
        for (TableSpec spec : TABLES) {
            var table = new Table(name + "-" + spec.key(), tableArgs(context, spec, args.keyArn(), prod), stateful);
            names.put(spec.key(), table.name());
            arns.put(spec.key(), table.arn());
        }
        this.tableNames = Map.copyOf(names);
        this.tableArns = Map.copyOf(arns);
        registerOutputs(Map.of());
    }

    /** A table's arguments as every table of the stack has them; also for tables that other components own. */
    public static TableArgs tableArgs(StackContext context, TableSpec spec, Output<String> keyArn, boolean prod) {
        var attributes = new LinkedHashMap<String, TableAttributeArgs>();
        attributes.put(spec.partitionKey(), stringAttribute(spec.partitionKey()));
        for (IndexSpec index : spec.indexes()) {
            attributes.putIfAbsent(index.partitionKey(), stringAttribute(index.partitionKey()));
            attributes.putIfAbsent(index.sortKey(), stringAttribute(index.sortKey()));
        }
        var builder = TableArgs.builder()
                .name(context.physicalName(spec.key()))
                .billingMode("PAY_PER_REQUEST")
                .hashKey(spec.partitionKey())
                .attributes(List.copyOf(attributes.values()))
                .pointInTimeRecovery(TablePointInTimeRecoveryArgs.builder().enabled(true).build())
                .serverSideEncryption(TableServerSideEncryptionArgs.builder().enabled(true).kmsKeyArn(keyArn).build())
                .deletionProtectionEnabled(prod)
                .globalSecondaryIndexes(spec.indexes().stream().map(index -> TableGlobalSecondaryIndexArgs.builder()
                        .name(index.name())
                        .hashKey(index.partitionKey())
                        .rangeKey(index.sortKey())
                        .projectionType("ALL")
                        .build()).toList())
                .tags(Tags.with(context.tags(COMPONENT), "Name", context.physicalName(spec.key())));
        if (spec.ttlAttribute() != null) {
            builder.ttl(TableTtlArgs.builder().attributeName(spec.ttlAttribute()).enabled(true).build());
        }
        return builder.build();
    }

    private static TableAttributeArgs stringAttribute(String attribute) {
        return TableAttributeArgs.builder().name(attribute).type("S").build();
    }
}
