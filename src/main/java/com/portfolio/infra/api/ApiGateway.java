package com.portfolio.infra.api;

import com.portfolio.infra.config.ApiSettings;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.lambdas.FolderFunction;
import com.portfolio.infra.lambdas.LayerReference;
import com.portfolio.infra.lambdas.ResourceCatalog;
import com.portfolio.infra.lambdas.ResourceKind;
import com.pulumi.aws.apigatewayv2.Api;
import com.pulumi.aws.apigatewayv2.ApiArgs;
import com.pulumi.aws.apigatewayv2.ApiMapping;
import com.pulumi.aws.apigatewayv2.ApiMappingArgs;
import com.pulumi.aws.apigatewayv2.DomainName;
import com.pulumi.aws.apigatewayv2.DomainNameArgs;
import com.pulumi.aws.apigatewayv2.Integration;
import com.pulumi.aws.apigatewayv2.IntegrationArgs;
import com.pulumi.aws.apigatewayv2.Route;
import com.pulumi.aws.apigatewayv2.RouteArgs;
import com.pulumi.aws.apigatewayv2.Stage;
import com.pulumi.aws.apigatewayv2.StageArgs;
import com.pulumi.aws.apigatewayv2.inputs.ApiCorsConfigurationArgs;
import com.pulumi.aws.apigatewayv2.inputs.DomainNameDomainNameConfigurationArgs;
import com.pulumi.aws.apigatewayv2.inputs.StageAccessLogSettingsArgs;
import com.pulumi.aws.apigatewayv2.inputs.StageDefaultRouteSettingsArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The portfolio's HTTP API: one Lambda function per route folder (see {@link RouteDiscovery}),
 * a {@code $default} stage that deploys every change, logs each request as JSON and throttles,
 * {@code AWS_IAM} authorization on {@code iam} routes, each function invocable only by this API
 * on its own route, CORS only for an origin the settings name, and an optional custom domain.
 */
public final class ApiGateway extends ComponentResource {

    public static final String TYPE = "portfolio:api:ApiGateway";
    static final String COMPONENT = "api";
    static final String STAGE = "$default";
    /** Which routes the policy may leave without authorization (SEC-API-01 reads it on the function). */
    static final String ACCESS_TAG = "api-access";
    static final String CONTACT_TABLE = "contact-messages";
    /** The headers a browser may send cross-origin: JSON bodies and SigV4-signed requests. */
    static final List<String> CORS_HEADERS = List.of("authorization", "content-type", "x-amz-content-sha256", "x-amz-date",
            "x-amz-security-token");

    /**
     * @param context   where the stack is deployed
     * @param settings  the API's settings
     * @param routes    the discovered routes
     * @param catalog   the resources routes may be granted
     * @param layer     the shared layer the functions run with
     * @param keyArn    the stack key, which encrypts the log groups
     * @param codeStore where the functions' zips are written; @default the system's temporary folder
     */
    public record Args(StackContext context, ApiSettings settings, List<RouteDefinition> routes, ResourceCatalog catalog,
                       LayerReference layer, Output<String> keyArn, Path codeStore) {
    }

    /** The API's base URL: the custom domain when set, else the execute-api endpoint. */
    public final Output<String> apiUrl;
    /** The execute-api endpoint, e.g. {@code https://abc.execute-api.us-east-1.amazonaws.com}. */
    public final Output<String> apiEndpoint;
    public final Output<String> apiId;
    /** The route functions by route folder, for reports (sizes) and callers. */
    public final Map<String, FolderFunction> functions;

