package com.portfolio.infra.config;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stack name goes into physical names ({@code <project>-<stack>-...}), so it must be a word
 * every one of them accepts, and short enough for the tightest of them. This table lists every
 * name the program builds from project and stack, with AWS's limit on it; a test plans a stack
 * with the longest accepted name and fails when a name missing here would be over its limit.
 * (Descriptions that mention the stack allow 1,000 characters or more and never bind.)
 */
public final class StackNames {

    /** Stands for {@code <project>-<stack>} in a template. */
    static final String PREFIX = "{prefix}";
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]*");

    /**
     * A name derived from the stack.
     *
     * @param what      what it names, for messages
     * @param template  the name with {@value #PREFIX} for {@code <project>-<stack>}; the longest
     *                  of its kind (the longest table role, component id, ...)
     * @param maxLength the most characters AWS accepts for it
     */
    public record DerivedName(String what, String template, int maxLength) {
        /** The longest stack name this name allows for {@code project}. */
        int roomForStack(String project) {
            int fixed = template.length() - PREFIX.length();
            return maxLength - fixed - project.length() - 1;
        }

        String shown(String project) {
            return template.replace(PREFIX, project + "-<stack>");
        }
    }

    public static final List<DerivedName> DERIVED = List.of(
            new DerivedName("the Lambda layer name", PREFIX + "-shared", 140),
            new DerivedName("the DynamoDB table name", PREFIX + "-contact-messages", 255),
            new DerivedName("the CodeBuild project name", PREFIX + "-lambda-layer", 255),
            new DerivedName("the CodeBuild log group name", "/aws/codebuild/" + PREFIX + "-lambda-layer", 512),
            new DerivedName("the flow log group name", "/aws/vpc/flow-logs/" + PREFIX, 512),
            new DerivedName("the KMS alias", "alias/" + PREFIX, 256),
            new DerivedName("the Name tag of an EFS access point", PREFIX + "-training-data", 256),
            // Route folders have up to 28 characters (routes/README.md).
            new DerivedName("the name of a route's Lambda function", PREFIX + "-api-" + "r".repeat(28), 64),
            new DerivedName("the log group of a route's function", "/aws/lambda/" + PREFIX + "-api-" + "r".repeat(28), 512),
            new DerivedName("the HTTP API's name", PREFIX + "-api", 128),
            new DerivedName("the HTTP API's access log group", "/aws/apigateway/" + PREFIX + "-api/access", 512),
            new DerivedName("the training workflow's log group name", "/aws/vendedlogs/states/" + PREFIX + "-training-workflow", 512),
            new DerivedName("the training fleet's Auto Scaling group name", PREFIX + "-fleet", 255),
            new DerivedName("the training platform's CloudWatch dashboard name", PREFIX + "-training-platform", 255),
            new DerivedName("the training instances' role name", PREFIX + "-fleet-instance", 64),
            new DerivedName("the training instances' instance profile name", PREFIX + "-fleet-instance", 128),
            new DerivedName("the training fleet's launch template name", PREFIX + "-fleet-template", 128),
            new DerivedName("the training fleet's volume key grant name", PREFIX + "-fleet-volumes", 256),

            new DerivedName("the NAT instance's Auto Scaling group name", PREFIX + "-nat", 255));

    private StackNames() {
    }

    /** The derived name that leaves the stack the least room. */
    public static DerivedName tightest(String project) {
        return DERIVED.stream().min(Comparator.comparingInt(d -> d.roomForStack(project))).orElseThrow();
    }

    /** The longest stack name that keeps every derived name within AWS's limit. */
    public static int maxLength(String project) {
        return tightest(project).roomForStack(project);
    }

    /** Why {@code stack} cannot be used, in the settings' error style; empty when it can. */
    public static Optional<String> problem(String project, String stack) {
        int max = maxLength(project);
        if (stack != null && WORD.matcher(stack).matches() && stack.length() <= max) {
            return Optional.empty();
        }
        DerivedName tightest = tightest(project);
        return Optional.of("stack: got \"" + stack + "\"" + (stack == null ? "" : " (" + stack.length() + " characters)")
                + "; expected lowercase letters, digits and hyphens, starting with a letter, at most " + max
                + " characters: AWS names are built from it, and the longest, " + tightest.what() + " "
                + tightest.shown(project) + ", may have at most " + tightest.maxLength() + " characters");
    }
}
