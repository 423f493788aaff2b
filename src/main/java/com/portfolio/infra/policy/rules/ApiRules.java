package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API Gateway v2 (HTTP API) rules. */
final class ApiRules {
    private ApiRules() {
    }

    /** {@code arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations}. */
    private static final Pattern INVOKE_ARN = Pattern.compile("^arn:[^:]+:apigateway:[^:]*:lambda:path/[^/]+/functions/(.+)/invocations$");

    /** The Lambda function a route's target integration invokes, if any. */
    static Optional<PlannedResource> targetFunction(PlanGraph plan, PlannedResource route) {
        Optional<String> target = Values.string(route, "target");
        if (target.isEmpty() || !target.get().startsWith("integrations/")) {
            return Optional.empty();
        }
        return plan.resolve(Types.API_INTEGRATION, target.get().substring("integrations/".length()))
                .flatMap(i -> Values.string(i, "integrationUri"))
                .flatMap(uri -> {
                    Matcher m = INVOKE_ARN.matcher(uri);
                    return plan.resolve(Types.FUNCTION, m.matches() ? m.group(1) : uri);
                });
    }

    static final class RouteAuthorization extends Rule {
        RouteAuthorization() {
            super("SEC-API-01", MANDATORY, BOTH,
                    "apigatewayv2 Route",
                    "authorization is not NONE unless the route is declared public in its route definition",
                    "FSBP APIGateway.8",
                    "Set authorizationType (JWT, AWS_IAM or CUSTOM) with an authorizer, or declare the route public so its function carries tag api-access=public.",
                    List.of(Types.API_ROUTE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource route : plan.ofType(Types.API_ROUTE)) {
                if (out.computed(route, "authorizationType") | out.computed(route, "target")) {
                    continue;
                }
                String auth = Values.string(route, "authorizationType").orElse("NONE");
                if (!auth.equals("NONE")) {
                    continue;
                }
                Optional<PlannedResource> fn = targetFunction(plan, route);
                if (fn.isPresent() && PlanGraph.tagged(fn.get(), Conventions.API_ACCESS, Conventions.PUBLIC)) {
                    continue;
                }
                if (fn.isEmpty() && out.anyComputed(plan, Types.API_INTEGRATION, "integrationUri")
                        || fn.isPresent() && out.computed(fn.get(), "tags")) {
                    continue;
                }
                out.add(route, "route %s (%s) has authorizationType NONE and %s; expected an authorizer unless the route is declared public",
                        route.name(), Values.string(route, "routeKey").orElse("?"),
                        fn.map(f -> "its function " + f.name() + " is not tagged api-access=public")
                                .orElse("no Lambda integration tagged api-access=public"));
            }
        }
    }

    static final class StageAccessLogs extends Rule {
        StageAccessLogs() {
            super("SEC-API-02", MANDATORY, BOTH,
                    "apigatewayv2 Stage",
                    "JSON access logs to a log group",
                    "FSBP APIGateway.9, SR WS2001",
                    "Set accessLogSettings.destinationArn to a LogGroup of the stack and accessLogSettings.format to a JSON object of $context fields.",
                    List.of(Types.API_STAGE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource stage : plan.ofType(Types.API_STAGE)) {
                if (out.computed(stage, "accessLogSettings")) {
                    continue;
                }
                Optional<String> destination = Values.string(stage, "accessLogSettings.destinationArn");
                if (destination.isEmpty()) {
                    out.add(stage, "stage %s has no accessLogSettings.destinationArn; expected access logs to a log group", stage.name());
                } else if (plan.resolve(Types.LOG_GROUP, destination.get()).isEmpty()) {
                    out.add(stage, "stage %s logs to %s, which is no LogGroup of this stack", stage.name(), destination.get());
                }
                Optional<String> format = Values.string(stage, "accessLogSettings.format");
                if (format.isEmpty()) {
                    out.add(stage, "stage %s has no accessLogSettings.format; expected a JSON format", stage.name());
                    continue;
                }
                try {
                    if (!ParsedPolicy.readJson(format.get()).isObject()) {
                        out.add(stage, "stage %s access log format %s is not a JSON object", stage.name(), format.get());
                    }
                } catch (IllegalArgumentException e) {
                    out.add(stage, "stage %s access log format is not JSON (%s): %s", stage.name(), e.getMessage(), format.get());
                }
            }
        }
    }

    static final class StageThrottling extends Rule {
        StageThrottling() {
            super("REL-API-03", MANDATORY, BOTH,
                    "apigatewayv2 Stage",
                    "default route throttling: burst and rate limits set, burst >= rate is not required but both > 0",
                    "SR ES2003",
                    "Set defaultRouteSettings.throttlingBurstLimit and throttlingRateLimit to values above 0.",
                    List.of(Types.API_STAGE));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource stage : plan.ofType(Types.API_STAGE)) {
                if (out.computed(stage, "defaultRouteSettings")) {
                    continue;
                }
                for (String limit : new String[] {"throttlingBurstLimit", "throttlingRateLimit"}) {
                    Optional<Double> value = Values.number(stage, "defaultRouteSettings." + limit);
                    if (value.isEmpty() || value.get() <= 0) {
                        out.add(stage, "stage %s defaultRouteSettings.%s is %s; expected a value > 0",
                                stage.name(), limit, value.map(Values::show).orElse("unset"));
                    }
                }
            }
        }
    }
}
