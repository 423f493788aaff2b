package com.portfolio.infra.lambdas;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of resource a function definition may be granted access to, each with the field that
 * lists them, the one IAM service whose actions it may grant, the data-plane actions the program
 * knows for that service (so a misspelt action, which IAM would accept and never match, is caught
 * before deployment), the keys a definition may name, and the environment variable that tells the
 * handler where the resource is.
 */
public enum ResourceKind {
    TABLES("tables", "dynamodb", "_TABLE",
            List.of("projects", "contact-messages", "training-jobs", "instances"),
            Set.of("BatchGetItem", "BatchWriteItem", "ConditionCheckItem", "DeleteItem", "DescribeTable", "GetItem",
                    "PutItem", "Query", "Scan", "UpdateItem")),
    QUEUES("queues", "sqs", "_QUEUE_URL",
            List.of("jobs"),
            Set.of("ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ReceiveMessage",
                    "SendMessage")),
    TOPICS("topics", "sns", "_TOPIC_ARN",
            List.of("ops"),
            Set.of("Publish")),
    STATE_MACHINES("stateMachines", "states", "_STATE_MACHINE_ARN",
            List.of("training"),
            Set.of("DescribeExecution", "GetExecutionHistory", "ListExecutions", "StartExecution", "StartSyncExecution",
                    "StopExecution"));

    private final String field;
    private final String service;
    private final String variableSuffix;
    private final List<String> keys;
    private final Set<String> actions;

    ResourceKind(String field, String service, String variableSuffix, List<String> keys, Set<String> actions) {
        this.field = field;
        this.service = service;
        this.variableSuffix = variableSuffix;
        this.keys = keys;
        this.actions = actions;
    }

    /** The definition's field, e.g. {@code tables}. */
    public String field() {
        return field;
    }

    /** The IAM service prefix of its actions, without the colon, e.g. {@code dynamodb}. */
    public String service() {
        return service;
    }

    /** The resource keys a definition may name. */
    public List<String> keys() {
        return keys;
    }

    /** The actions (without prefix) the program knows for this service, sorted. */
    public List<String> knownActions() {
        return actions.stream().sorted().toList();
    }

    public boolean knows(String action) {
        return action.startsWith(service + ":") && actions.contains(action.substring(service.length() + 1));
    }

    /** The handler's environment variable for a resource key: {@code contact-messages} -> {@code CONTACT_MESSAGES_TABLE}. */
    public String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_') + variableSuffix;
    }

    /** The kind listed under {@code field}, or null. */
    public static ResourceKind ofField(String field) {
        for (ResourceKind kind : values()) {
            if (kind.field.equals(field)) {
                return kind;
            }
        }
        return null;
    }
}
