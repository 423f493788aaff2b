package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.InputConstraint.Family.NAMING;
import static com.portfolio.infra.policy.InputConstraint.Family.QUOTAS;
import static com.portfolio.infra.policy.InputConstraint.Family.TAGS;

import com.portfolio.infra.policy.InputConstraint.Family;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What AWS enforces at create time that its CloudFormation schemas do not carry: naming rules,
 * size quotas and tag limits from the service documentation, and how the provider names a
 * resource whose name is not set. Each rule names its source.
 */
public final class AwsFacts {

    /** EC2's characters for security group names and descriptions and rule descriptions. */
    private static final String EC2_TEXT = "[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*";
    private static final String EC2_TEXT_WORDS = "only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*";
    private static final String EC2_RULE_DOC = "EC2 API IpRange/IpPermission Description";
    private static final String IAM_NAME = "[\\w+=,.@-]+";

    /** Lambda sets these itself and refuses them in a function's configuration. */
    static final Set<String> LAMBDA_RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private static final Map<String, List<InputConstraint>> BY_TYPE = new LinkedHashMap<>();

    static {
        for (String type : List.of(Types.SECURITY_GROUP, Types.DEFAULT_SECURITY_GROUP)) {
            for (String rules : List.of("ingress[]", "egress[]")) {
                ruleDescription(type, rules + ".description");
            }
        }
        for (String type : List.of(Types.INGRESS_RULE, Types.EGRESS_RULE, Types.SECURITY_GROUP_RULE)) {
            ruleDescription(type, "description");
        }
        add(Types.SECURITY_GROUP,
                InputConstraint.length(NAMING, "name", 1, 255, "EC2 CreateSecurityGroup GroupName"),
                InputConstraint.matching(NAMING, "name", EC2_TEXT, EC2_TEXT_WORDS, "EC2 CreateSecurityGroup GroupName"),
                InputConstraint.notStartingWith(NAMING, "name", List.of("sg-"), false, "EC2 CreateSecurityGroup GroupName"));

        add(Types.IAM_POLICY,
                InputConstraint.length(NAMING, "name", 1, 128, "IAM CreatePolicy PolicyName"),
                InputConstraint.matching(NAMING, "name", IAM_NAME, "letters, digits and +=,.@_-", "IAM CreatePolicy PolicyName"),
                policySize("policy", 6144, "IAM quota: managed policy size"));
        add(Types.IAM_ROLE, policySize("assumeRolePolicy", 2048, "IAM quota: role trust policy length"));

        add(Types.FUNCTION,
                InputConstraint.matching(NAMING, "name", "[a-zA-Z0-9_-]+", "letters, digits, hyphens and underscores",
                        "Lambda CreateFunction FunctionName"),
                InputConstraint.matching(NAMING, "environment.variables.{key}", "[a-zA-Z][a-zA-Z0-9_]+",
                        "a letter, then letters, digits or underscores", "Lambda Environment Variables"),
                new InputConstraint(NAMING, "environment.variables.{key}", "none of Lambda's reserved variables "
                        + "(AWS_REGION, AWS_LAMBDA_*, _HANDLER, ...)", "Lambda: defined runtime environment variables",
                        value -> value instanceof String key && LAMBDA_RESERVED_VARIABLES.contains(key)
                                ? Optional.of("is reserved by Lambda") : Optional.empty()),
                new InputConstraint(QUOTAS, "environment.variables", "at most 4096 bytes of keys and values",
                        "Lambda quota: environment variables 4 KB", value -> {
                            if (!(value instanceof Map<?, ?> variables)) {
                                return Optional.empty();
                            }
                            int bytes = variables.entrySet().stream().mapToInt(e -> utf8(e.getKey()) + utf8(e.getValue())).sum();
                            return bytes > 4096 ? Optional.of("take " + bytes + " bytes") : Optional.empty();
                        }));
        add(Types.LAMBDA_PERMISSION,
                InputConstraint.length(NAMING, "statementId", 1, 100, "Lambda AddPermission StatementId"),
                InputConstraint.matching(NAMING, "statementId", "[a-zA-Z0-9._-]+", "letters, digits and ._-",
                        "Lambda AddPermission StatementId"));

        add(Types.CODEBUILD_PROJECT, InputConstraint.matching(NAMING, "name", "[A-Za-z0-9][A-Za-z0-9_-]{1,254}",
                "2 to 255 letters, digits, hyphens or underscores, starting with a letter or digit", "CodeBuild CreateProject name"));

        String bucketRules = "S3 general purpose bucket naming rules";
        add(Types.BUCKET,
                InputConstraint.length(NAMING, "bucket", 3, 63, bucketRules),
                InputConstraint.matching(NAMING, "bucket", "[a-z0-9][a-z0-9.-]*[a-z0-9]",
                        "lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit", bucketRules),
                InputConstraint.matching(NAMING, "bucket", "(?!.*\\.\\.).*", "no two adjacent periods", bucketRules),
                InputConstraint.matching(NAMING, "bucket", "(?!\\d+\\.\\d+\\.\\d+\\.\\d+$).*", "not an IP address", bucketRules),
                InputConstraint.notStartingWith(NAMING, "bucket", List.of("xn--", "sthree-", "amzn-s3-demo-"), false, bucketRules),
                InputConstraint.notEndingWith(NAMING, "bucket", List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"),
                        bucketRules));

        add(Types.LOG_GROUP, InputConstraint.notStartingWith(NAMING, "name", List.of("aws/"), false,
                "CloudWatch Logs CreateLogGroup logGroupName"));

        String aliasDoc = "KMS CreateAlias AliasName";
        add(Types.KMS_ALIAS,
                InputConstraint.matching(NAMING, "name", "alias/[a-zA-Z0-9/_-]+",
                        "alias/ followed by letters, digits and /_-", aliasDoc),
                InputConstraint.notStartingWith(NAMING, "name", List.of("alias/aws/"), false, aliasDoc));

        add(Types.QUEUE,
                InputConstraint.length(NAMING, "name", 1, 80, "SQS CreateQueue QueueName"),
                InputConstraint.matching(NAMING, "name", "[A-Za-z0-9_-]+(\\.fifo)?",
                        "letters, digits, hyphens and underscores (a FIFO queue ends in .fifo)", "SQS CreateQueue QueueName"));
        add(Types.TOPIC,
                InputConstraint.length(NAMING, "name", 1, 256, "SNS CreateTopic Name"),
                InputConstraint.matching(NAMING, "name", "[A-Za-z0-9_-]+(\\.fifo)?",
                        "letters, digits, hyphens and underscores (a FIFO topic ends in .fifo)", "SNS CreateTopic Name"));

        add(Types.STATE_MACHINE, InputConstraint.matching(NAMING, "name",
                "[^\\s\\p{Z}<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\u0000-\\u001F\\u007F-\\u009F]+",
                "no whitespace, brackets <>{}[], wildcards ?*, special characters \"#%\\^|~`$&,;:/ or control characters",
                "Step Functions CreateStateMachine name"));

        String tableDoc = "DynamoDB CreateTable TableName/IndexName";
        for (String path : List.of("name", "globalSecondaryIndexes[].name", "localSecondaryIndexes[].name")) {
            add(Types.TABLE,
                    InputConstraint.length(NAMING, path, 3, 255, tableDoc),
                    InputConstraint.matching(NAMING, path, "[a-zA-Z0-9_.-]+", "letters, digits and _.-", tableDoc));
        }

        add(Types.ORIGIN_ACCESS_CONTROL, InputConstraint.length(NAMING, "name", 1, 64,
                "CloudFront OriginAccessControlConfig Name"));
    }

