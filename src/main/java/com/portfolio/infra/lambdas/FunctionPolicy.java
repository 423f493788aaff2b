package com.portfolio.infra.lambdas;

import com.portfolio.infra.support.PolicyDocumentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The role policy of a function from its definition: exactly the declared actions on exactly the
 * declared resources, plus writing to its own log group and sending its traces to X-Ray (active
 * tracing; X-Ray's two actions take no resource but {@code *}). Built from resolved ARNs so it is
 * tested without the engine.
 */
public final class FunctionPolicy {

    /** Step Functions actions whose resource is an execution of the machine, not the machine itself. */
    static final Set<String> EXECUTION_ACTIONS = Set.of("states:DescribeExecution", "states:GetExecutionHistory",
            "states:StopExecution");

    /**
     * A resource the function may use, resolved.
     *
     * @param kind      its kind
     * @param key       its key in the definition
     * @param arn       its ARN
     * @param kmsKeyArn its customer key when callers must be allowed to use it (queues, topics), else null
     * @param actions   the declared actions
     */
    public record Grant(ResourceKind kind, String key, String arn, String kmsKeyArn, List<String> actions) {
    }

    /** What active tracing needs; see https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html */
    public static final List<String> TRACING_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private FunctionPolicy() {
    }

    /**
     * @param logGroupArn the function's log group (as the provider reports it, without {@code :*})
     * @param region      the stack's region, for the KMS {@code kms:ViaService} condition
     */
    public static String document(String logGroupArn, List<Grant> grants, String region) {
        return document(logGroupArn, grants, List.of(), region);
    }

    /**
     * @param ec2Reads EC2 read actions, granted on {@code *}: EC2's Describe actions support no
     *                 resource-level permissions
     */
    public static String document(String logGroupArn, List<Grant> grants, List<String> ec2Reads, String region) {
        PolicyDocumentBuilder document = PolicyDocumentBuilder.create()
                .allow("WriteOwnLogs").actions("logs:CreateLogStream", "logs:PutLogEvents")
                .resources(logGroupArn + ":*")
                .and()
                .allow("SendTraces").actions(TRACING_ACTIONS.toArray(String[]::new)).resources("*")
                .and();
        // Keys used through queues and topics, by key ARN, then by service: one statement each.
        var keyUse = new TreeMap<String, TreeMap<String, Boolean>>();
        for (Grant grant : grants) {
            for (Scoped scoped : scoped(grant)) {
                document = document.allow(statementId(grant) + scoped.suffix())
                        .actions(scoped.actions().toArray(String[]::new))
                        .resources(scoped.resources())
                        .and();
            }
            if (grant.kmsKeyArn() != null) {
                keyUse.computeIfAbsent(grant.kmsKeyArn(), k -> new TreeMap<>()).put(grant.kind().service(), true);
            }
        }
        if (!ec2Reads.isEmpty()) {
            document = document.allow("ReadEc2").actions(ec2Reads.toArray(String[]::new)).resources("*").and();
        }
        int n = 0;
        for (Map.Entry<String, TreeMap<String, Boolean>> key : keyUse.entrySet()) {
            List<String> via = key.getValue().keySet().stream().map(service -> service + "." + region + ".amazonaws.com").toList();
            // SQS and SNS encrypt and decrypt messages with the caller's permissions on the key.
            document = document.allow("UseKeyThroughMessaging" + (n++ == 0 ? "" : String.valueOf(n)))
                    .actions("kms:GenerateDataKey", "kms:Decrypt")
                    .resources(key.getKey())
                    .condition("StringEquals", "kms:ViaService", via.size() == 1 ? via.get(0) : via)
                    .and();
        }
        return document.toJson();
    }

    /** Actions and the resources they apply to; the suffix tells statements of one grant apart. */
    record Scoped(String suffix, List<String> actions, List<String> resources) {
    }

    static List<Scoped> scoped(Grant grant) {
        if (grant.kind() == ResourceKind.STATE_MACHINES) {
            var result = new ArrayList<Scoped>();
            List<String> onMachine = grant.actions().stream().filter(a -> !EXECUTION_ACTIONS.contains(a)).toList();
            List<String> onExecutions = grant.actions().stream().filter(EXECUTION_ACTIONS::contains).toList();
            if (!onMachine.isEmpty()) {
                result.add(new Scoped("", onMachine, List.of(grant.arn())));
            }
            if (!onExecutions.isEmpty()) {
                result.add(new Scoped("Executions", onExecutions, List.of(executionsOf(grant.arn()))));
            }
            return result;
        }
        var resources = new ArrayList<String>();
        resources.add(grant.arn());
        if (grant.kind() == ResourceKind.TABLES && grant.actions().contains("dynamodb:Query")) {
            resources.add(grant.arn() + "/index/*");
        }
        return List.of(new Scoped("", grant.actions(), resources));
    }

    /** {@code arn:aws:states:r:a:stateMachine:name} -> {@code arn:aws:states:r:a:execution:name:*}. */
    static String executionsOf(String stateMachineArn) {
        int marker = stateMachineArn.indexOf(":stateMachine:");
        if (marker < 0) {
            throw new IllegalArgumentException("state machine ARN " + stateMachineArn
                    + " has no :stateMachine: part; expected arn:<partition>:states:<region>:<account>:stateMachine:<name>");
        }
        return stateMachineArn.substring(0, marker) + ":execution:"
                + stateMachineArn.substring(marker + ":stateMachine:".length()) + ":*";
    }

    private static String statementId(Grant grant) {
        StringBuilder sid = new StringBuilder(grant.kind().service().substring(0, 1).toUpperCase())
                .append(grant.kind().service().substring(1));
        for (String part : grant.key().split("-")) {
            sid.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sid.toString();
    }
}
