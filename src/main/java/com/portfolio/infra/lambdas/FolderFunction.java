package com.portfolio.infra.lambdas;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.PolicyDocumentBuilder;
import com.pulumi.asset.FileArchive;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.FunctionEnvironmentArgs;
import com.pulumi.aws.lambda.inputs.FunctionLoggingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionTracingConfigArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Lambda function whose code is a folder ({@code routes/<name>/}, {@code functions/<name>/}):
 * a deterministic zip of the folder, the stack's layer at its exact version and on its
 * architecture and runtime, its own log group (retained, encrypted with the stack key), and its
 * own role allowed exactly the actions its definition declares on exactly the resources it names.
 * The handler is {@code handler.handler}.
 */
public final class FolderFunction extends ComponentResource {

    public static final String TYPE = "portfolio:lambdas:FolderFunction";
    public static final String HANDLER = "handler.handler";
    public static final String LOG_GROUP_PREFIX = "/aws/lambda/";

    /**
     * What every function of a stack shares.
     *
     * @param context             where the stack is deployed (log retention comes from its settings)
     * @param catalog             the resources functions may be granted
     * @param layer               the shared layer: its version, runtime and architecture become the function's
     * @param keyArn              the stack key, which encrypts the log group
     * @param reservedConcurrency concurrent executions reserved for (and capping) each function, or
     *                            null for none; @default null
     * @param codeStore           where the zips are written; @default {@link FunctionCode#DEFAULT_STORE}
     */
    public record Shared(StackContext context, ResourceCatalog catalog, LayerReference layer, Output<String> keyArn,
                         Integer reservedConcurrency, Path codeStore) {
        public Shared {
            codeStore = codeStore == null ? FunctionCode.DEFAULT_STORE : codeStore;
        }
    }