    /**
     * How the provider names a resource whose name input is not set.
     *
     * @param property       the name input
     * @param prefixProperty the input that asks for a generated name after a prefix, or null
     * @param providerMax    the longest name the provider generates; longer fails the preview
     * @param prefix         what the provider puts before the name (KMS aliases: {@code alias/})
     * @param lowercase      whether the provider lowercases the logical name (S3 buckets)
     * @param fifoFlag       the input that makes the provider append {@code .fifo}, or null
     */
    public record AutoName(String property, String prefixProperty, int providerMax, String prefix, boolean lowercase,
                           String fifoFlag) {
        /** pulumi-aws appends a hyphen and this many random hex characters to the logical name. */
        public static final int RANDOM_SUFFIX = 7;
        /** Terraform's {@code name_prefix} adds a 26-character unique id after the prefix. */
        public static final int PREFIX_SUFFIX = 26;
    }

    /**
     * pulumi-aws 6.x (provider/resources.go and provider/autonaming.go): every input named
     * {@code name} is auto-named, up to 255 characters, unless overridden here.
     */
    private static final Map<String, AutoName> AUTO_NAMES = Map.of(
            Types.BUCKET, new AutoName("bucket", "bucketPrefix", 63, "", true, null),
            Types.IAM_ROLE, new AutoName("name", "namePrefix", 64, "", false, null),
            Types.FUNCTION, new AutoName("name", null, 64, "", false, null),
            Types.EVENT_RULE, new AutoName("name", "namePrefix", 64, "", false, null),
            Types.EVENT_TARGET, new AutoName("targetId", null, 255, "", false, null),
            Types.LAMBDA_PERMISSION, new AutoName("statementId", "statementIdPrefix", 100, "", false, null),
            Types.QUEUE, new AutoName("name", "namePrefix", 80, "", false, "fifoQueue"),
            Types.TOPIC, new AutoName("name", "namePrefix", 80, "", false, "fifoTopic"),
            Types.KMS_ALIAS, new AutoName("name", "namePrefix", 238, "alias/", false, null));
    private static final int DEFAULT_PROVIDER_MAX = 255;

