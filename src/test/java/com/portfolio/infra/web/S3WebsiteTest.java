package com.portfolio.infra.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlanMocks;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.Severity;
import com.portfolio.infra.policy.Violation;
import com.portfolio.infra.storage.AccessLogBucket;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

/**
 * GIVEN website settings and a built site (the fixture under src/test/resources/website-fixture)
 * WHEN S3Website is planned with the access-log bucket it needs THEN the planned resources serve
 * the bucket privately through CloudFront, route and cache as the site needs, and upload every
 * file with its type and caching, in order.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class S3WebsiteTest {

    static final Path FIXTURE = Path.of("src/test/resources/website-fixture");
    static final String API = "https://abc123.execute-api.us-east-1.amazonaws.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

    @TempDir
    Path temp;

    static S3Website.Args args(StackContext context, AccessLogBucket logs, Path project, String api, boolean deploying,
                               List<String> warnings) {
        return new S3Website.Args(context, context.settings().website(), project, project.resolve("website/dist"), deploying,
                logs, api == null ? null : Output.of(api), warnings::add);
    }

    static Plan plan(StackSettings settings, Path project, String api, List<String> warnings) {
        return OfflinePlanner.run("portfolio", settings.stack(), settings.environment(), settings.region(), ctx -> {
            var context = new StackContext(settings, Output.of(PlanMocks.ACCOUNT_ID));
            var logs = new AccessLogBucket("access-logs", new AccessLogBucket.Args(context), ComponentResourceOptions.Empty);
            new S3Website("website", args(context, logs, project, api, false, warnings), ComponentResourceOptions.Empty);
        });
    }

    static Plan cached(String label, StackSettings settings, String api) {
        return PLANS.computeIfAbsent(label, l -> plan(settings, FIXTURE, api, new ArrayList<>()));
    }

    static Plan withApi() {
        return cached("api", TestStacks.dev(), API);
    }

    static Plan withoutApi() {
        return cached("plain", TestStacks.dev(), null);
    }

    static Plan withDomain() {
        return cached("domain", TestStacks.settings("prod", Map.of(
                "portfolio:websiteDomains", "[\"example.com\", \"www.example.com\"]",
                "portfolio:websiteHostedZone", "example.com",
                "portfolio:websitePriceClass", "PriceClass_All")), API);
    }

    static PlannedResource one(Plan plan, String type) {
        List<PlannedResource> found = plan.ofType(type).toList();
        assertEquals(1, found.size(), type + ": " + found);
        return found.get(0);
    }

    static PlannedResource distribution(Plan plan) {
        return one(plan, "aws:cloudfront/distribution:Distribution");
    }

    static PlannedResource siteBucket(Plan plan) {
        return plan.ofType("aws:s3/bucketV2:BucketV2").filter(b -> "website".equals(b.tags().get("purpose")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(PlannedResource r, String path) {
        return (List<Map<String, Object>>) r.input(path).orElse(List.of());
    }

    static Map<String, Map<String, Object>> orderedByPattern(PlannedResource distribution) {
        var result = new java.util.LinkedHashMap<String, Map<String, Object>>();
        list(distribution, "orderedCacheBehaviors").forEach(b -> result.put((String) b.get("pathPattern"), b));
        return result;
    }

    @Test
    void theBucketIsReadOnlyThroughTheOriginAccessControlNeverAWebsiteEndpoint() {
        Plan plan = withApi();
        PlannedResource oac = one(plan, "aws:cloudfront/originAccessControl:OriginAccessControl");
        assertEquals("s3", oac.inputs().get("originAccessControlOriginType"));
        assertEquals("always", oac.inputs().get("signingBehavior"));
        assertEquals("sigv4", oac.inputs().get("signingProtocol"));
        Map<String, Object> origin = list(distribution(plan), "origins").stream()
                .filter(o -> S3Website.SITE_ORIGIN_ID.equals(o.get("originId"))).findFirst().orElseThrow();
        assertEquals(siteBucket(plan).state().get("bucketRegionalDomainName"), origin.get("domainName"));
        assertEquals(oac.id(), origin.get("originAccessControlId"));
        assertFalse(origin.containsKey("s3OriginConfig"), "no legacy origin access identity");
        assertEquals(0, plan.ofType("aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2").count());
        PlannedResource block = plan.ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
                .filter(b -> siteBucket(plan).id().equals(b.inputs().get("bucket"))).findFirst().orElseThrow();
        List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
                .forEach(flag -> assertEquals(true, block.inputs().get(flag), flag));
    }

    @Test
    void theBucketPolicyLetsOnlyThisDistributionGetAndListAndRefusesPlainHttp() throws Exception {
        Plan plan = withApi();
        PlannedResource bucket = siteBucket(plan);
        PlannedResource policy = plan.ofType("aws:s3/bucketPolicy:BucketPolicy")
                .filter(p -> bucket.id().equals(p.inputs().get("bucket"))).findFirst().orElseThrow();
        JsonNode statements = JSON.readTree((String) policy.inputs().get("policy")).get("Statement");
        String distributionArn = distribution(plan).arn();
        assertNotNull(distributionArn);
        var allows = new HashMap<String, JsonNode>();
        boolean denyInsecure = false;
        for (JsonNode s : statements) {
            if ("Deny".equals(s.get("Effect").asText())) {
                denyInsecure |= "false".equals(s.at("/Condition/Bool/aws:SecureTransport").asText());
                continue;
            }
            assertEquals("cloudfront.amazonaws.com", s.at("/Principal/Service").asText(), s.toString());
            assertEquals(distributionArn, s.at("/Condition/StringEquals/AWS:SourceArn").asText(), s.toString());
            allows.put(s.get("Action").asText(), s.get("Resource"));
        }
        assertTrue(denyInsecure, "a TLS-only Deny");
        assertEquals(Set.of("s3:GetObject", "s3:ListBucket"), allows.keySet());
        assertEquals(bucket.arn() + "/*", allows.get("s3:GetObject").asText());
        // ListBucket on the bucket itself: S3 then answers a missing key with 404, not 403.
        assertEquals(bucket.arn(), allows.get("s3:ListBucket").asText());
    }

    @Test
    void theDefaultBehaviourRewritesRoutesWhileApiAndAssetsBehavioursDoNot() {
        PlannedResource d = distribution(withApi());
        assertEquals("http2and3", d.inputs().get("httpVersion"));
        assertEquals("index.html", d.inputs().get("defaultRootObject"));
        assertEquals(true, d.inputs().get("isIpv6Enabled"));
        assertEquals("PriceClass_100", d.inputs().get("priceClass"));
        assertFalse(d.inputs().containsKey("customErrorResponses"), "a 404 must stay a 404");
        PlannedResource function = one(withApi(), "aws:cloudfront/function:Function");
        assertEquals("cloudfront-js-2.0", function.inputs().get("runtime"));
        assertEquals(SpaRewrite.code(), function.inputs().get("code"));

        List<Map<String, Object>> associations = list(d, "defaultCacheBehavior.functionAssociations");
        assertEquals(1, associations.size());
        assertEquals("viewer-request", associations.get(0).get("eventType"));
        assertEquals(function.arn(), associations.get(0).get("functionArn"));
        assertEquals("redirect-to-https", d.input("defaultCacheBehavior.viewerProtocolPolicy").orElseThrow());
        assertEquals(true, d.input("defaultCacheBehavior.compress").orElseThrow());

        var ordered = orderedByPattern(d);
        assertEquals(List.of("/api/*", "/assets/*"), List.copyOf(ordered.keySet()), "/api/* first");
        Map<String, Object> api = ordered.get("/api/*");
        assertEquals(S3Website.API_ORIGIN_ID, api.get("targetOriginId"));
        assertEquals(S3Website.CACHING_DISABLED, api.get("cachePolicyId"));
        assertEquals(S3Website.ALL_VIEWER_EXCEPT_HOST_HEADER, api.get("originRequestPolicyId"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"), Set.copyOf((List<?>) api.get("allowedMethods")));
        assertFalse(api.containsKey("functionAssociations"), "the SPA rewrite never touches /api/*");
        assertFalse(ordered.get("/assets/*").containsKey("functionAssociations"));
        ordered.values().forEach(b -> {
            assertEquals("redirect-to-https", b.get("viewerProtocolPolicy"));
            assertEquals(true, b.get("compress"));
        });

        Map<String, Object> apiOrigin = list(d, "origins").stream()
                .filter(o -> S3Website.API_ORIGIN_ID.equals(o.get("originId"))).findFirst().orElseThrow();
        assertEquals("abc123.execute-api.us-east-1.amazonaws.com", apiOrigin.get("domainName"));
        assertEquals("https-only", PlannedResource.valueAt(apiOrigin, "customOriginConfig.originProtocolPolicy").orElseThrow());
    }

    @Test
    void withoutAnApiThereIsNoApiOriginNorBehaviour() {
        PlannedResource d = distribution(withoutApi());
        assertEquals(List.of(S3Website.SITE_ORIGIN_ID), list(d, "origins").stream().map(o -> o.get("originId")).toList());
        assertEquals(List.of("/assets/*"), List.copyOf(orderedByPattern(d).keySet()));
        assertEquals(true, d.input("viewerCertificate.cloudfrontDefaultCertificate").orElseThrow());
        assertFalse(d.inputs().containsKey("aliases"));
    }

    @Test
    void hashedAssetsAreCachedForAYearAndPagesFollowTheirNoCacheHeader() {
        Plan plan = withApi();
        PlannedResource d = distribution(plan);
        Map<String, PlannedResource> policies = plan.ofType("aws:cloudfront/cachePolicy:CachePolicy")
                .collect(Collectors.toMap(PlannedResource::id, p -> p));
        PlannedResource pages = policies.get((String) d.input("defaultCacheBehavior.cachePolicyId").orElseThrow());
        PlannedResource assets = policies.get((String) orderedByPattern(d).get("/assets/*").get("cachePolicyId"));
        // Minimum TTL 0 for both: otherwise CloudFront would cache a no-cache index.html anyway.
        assertEquals(0.0, pages.inputs().get("minTtl"));
        assertEquals(0.0, pages.inputs().get("defaultTtl"));
        assertEquals(0.0, assets.inputs().get("minTtl"));
        assertEquals(31536000.0, assets.inputs().get("defaultTtl"));
        for (PlannedResource p : List.of(pages, assets)) {
            assertEquals(true, p.input("parametersInCacheKeyAndForwardedToOrigin.enableAcceptEncodingGzip").orElseThrow());
            assertEquals(true, p.input("parametersInCacheKeyAndForwardedToOrigin.enableAcceptEncodingBrotli").orElseThrow());
            assertEquals("none", p.input("parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig.queryStringBehavior").orElseThrow());
        }
    }

    @Test
    void everyBehaviourSendsTheSecurityHeadersWithTheApiOriginInTheCsp() {
        for (Plan plan : List.of(withApi(), withoutApi())) {
            PlannedResource headers = one(plan, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
            PlannedResource d = distribution(plan);
            assertEquals(headers.id(), d.input("defaultCacheBehavior.responseHeadersPolicyId").orElseThrow());
            orderedByPattern(d).values().forEach(b -> assertEquals(headers.id(), b.get("responseHeadersPolicyId")));
            assertEquals(63072000.0, headers.input("securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec").orElseThrow());
            assertEquals(true, headers.input("securityHeadersConfig.contentTypeOptions.override").orElseThrow());
            assertEquals("DENY", headers.input("securityHeadersConfig.frameOptions.frameOption").orElseThrow());
            assertEquals("strict-origin-when-cross-origin",
                    headers.input("securityHeadersConfig.referrerPolicy.referrerPolicy").orElseThrow());
        }
        String withApi = (String) one(withApi(), "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")
                .input("securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy").orElseThrow();
        String without = (String) one(withoutApi(), "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")
                .input("securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy").orElseThrow();
        assertTrue(withApi.contains("connect-src 'self' " + API + ";"), withApi);
        assertTrue(without.contains("connect-src 'self';"), without);
        assertTrue(without.startsWith("default-src 'self'; script-src 'self';"), without);
    }

    @Test
    void everyFileIsUploadedUnderItsPathWithItsTypeAndCaching() {
        Map<String, PlannedResource> objects = withApi().ofType("aws:s3/bucketObjectv2:BucketObjectv2")
                .collect(Collectors.toMap(o -> (String) o.inputs().get("key"), o -> o));
        assertEquals(Set.of("index.html", "favicon.svg", "robots.txt", "site.webmanifest", "assets/index-B1x2y3z4.js",
                "assets/index-C5d6e7f8.css", "assets/inter-D9e8f7g6.woff2"), objects.keySet());
        Map<String, List<String>> expected = Map.of(
                "index.html", List.of("text/html; charset=utf-8", "no-cache"),
                "favicon.svg", List.of("image/svg+xml", "no-cache"),
                "robots.txt", List.of("text/plain; charset=utf-8", "no-cache"),
                "site.webmanifest", List.of("application/manifest+json; charset=utf-8", "no-cache"),
                "assets/index-B1x2y3z4.js", List.of("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
                "assets/index-C5d6e7f8.css", List.of("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
                "assets/inter-D9e8f7g6.woff2", List.of("font/woff2", "public, max-age=31536000, immutable"));
        String bucketId = siteBucket(withApi()).id();
        expected.forEach((key, typeAndCache) -> {
            PlannedResource o = objects.get(key);
            assertEquals(typeAndCache, List.of(o.inputs().get("contentType"), o.inputs().get("cacheControl")), key);
            assertEquals(bucketId, o.inputs().get("bucket"));
            // Hashed assets outlive the deploy that drops them; the rest goes with it.
            assertEquals(key.startsWith("assets/"), o.retainOnDelete(), key);
        });
        assertEquals("0df8bd2d0ea7d8c5b0214b132cdc7a8e", objects.get("index.html").inputs().get("etag"), "md5sum of the file");
    }

    @Test
    void hashedAssetsGoFirstOtherFilesNextAndIndexHtmlLast() {
        Map<String, Set<String>> dependencies = dependenciesOfObjects(TestStacks.dev());
        Set<String> hashed = Set.of("assets/index-B1x2y3z4.js", "assets/index-C5d6e7f8.css", "assets/inter-D9e8f7g6.woff2");
        Set<String> other = Set.of("favicon.svg", "robots.txt", "site.webmanifest");
        hashed.forEach(key -> assertEquals(Set.of(), dependencies.get(key), key));
        other.forEach(key -> assertEquals(hashed, dependencies.get(key), key));
        var beforeIndex = new java.util.HashSet<>(hashed);
        beforeIndex.addAll(other);
        assertEquals(beforeIndex, dependencies.get("index.html"));
    }

    /** The keys of the objects each object of the site was made to wait for (its dependsOn). */
    private static Map<String, Set<String>> dependenciesOfObjects(StackSettings settings) {
        Map<String, RegisterResourceRequest> requests = registrations(settings);
        var keyByUrn = new HashMap<String, String>();
        requests.forEach((urn, request) -> {
            if (request.getType().equals("aws:s3/bucketObjectv2:BucketObjectv2")) {
                keyByUrn.put(urn, request.getName().substring("website/".length()));
            }
        });
        var result = new HashMap<String, Set<String>>();
        keyByUrn.forEach((urn, key) -> result.put(key, requests.get(urn).getDependenciesList().stream()
                .map(keyByUrn::get).filter(java.util.Objects::nonNull).collect(Collectors.toSet())));
        return result;
    }

    /**
     * Every registration of a plan of the site with the fixture build and the API, by URN, as the
     * engine receives it: with the resource options the plan does not record (dependsOn, provider).
     */
    private static Map<String, RegisterResourceRequest> registrations(StackSettings settings) {
        var requests = new ConcurrentHashMap<String, RegisterResourceRequest>();
        var mocks = new PlanMocks(settings.region());
        var test = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName("portfolio").stackName(settings.stack()).preview(false).build())
                .mocks(mocks)
                .monitorDecorator(ignored -> new MockMonitor(mocks, PulumiTestInternal.mockLog()) {
                    @Override
                    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                                             RegisterResourceRequest request) {
                        return super.registerResourceAsync(resource, request).thenApply(response -> {
                            requests.put(response.getUrn(), request);
                            return response;
                        });
                    }
                })
                .build();
        try {
            var result = test.runTest(ctx -> {
                var context = new StackContext(settings, Output.of(PlanMocks.ACCOUNT_ID));
                var logs = new AccessLogBucket("access-logs", new AccessLogBucket.Args(context), ComponentResourceOptions.Empty);
                new S3Website("website", args(context, logs, FIXTURE, API, false, new ArrayList<>()), ComponentResourceOptions.Empty);
            });
            assertEquals(List.of(), result.exceptions());
        } finally {
            PulumiTestInternal.cleanup();
        }
        return requests;
    }

    @Test
    void certificatesAndLogDeliveryAreMadeInUsEast1WhateverTheStacksRegion() {
        Map<String, RegisterResourceRequest> requests = registrations(TestStacks.settings("prod", Map.of(
                "aws:region", "eu-west-1",
                "portfolio:websiteDomains", "[\"www.example.com\"]", "portfolio:websiteHostedZone", "example.com")));
        var providerUrns = requests.entrySet().stream()
                .filter(e -> e.getValue().getType().equals("pulumi:providers:aws")).map(Map.Entry::getKey).toList();
        assertEquals(1, providerUrns.size(), providerUrns.toString());
        String usEast1 = providerUrns.get(0);
        Set<String> inUsEast1 = Set.of("aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation",
                "aws:cloudwatch/logDeliverySource:LogDeliverySource", "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
                "aws:cloudwatch/logDelivery:LogDelivery");
        var seen = new java.util.HashSet<String>();
        requests.values().forEach(request -> {
            boolean withProvider = request.getProvider().startsWith(usEast1 + "::");
            assertEquals(inUsEast1.contains(request.getType()), withProvider, request.getType() + " " + request.getName());
            if (withProvider) {
                seen.add(request.getType());
            }
        });
        assertEquals(inUsEast1, seen);
    }

    @Test
    void aCustomDomainGetsAUsEast1CertificateValidatedInItsZoneAndAliasRecords() {
        Plan plan = withDomain();
        PlannedResource d = distribution(plan);
        assertEquals(List.of("example.com", "www.example.com"), d.inputs().get("aliases"));
        assertEquals("PriceClass_All", d.inputs().get("priceClass"));
        assertEquals("sni-only", d.input("viewerCertificate.sslSupportMethod").orElseThrow());
        assertEquals("TLSv1.2_2021", d.input("viewerCertificate.minimumProtocolVersion").orElseThrow());
        PlannedResource validation = one(plan, "aws:acm/certificateValidation:CertificateValidation");
        PlannedResource certificate = one(plan, "aws:acm/certificate:Certificate");
        assertEquals(certificate.arn(), d.input("viewerCertificate.acmCertificateArn").orElseThrow());
        assertEquals(certificate.arn(), validation.inputs().get("certificateArn"));
        assertEquals("example.com", certificate.inputs().get("domainName"));
        assertEquals(List.of("www.example.com"), certificate.inputs().get("subjectAlternativeNames"));
        assertEquals("DNS", certificate.inputs().get("validationMethod"));
        PlannedResource provider = plan.resources().stream()
                .filter(r -> r.type().equals("pulumi:providers:aws") && "us-east-1".equals(r.inputs().get("region")))
                .findFirst().orElseThrow(() -> new AssertionError("no us-east-1 provider"));
        assertTrue(provider.name().startsWith("website-"), provider.name());

        List<PlannedResource> records = plan.ofType("aws:route53/record:Record").toList();
        Set<String> zones = records.stream().map(r -> (String) r.inputs().get("zoneId")).collect(Collectors.toSet());
        assertEquals(1, zones.size(), "every record in the settings' zone");
        List<PlannedResource> validationRecords = records.stream().filter(r -> "CNAME".equals(r.inputs().get("type"))).toList();
        assertEquals(Set.of("_a1b2c3.example.com.", "_a1b2c3.www.example.com."),
                validationRecords.stream().map(r -> r.inputs().get("name")).collect(Collectors.toSet()));
        var aliases = records.stream().filter(r -> r.inputs().containsKey("aliases"))
                .map(r -> r.inputs().get("type") + " " + r.inputs().get("name")).collect(Collectors.toSet());
        assertEquals(Set.of("A example.com", "AAAA example.com", "A www.example.com", "AAAA www.example.com"), aliases);
        records.stream().filter(r -> r.inputs().containsKey("aliases")).forEach(r -> {
            assertEquals(d.state().get("domainName"), r.input("aliases.0.name").orElseThrow());
            assertEquals("Z2FDTNDATAQYW2", r.input("aliases.0.zoneId").orElseThrow());
        });
    }

    @Test
    void productionDeliversTheDistributionsAccessLogsFromUsEast1IntoTheAccessLogBucket() throws Exception {
        Plan prod = withDomain();
        PlannedResource source = one(prod, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
        assertEquals("ACCESS_LOGS", source.inputs().get("logType"));
        assertEquals(distribution(prod).arn(), source.inputs().get("resourceArn"));
        PlannedResource destination = one(prod, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
        PlannedResource logBucket = prod.ofType("aws:s3/bucketV2:BucketV2").filter(b -> "access-logs".equals(b.tags().get("purpose")))
                .findFirst().orElseThrow();
        assertEquals(logBucket.arn() + "/cloudfront",
                destination.input("deliveryDestinationConfiguration.destinationResourceArn").orElseThrow());
        PlannedResource delivery = one(prod, "aws:cloudwatch/logDelivery:LogDelivery");
        assertEquals(source.state().get("name"), delivery.inputs().get("deliverySourceName"));
        assertEquals(destination.arn(), delivery.inputs().get("deliveryDestinationArn"));
        assertFalse(distribution(prod).inputs().containsKey("loggingConfig"), "legacy logging needs ACLs the bucket refuses");
        PlannedResource logPolicy = prod.ofType("aws:s3/bucketPolicy:BucketPolicy")
                .filter(p -> logBucket.id().equals(p.inputs().get("bucket"))).findFirst().orElseThrow();
        JsonNode delivers = null;
        for (JsonNode s : JSON.readTree((String) logPolicy.inputs().get("policy")).get("Statement")) {
            if ("delivery.logs.amazonaws.com".equals(s.at("/Principal/Service").asText())) {
                delivers = s;
            }
        }
        assertNotNull(delivers, "the log bucket lets the log delivery service write");
        assertEquals(logBucket.arn() + "/cloudfront/*", delivers.get("Resource").asText());
        assertEquals("arn:aws:logs:us-east-1:123456789012:delivery-source:*", delivers.at("/Condition/ArnLike/aws:SourceArn").asText());

        assertEquals(0, withApi().ofType("aws:cloudwatch/logDeliverySource:LogDeliverySource").count(), "dev has no standard logs");
    }

    @Test
    void oldHashedAssetsExpireOnlyOnceRetiredAfterTheGracePeriod() {
        Plan plan = cached("grace", TestStacks.settings("dev", Map.of("portfolio:websiteAssetGraceDays", "9")), null);
        PlannedResource lifecycle = plan.ofType("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2")
                .filter(l -> siteBucket(plan).id().equals(l.inputs().get("bucket"))).findFirst().orElseThrow();
        Map<String, Object> expire = list(lifecycle, "rules").stream()
                .filter(r -> "expire-retired-assets".equals(r.get("id"))).findFirst().orElseThrow();
        assertEquals(9.0, PlannedResource.valueAt(expire, "expiration.days").orElseThrow());
        assertEquals("assets/", PlannedResource.valueAt(expire, "filter.and.prefix").orElseThrow());
        assertEquals(Map.of("site-asset", "retired"), PlannedResource.valueAt(expire, "filter.and.tags").orElseThrow());
    }

    @Test
    void theWebsiteResourcesPassEveryMandatoryRuleInEveryVariant() {
        for (Plan plan : List.of(withApi(), withoutApi(), withDomain())) {
            List<Violation> mandatory = PolicyEngine.standard().evaluate(plan).violations().stream()
                    .filter(v -> v.severity() == Severity.MANDATORY).toList();
            assertEquals(List.of(), mandatory);
        }
    }

    @Test
    void aMissingBuildIsAWarningInAPlanWithNoObjectsAndStopsADeploy() {
        var warnings = new ArrayList<String>();
        Plan plan = plan(TestStacks.dev(), temp, null, warnings);
        assertEquals(0, plan.ofType("aws:s3/bucketObjectv2:BucketObjectv2").count());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("website/dist has no index.html")
                && warnings.get(0).contains("`npm --prefix website ci && npm --prefix website run build`"), warnings.get(0));
        assertEquals("index.html", distribution(plan).inputs().get("defaultRootObject"), "the rest of the site is still planned");

        var settings = TestStacks.dev();
        var failure = assertThrows(OfflinePlanner.PlanFailedException.class, () ->
                OfflinePlanner.run("portfolio", "dev", settings.environment(), settings.region(), ctx -> {
                    var context = new StackContext(settings, Output.of(PlanMocks.ACCOUNT_ID));
                    var logs = new AccessLogBucket("access-logs", new AccessLogBucket.Args(context), ComponentResourceOptions.Empty);
                    new S3Website("website", args(context, logs, temp, null, true, new ArrayList<>()), ComponentResourceOptions.Empty);
                }));
        assertTrue(failure.getMessage().startsWith("cannot deploy the website: website/dist has no index.html"), failure.getMessage());
    }

    @Test
    void aBuildOlderThanItsSourcesIsStale() throws Exception {
        Path dist = Files.createDirectories(temp.resolve("website/dist"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html>");
        Files.setLastModifiedTime(dist.resolve("index.html"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Path source = Files.createDirectories(temp.resolve("website/src")).resolve("App.tsx");
        Files.writeString(source, "export {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
        WebsiteBuild.Status stale = WebsiteBuild.check(temp, dist);
        assertEquals(WebsiteBuild.State.STALE, stale.state());
        assertTrue(stale.problem().startsWith("website/dist is older than its sources (website/src/App.tsx changed at"),
                stale.problem());
        assertTrue(stale.problem().endsWith("rebuild it with `npm --prefix website ci && npm --prefix website run build`"));

        Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2025-12-31T23:59:59Z")));
        assertTrue(WebsiteBuild.check(temp, dist).ready());
        Path content = Files.createDirectories(temp.resolve("content")).resolve("projects.json");
        Files.writeString(content, "[]");
        assertEquals(WebsiteBuild.State.STALE, WebsiteBuild.check(temp, dist).state(), "the bundled content is a source too");
    }
}
