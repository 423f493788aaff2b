package com.portfolio.infra.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stage's access log line: one JSON object of API Gateway's {@code $context} variables, the
 * fields needed to trace a request to its function's logs and to see who was throttled or refused.
 * See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
final class AccessLogFormat {

    private AccessLogFormat() {
    }

    static final Map<String, String> FIELDS;

    static {
        var fields = new LinkedHashMap<String, String>();
        fields.put("requestId", "$context.requestId");
        fields.put("requestTime", "$context.requestTime");
        fields.put("ip", "$context.identity.sourceIp");
        fields.put("userAgent", "$context.identity.userAgent");
        fields.put("caller", "$context.identity.caller");
        fields.put("routeKey", "$context.routeKey");
        fields.put("method", "$context.httpMethod");
        fields.put("path", "$context.path");
        fields.put("protocol", "$context.protocol");
        fields.put("status", "$context.status");
        fields.put("responseLength", "$context.responseLength");
        fields.put("responseLatency", "$context.responseLatency");
        fields.put("integrationLatency", "$context.integrationLatency");
        fields.put("integrationStatus", "$context.integrationStatus");
        fields.put("integrationRequestId", "$context.awsEndpointRequestId");
        fields.put("error", "$context.error.message");
        fields.put("integrationError", "$context.integrationErrorMessage");
        FIELDS = java.util.Collections.unmodifiableMap(fields);
    }

    static String json() {
        try {
            return new ObjectMapper().writeValueAsString(FIELDS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