    /**
     * One function.
     *
     * @param shared      what the stack's functions share
     * @param folder      the function's folder, zipped as its code
     * @param shown       how its definition file is named in messages, e.g. {@code routes/health/route.json}
     * @param definition  its validated definition
     * @param description the function's description
     * @param environment variables besides those of its resources, {@code STACK_NAME} and
     *                    {@code DEPLOYED_VERSION}; @default none
     * @param tags        tags besides the stack's ({@code project}, {@code stack}, {@code component}); @default none
     */
    public record Args(Shared shared, Path folder, String shown, FunctionDefinition definition, String description,
                       Map<String, Output<String>> environment, Map<String, String> tags) {
        public Args {
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    /** A resource of the definition that the stack has, with its place in the definition. */
    private record Used(ResourceKind kind, String key, ResourceCatalog.Entry entry, List<String> actions) {
    }

    public final Output<String> functionName;
    public final Output<String> functionArn;
    /** What an API Gateway integration invokes. */
    public final Output<String> invokeArn;
    public final Output<String> roleArn;
    /** So a caller can grant what only it knows, e.g. sending failed events to its queue. */
    public final Output<String> roleName;
    /** The zip, its hash and sizes (Lambda's 250 MB limit counts the unzipped size plus the layers'). */
    public final FunctionCode code;

    public FolderFunction(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        Shared shared = args.shared();
        StackContext context = shared.context();
        List<String> missing = shared.catalog().missing(args.shown(), args.definition());
        if (!missing.isEmpty()) {
            throw new DefinitionException(missing);
        }
        var child = CustomResourceOptions.builder().parent(this).build();
        String physicalName = context.physicalName(name);
        var tags = new TreeMap<>(context.tags(name));
        tags.putAll(args.tags());
        this.code = FunctionCode.of(args.folder(), shared.codeStore());

        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
                .name(LOG_GROUP_PREFIX + physicalName)
                .retentionInDays(context.settings().logRetentionDays())
                .kmsKeyId(shared.keyArn())
                .tags(tags)
                .build(), child);
        var role = new Role(name + "-role", RoleArgs.builder()
                .description("Runs the function " + physicalName + " with only the access its definition declares")
                // Lambda does not send aws:SourceAccount when it assumes an execution role.
                .assumeRolePolicy(PolicyDocumentBuilder.create()
                        .allow("TrustLambda").servicePrincipal("lambda.amazonaws.com").actions("sts:AssumeRole")
                        .toJson())
                .tags(tags)
                .build(), child);

        List<Used> used = used(args.definition(), shared.catalog());
        var arns = new ArrayList<Output<String>>();
        var keys = new ArrayList<Output<String>>();
        var locators = new ArrayList<Output<String>>();
        for (Used u : used) {
            arns.add(u.entry().arn());
            keys.add(u.entry().kmsKeyArn() == null ? Output.of("") : u.entry().kmsKeyArn());
            locators.add(u.entry().locator());
        }
        var policy = new RolePolicy(name + "-role", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(logGroup.arn(), Output.all(arns), Output.all(keys)).applyValue(t -> {
                    var grants = new ArrayList<FunctionPolicy.Grant>();
                    for (int i = 0; i < used.size(); i++) {
                        Used u = used.get(i);
                        String key = t.t3.get(i);
                        grants.add(new FunctionPolicy.Grant(u.kind(), u.key(), t.t2.get(i), key.isEmpty() ? null : key, u.actions()));
                    }
                    return FunctionPolicy.document(t.t1, grants, args.definition().ec2Reads(), context.region());
                }))
                .build(), child);

        var extraNames = new ArrayList<>(args.environment().keySet());
        extraNames.sort(null);
        Output<Map<String, String>> variables = Output.tuple(Output.all(locators),
                Output.all(extraNames.stream().map(args.environment()::get).toList()), shared.layer().fingerprint()).applyValue(t -> {
                    var byKind = new EnumMap<ResourceKind, Map<String, String>>(ResourceKind.class);
                    for (int i = 0; i < used.size(); i++) {
                        byKind.computeIfAbsent(used.get(i).kind(), k -> new LinkedHashMap<>()).put(used.get(i).key(), t.t1.get(i));
                    }
                    var extra = new LinkedHashMap<String, String>();
                    for (int i = 0; i < extraNames.size(); i++) {
                        extra.put(extraNames.get(i), t.t2.get(i));
                    }
                    return FunctionEnvironment.variables(context.settings().stack(), code.deployedVersion(t.t3), byKind, extra);
                });

        LayerReference layer = shared.layer();
        var function = FunctionArgs.builder()
                .name(physicalName)
                .description(args.description())
                .role(role.arn())
                .runtime(layer.runtime())
                .architectures(layer.architecture())
                .handler(HANDLER)
                .code(new FileArchive(code.zipFile().toString()))
                .sourceCodeHash(code.sha256Base64())
                .layers(layer.versionArn().applyValue(List::of))
                .memorySize(args.definition().memoryMb())
                .timeout(args.definition().timeoutSeconds())
                .environment(FunctionEnvironmentArgs.builder().variables(variables).build())
                .loggingConfig(FunctionLoggingConfigArgs.builder().logFormat("Text").logGroup(logGroup.name()).build())
                .tracingConfig(FunctionTracingConfigArgs.builder().mode("Active").build())
                .tags(tags);
        if (shared.reservedConcurrency() != null) {
            function.reservedConcurrentExecutions(shared.reservedConcurrency());
        }
        // The role must be able to write logs and reach its resources before the first invocation.
        var fn = new Function(name, function.build(),
                CustomResourceOptions.builder().parent(this).dependsOn(List.of(policy, logGroup)).build());

        this.functionName = fn.name();
        this.functionArn = fn.arn();
        this.invokeArn = fn.invokeArn();
        this.roleArn = role.arn();
        this.roleName = role.name();
        registerOutputs(Map.of("functionName", functionName, "functionArn", functionArn, "roleArn", roleArn));
    }

    /** The definition's resources that the catalog has, in a fixed order (kind, then definition order). */
    private static List<Used> used(FunctionDefinition definition, ResourceCatalog catalog) {
        var used = new ArrayList<Used>();
        for (ResourceKind kind : ResourceKind.values()) {
            definition.grants(kind).forEach((key, actions) -> catalog.find(kind, key)
                    .ifPresent(entry -> used.add(new Used(kind, key, entry, actions))));
        }
        return used;
    }
}