    public ApiGateway(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        StackContext context = args.context();
        ApiSettings settings = args.settings();
        var child = CustomResourceOptions.builder().parent(this).build();
        Map<String, String> tags = context.tags(COMPONENT);
        String apiName = context.physicalName(COMPONENT);

        var api = ApiArgs.builder()
                .name(apiName)
                .protocolType("HTTP")
                .description("The portfolio's API: one function per route of routes/")
                .tags(tags);
        if (settings.corsAllowedOrigin() != null) {
            var methods = new TreeSet<String>();
            args.routes().forEach(route -> methods.add(route.method()));
            methods.add("OPTIONS");
            api.corsConfiguration(ApiCorsConfigurationArgs.builder()
                    .allowOrigins(settings.corsAllowedOrigin())
                    .allowMethods(List.copyOf(methods))
                    .allowHeaders(CORS_HEADERS)
                    .maxAge(3600)
                    .build());
        }
        var httpApi = new Api(name, api.build(), child);

        var accessLogs = new LogGroup(name + "-access-logs", LogGroupArgs.builder()
                .name("/aws/apigateway/" + apiName + "/access")
                .retentionInDays(context.settings().logRetentionDays())
                .kmsKeyId(args.keyArn())
                .tags(tags)
                .build(), child);
        var stage = new Stage(name + "-stage", StageArgs.builder()
                .apiId(httpApi.id())
                .name(STAGE)
                .autoDeploy(true)
                .accessLogSettings(StageAccessLogSettingsArgs.builder()
                        .destinationArn(accessLogs.arn())
                        .format(AccessLogFormat.json())
                        .build())
                .defaultRouteSettings(StageDefaultRouteSettingsArgs.builder()
                        .throttlingRateLimit((double) settings.throttlingRateLimit())
                        .throttlingBurstLimit(settings.throttlingBurstLimit())
                        .build())
                .tags(tags)
                .build(), child);

        var shared = new FolderFunction.Shared(context, args.catalog(), args.layer(), args.keyArn(),
                settings.reservedConcurrency(), args.codeStore());
        var functions = new LinkedHashMap<String, FolderFunction>();
        var routes = new ArrayList<Route>();
        for (RouteDefinition route : args.routes()) {
            String routeName = name + "-" + route.name();
            FolderFunction function = function(routeName, route, shared, settings);
            functions.put(route.name(), function);
            var integration = new Integration(routeName, IntegrationArgs.builder()
                    .apiId(httpApi.id())
                    .description(route.routeKey())
                    .integrationType("AWS_PROXY")
                    .integrationMethod("POST")
                    .integrationUri(function.invokeArn)
                    .payloadFormatVersion("2.0")
                    .timeoutMilliseconds(integrationTimeoutMillis(route.function().timeoutSeconds()))
                    .build(), child);
            routes.add(new Route(routeName, RouteArgs.builder()
                    .apiId(httpApi.id())
                    .routeKey(route.routeKey())
                    .authorizationType(route.auth().authorizationType())
                    .target(integration.id().applyValue(id -> "integrations/" + id))
                    .build(), child));
            new Permission(routeName + "-invoke", PermissionArgs.builder()
                    .function(function.functionName)
                    .action("lambda:InvokeFunction")
                    .principal("apigateway.amazonaws.com")
                    .sourceArn(httpApi.executionArn().applyValue(arn -> sourceArn(arn, route)))
                    .build(), child);
        }

        Output<String> url = httpApi.apiEndpoint();
        if (settings.hasCustomDomain()) {
            var domain = new DomainName(name + "-domain", DomainNameArgs.builder()
                    .domainName(settings.domainName())
                    .domainNameConfiguration(DomainNameDomainNameConfigurationArgs.builder()
                            .certificateArn(settings.certificateArn())
                            .endpointType("REGIONAL")
                            .securityPolicy("TLS_1_2")
                            .build())
                    .tags(tags)
                    .build(), child);
            new ApiMapping(name + "-mapping", ApiMappingArgs.builder()
                    .apiId(httpApi.id())
                    .domainName(domain.domainName())
                    .stage(stage.name())
                    .build(), child);
            url = domain.domainName().applyValue(host -> "https://" + host);
        }
        this.apiUrl = url;
        this.apiEndpoint = httpApi.apiEndpoint();
        this.apiId = httpApi.id();
        this.functions = java.util.Collections.unmodifiableMap(functions);
        registerOutputs(Map.of("apiUrl", apiUrl, "apiEndpoint", apiEndpoint, "apiId", apiId));
    }

    private FolderFunction function(String name, RouteDefinition route, FolderFunction.Shared shared, ApiSettings settings) {
        var environment = new LinkedHashMap<String, Output<String>>();
        if (route.function().grants(ResourceKind.TABLES).containsKey(CONTACT_TABLE)) {
            environment.put("CONTACT_MESSAGE_RETENTION_DAYS", Output.of(String.valueOf(settings.contactMessageRetentionDays())));
        }
        return new FolderFunction(name, new FolderFunction.Args(shared, route.folder(), route.shown(), route.function(),
                "Serves " + route.routeKey() + " (" + route.auth().word() + ")", environment,
                Map.of("component", COMPONENT, ACCESS_TAG, route.auth().word())),
                ComponentResourceOptions.builder().parent(this).build());
    }

    /**
     * The ARN API Gateway presents when this route invokes its function: this API, any stage, this
     * method and path (path parameters as written in the route), and nothing else.
     */
    static String sourceArn(String executionArn, RouteDefinition route) {
        return executionArn + "/*/" + route.method() + route.path();
    }

    /** A second more than the function may take, so its own timeout answers first; at most 30 s. */
    static int integrationTimeoutMillis(int functionTimeoutSeconds) {
        return Math.min(30_000, (functionTimeoutSeconds + 1) * 1000);
    }
}
