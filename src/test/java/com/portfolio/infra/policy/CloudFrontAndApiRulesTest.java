package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFrontAndApiRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void websiteEndpointOriginViolatesCf01() {
        plan.get("cdn").set("origins", List.of(Map.of("originId", "site", "domainName", "site.s3-website-us-east-1.amazonaws.com",
                "originAccessControlId", plan.get("site-oac").id())));
        assertViolation(plan, "SEC-CF-01", "cdn", "website endpoint site.s3-website-us-east-1.amazonaws.com");
    }

    @Test
    void originWithoutAccessControlViolatesCf01() {
        plan.get("cdn").set("origins", List.of(Map.of("originId", "site", "domainName", "site.s3.us-east-1.amazonaws.com")));
        assertViolation(plan, "SEC-CF-01", "cdn", "no originAccessControlId");
    }

    @Test
    void siteBucketWebsiteConfigurationViolatesCf01() {
        plan.add(Types.BUCKET_WEBSITE, "site-website").set("bucket", plan.get("site").id()).set("indexDocument.suffix", "index.html");
        assertViolation(plan, "SEC-CF-01", "site-website", "site bucket site has website configuration");
    }

    @Test
    void allowAllViewerProtocolViolatesCf02() {
        plan.get("cdn").set("orderedCacheBehaviors", List.of(Map.of("pathPattern", "/img/*", "targetOriginId", "site",
                "viewerProtocolPolicy", "allow-all", "responseHeadersPolicyId", plan.get("site-headers").id())));
        assertViolation(plan, "SEC-CF-02", "cdn", "orderedCacheBehavior /img/*", "allow-all");
    }

    @Test
    void missingDefaultRootObjectViolatesCf02() {
        plan.get("cdn").unset("defaultRootObject");
        assertViolation(plan, "SEC-CF-02", "cdn", "no defaultRootObject");
    }

    @Test
    void oldTlsWithCustomDomainViolatesCf03() {
        plan.get("cdn").set("viewerCertificate.minimumProtocolVersion", "TLSv1");
        assertViolation(plan, "SEC-CF-03", "cdn", "minimumProtocolVersion TLSv1", "TLSv1.2_2021");
    }

    @Test
    void withoutAliasesTheDefaultCertificateIsFine() {
        plan.get("cdn").unset("aliases").set("viewerCertificate", Map.of("cloudfrontDefaultCertificate", true));
        assertNoViolation(plan, "SEC-CF-03");
    }

    @Test
    void missingHeadersViolateCf04() {
        plan.get("site-headers").unset("securityHeadersConfig.frameOptions");
        Violation v = assertViolation(plan, "SEC-CF-04", "cdn", "site-headers", "frameOptions");
        assertEquals(Severity.ADVISORY, v.severity());
    }

    @Test
    void missingLoggingViolatesCf04() {
        plan.get("cdn").unset("loggingConfig");
        assertViolation(plan, "SEC-CF-04", "cdn", "no loggingConfig.bucket and no log delivery of its ACCESS_LOGS");
    }

    @Test
    void aV2LogDeliveryOfTheDistributionsAccessLogsIsStandardLogging() {
        plan.get("cdn").unset("loggingConfig");
        plan.add(Types.LOG_DELIVERY_SOURCE, "cdn-logs").set("name", "cdn-logs").set("logType", "ACCESS_LOGS").set("resourceArn", plan.get("cdn").arn());
        assertViolation(plan, "SEC-CF-04", "cdn", "no log delivery");
        plan.add(Types.LOG_DELIVERY, "cdn-delivery").set("deliverySourceName", "cdn-logs").set("deliveryDestinationArn", "arn:dest");
        assertNoViolation(plan, "SEC-CF-04");
        plan.get("cdn-logs").set("logType", "CONNECTION_LOGS");
        assertViolation(plan, "SEC-CF-04", "cdn", "no log delivery");
        plan.get("cdn-logs").set("logType", "ACCESS_LOGS").set("resourceArn", "arn:aws:cloudfront::123456789012:distribution/OTHER");
        assertViolation(plan, "SEC-CF-04", "cdn", "no log delivery");
    }

    @Test
    void unauthenticatedRouteToNonPublicFunctionViolatesApi01() {
        plan.get("items-route").set("authorizationType", "NONE");
        assertViolation(plan, "SEC-API-01", "items-route", "GET /items", "api-handler is not tagged api-access=public");
    }

    @Test
    void integrationUriMayBeTheFunctionArn() {
        plan.get("health-integration").set("integrationUri", plan.get("health").arn());
        assertNoViolation(plan, "SEC-API-01");
        plan.get("health").tag("api-access", null);
        assertViolation(plan, "SEC-API-01", "health-route", "health is not tagged");
    }

    @Test
    void stageWithoutJsonAccessLogsViolatesApi02() {
        plan.get("api-stage").set("accessLogSettings.format", "$context.requestId $context.status");
        assertViolation(plan, "SEC-API-02", "api-stage", "not JSON");
    }

    @Test
    void stageLoggingToUndeclaredGroupViolatesApi02() {
        plan.get("api-stage").set("accessLogSettings.destinationArn", "arn:aws:logs:us-east-1:123456789012:log-group:elsewhere");
        assertViolation(plan, "SEC-API-02", "api-stage", "log-group:elsewhere", "no LogGroup of this stack");
    }

    @Test
    void zeroRateLimitViolatesApi03() {
        plan.get("api-stage").set("defaultRouteSettings.throttlingRateLimit", 0.0);
        assertViolation(plan, "REL-API-03", "api-stage", "throttlingRateLimit is 0", "> 0");
    }

    @Test
    void missingBurstLimitViolatesApi03() {
        plan.get("api-stage").unset("defaultRouteSettings.throttlingBurstLimit");
        assertViolation(plan, "REL-API-03", "api-stage", "throttlingBurstLimit is unset");
    }
}