    /** Tag limits every AWS service enforces (Tagging AWS resources: tag naming limits and requirements). */
    private static final String TAG_DOC = "AWS tagging limits";

    private AwsFacts() {
    }

    /** The documented rules on {@code type}'s inputs that the schemas lack. */
    public static List<InputConstraint> constraints(String type) {
        return List.copyOf(BY_TYPE.getOrDefault(type, List.of()));
    }

    /** Every type with documented rules, for reports. */
    public static Map<String, List<InputConstraint>> all() {
        var copy = new LinkedHashMap<String, List<InputConstraint>>();
        BY_TYPE.forEach((type, constraints) -> copy.put(type, List.copyOf(constraints)));
        return copy;
    }

    /** How the provider names {@code type} when its name is not set, if it does. */
    public static Optional<AutoName> autoName(String type) {
        AutoName override = AUTO_NAMES.get(type);
        if (override != null) {
            return Optional.of(override);
        }
        return ProviderInputs.has(type, "name")
                ? Optional.of(new AutoName("name", ProviderInputs.has(type, "namePrefix") ? "namePrefix" : null,
                DEFAULT_PROVIDER_MAX, "", false, null))
                : Optional.empty();
    }

    /** The types whose auto-naming differs from the provider's default. */
    public static Map<String, AutoName> autoNameOverrides() {
        return AUTO_NAMES;
    }

    /**
     * The tag limits, for a {@code tags} input that is a map (most types) or a list of
     * {@code {key, value}} (Auto Scaling groups).
     */
    public static List<InputConstraint> tagConstraints(String type) {
        boolean listOfTags = ProviderInputs.has(type, "tags[].key");
        String keys = listOfTags ? "tags[].key" : "tags.{key}";
        String values = listOfTags ? "tags[].value" : "tags.{value}";
        return List.of(
                new InputConstraint(TAGS, "tags", "at most 50 tags", TAG_DOC, value -> {
                    int count = value instanceof Map<?, ?> m ? m.size() : value instanceof List<?> l ? l.size() : 0;
                    return count > 50 ? Optional.of("has " + count + " tags") : Optional.empty();
                }),
                InputConstraint.length(TAGS, keys, 1, 128, TAG_DOC),
                InputConstraint.length(TAGS, values, null, 256, TAG_DOC),
                InputConstraint.notStartingWith(TAGS, keys, List.of("aws:"), true, TAG_DOC + " (aws: is reserved, in any case)"));
    }

    private static void ruleDescription(String type, String path) {
        add(type, InputConstraint.length(NAMING, path, null, 255, EC2_RULE_DOC),
                InputConstraint.matching(NAMING, path, EC2_TEXT, EC2_TEXT_WORDS, EC2_RULE_DOC));
    }

    /** IAM counts a policy document's characters without its whitespace. */
    private static InputConstraint policySize(String path, int max, String source) {
        return new InputConstraint(QUOTAS, path, "at most " + max + " characters without whitespace", source, value -> {
            if (!(value instanceof String document)) {
                return Optional.empty();
            }
            long size = document.codePoints().filter(c -> !Character.isWhitespace(c)).count();
            return size > max ? Optional.of("is " + size + " characters without whitespace") : Optional.empty();
        });
    }

    private static int utf8(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8).length;
    }

    private static void add(String type, InputConstraint... constraints) {
        BY_TYPE.computeIfAbsent(type, t -> new ArrayList<>()).addAll(List.of(constraints));
    }

    /** How many rules each family holds, for reports. */
    public static Map<Family, Integer> countByFamily() {
        var counts = new LinkedHashMap<Family, Integer>();
        BY_TYPE.values().forEach(list -> list.forEach(c -> counts.merge(c.family(), 1, Integer::sum)));
        return counts;
    }
}
