package com.portfolio.infra.web;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.config.WebsiteSettings;
import com.portfolio.infra.storage.AccessLogBucket;
import com.portfolio.infra.storage.PrivateBucket;
import com.pulumi.asset.FileAsset;
import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.acm.Certificate;
import com.pulumi.aws.acm.CertificateArgs;
import com.pulumi.aws.acm.CertificateValidation;
import com.pulumi.aws.acm.CertificateValidationArgs;
import com.pulumi.aws.acm.outputs.CertificateDomainValidationOption;
import com.pulumi.aws.cloudfront.CachePolicy;
import com.pulumi.aws.cloudfront.CachePolicyArgs;
import com.pulumi.aws.cloudfront.Distribution;
import com.pulumi.aws.cloudfront.DistributionArgs;
import com.pulumi.aws.cloudfront.Function;
import com.pulumi.aws.cloudfront.FunctionArgs;
import com.pulumi.aws.cloudfront.OriginAccessControl;
import com.pulumi.aws.cloudfront.OriginAccessControlArgs;
import com.pulumi.aws.cloudfront.ResponseHeadersPolicy;
import com.pulumi.aws.cloudfront.ResponseHeadersPolicyArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfigArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfigArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionDefaultCacheBehaviorArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionDefaultCacheBehaviorFunctionAssociationArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOrderedCacheBehaviorArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginCustomOriginConfigArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionRestrictionsArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionRestrictionsGeoRestrictionArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionViewerCertificateArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs;
import com.pulumi.aws.cloudwatch.LogDelivery;
import com.pulumi.aws.cloudwatch.LogDeliveryArgs;
import com.pulumi.aws.cloudwatch.LogDeliveryDestination;
import com.pulumi.aws.cloudwatch.LogDeliveryDestinationArgs;
import com.pulumi.aws.cloudwatch.LogDeliverySource;
import com.pulumi.aws.cloudwatch.LogDeliverySourceArgs;
import com.pulumi.aws.cloudwatch.inputs.LogDeliveryDestinationDeliveryDestinationConfigurationArgs;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.Route53Functions;
import com.pulumi.aws.route53.inputs.GetZoneArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.aws.route53.outputs.GetZoneResult;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketObjectv2;
import com.pulumi.aws.s3.BucketObjectv2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterAndArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The portfolio website: a private S3 bucket served only through CloudFront (Origin Access
 * Control, no website endpoint), with client-side routing, caching by file type, security
 * headers, the API under {@code /api/*} when the stack has one, an optional custom domain, and
 * the upload of the site's build.
 *
 * <p>A deploy never breaks the live site: hashed assets are uploaded first, other files next and
 * {@code index.html} last; hashed assets that a new build no longer has are never deleted by the
 * deploy (a visitor's open tab of the previous version still loads its chunks) and expire after
 * the grace period (see {@link AssetRetirement}). Non-hashed files are {@code no-cache}, and the
 * cache policies have a minimum TTL of 0, so CloudFront revalidates them with S3 on every request
 * and serves a new {@code index.html} at once: that is why the deploy creates no invalidation
 * (which is an API call, not a resource the AWS provider offers).
 */
public final class S3Website extends ComponentResource {

    public static final String TYPE = "portfolio:web:S3Website";
    public static final String API_PATH_PATTERN = "/api/*";
    public static final String ASSETS_PATH_PATTERN = "/" + SiteFiles.ASSETS_PREFIX + "*";
    public static final String SITE_ORIGIN_ID = "site-bucket";
    public static final String API_ORIGIN_ID = "api";
    public static final int ONE_YEAR_SECONDS = 31_536_000;
    /** HSTS for two years, the value browsers' preload lists ask for. */
    public static final int HSTS_MAX_AGE_SECONDS = 63_072_000;

    /** AWS's managed cache policy "Managed-CachingDisabled". */
    public static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** AWS's managed origin request policy "Managed-AllViewerExceptHostHeader": API Gateway needs its own Host. */
    public static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    /** The only region whose ACM certificates CloudFront accepts. */
    public static final String CERTIFICATE_REGION = "us-east-1";

    static final List<String> READ_METHODS = List.of("GET", "HEAD");
    static final List<String> ALL_METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    /**
     * @param context     where the stack is deployed
     * @param settings    price class, custom domain, grace period of old assets
     * @param projectDir  the project folder, whose website sources decide whether the build is current
     * @param dist        the website build to upload ({@code website/dist})
     * @param deploying   true only under {@code pulumi up}: a missing or stale build stops the
     *                    update; a preview or offline plan warns and plans no objects
     * @param logs        the access-log bucket: the site bucket's server access logs, and in
     *                    production the distribution's standard logs (v2, under {@code cloudfront/})
     * @param apiEndpoint the API's endpoint URL, served under {@code /api/*}; null while the stack has no API
     * @param warnings    receives what the user should hear (a missing build in a preview)
     */
    public record Args(StackContext context, WebsiteSettings settings, Path projectDir, Path dist, boolean deploying,
                       AccessLogBucket logs, Output<String> apiEndpoint, Consumer<String> warnings) {
    }

    /** The site's address: its first custom domain, else its cloudfront.net name. */
    public final Output<String> url;
    public final Output<String> distributionId;
    public final Output<String> bucketName;
    /** The files planned for upload, in upload order (none when the build is missing in a preview). */
    public final List<SiteFiles.SiteFile> files;
    private Provider usEast1;

    public S3Website(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var settings = args.settings();
        var tags = context.tags("website");
        var child = CustomResourceOptions.builder().parent(this).build();

        WebsiteBuild.Status build = WebsiteBuild.check(args.projectDir(), args.dist());
        if (!build.ready()) {
            if (args.deploying()) {
                throw new IllegalStateException("cannot deploy the website: " + build.problem());
            }
            args.warnings().accept("the website is not uploaded by this plan: " + build.problem());
        }
        this.files = build.ready() ? SiteFiles.list(args.dist()) : List.of();

        var site = PrivateBucket.create(this, name + "-bucket", tags,
                PrivateBucket.Options.of("website").loggingTo(args.logs().bucketName).withPolicyAttachedLater());
        var bucket = site.bucket;
        retireOldAssets(name, bucket.id(), settings.assetGraceDays(), child);

        var accessControl = new OriginAccessControl(name + "-oac", OriginAccessControlArgs.builder()
                .description("CloudFront reads the portfolio site's bucket, signing every request")
                .originAccessControlOriginType("s3")
                .signingBehavior("always")
                .signingProtocol("sigv4")
                .build(), child);
        var rewrite = new Function(name + "-spa-rewrite", FunctionArgs.builder()
                .runtime(SpaRewrite.RUNTIME)
                .comment("Serves /index.html for client-side routes of the portfolio site")
                .code(SpaRewrite.code())
                .publish(true)
                .build(), child);
        var pages = cachePolicy(name + "-pages", "Portfolio site pages: the origin's Cache-Control (no-cache) rules", 0, child);
        var assets = cachePolicy(name + "-assets", "Portfolio site hashed assets: a year, immutable", ONE_YEAR_SECONDS, child);

        ApiRoute api = args.apiEndpoint() == null ? null : new ApiRoute(args.apiEndpoint().applyValue(ApiOrigin::parse));
        Output<String> csp = api == null ? Output.of(ContentSecurityPolicy.of(siteOrigins(settings), null))
                : api.origin.applyValue(origin -> ContentSecurityPolicy.of(siteOrigins(settings), origin.browserOrigin()));
        var headers = new ResponseHeadersPolicy(name + "-headers", ResponseHeadersPolicyArgs.builder()
                .comment("Security headers of the portfolio site and its API")
                .securityHeadersConfig(securityHeaders(csp))
                .build(), child);

        Output<String> certificateArn = settings.hasCustomDomain()
                ? certificate(name, context, settings, tags) : null;

        var origins = new ArrayList<DistributionOriginArgs>();
        origins.add(DistributionOriginArgs.builder()
                .originId(SITE_ORIGIN_ID)
                .domainName(bucket.bucketRegionalDomainName())
                .originAccessControlId(accessControl.id())
                .build());
        var ordered = new ArrayList<DistributionOrderedCacheBehaviorArgs>();
        if (api != null) {
            origins.add(DistributionOriginArgs.builder()
                    .originId(API_ORIGIN_ID)
                    .domainName(api.origin.applyValue(ApiOrigin::domainName))
                    .originPath(api.origin.applyValue(ApiOrigin::originPath))
                    .customOriginConfig(DistributionOriginCustomOriginConfigArgs.builder()
                            .httpPort(80).httpsPort(443)
                            .originProtocolPolicy("https-only")
                            .originSslProtocols("TLSv1.2")
                            .build())
                    .build());
            // First, so that no other pattern can claim an API path; no rewrite function here, so
            // the API's JSON errors reach the browser as the API sent them.
            ordered.add(DistributionOrderedCacheBehaviorArgs.builder()
                    .pathPattern(API_PATH_PATTERN)
                    .targetOriginId(API_ORIGIN_ID)
                    .viewerProtocolPolicy("redirect-to-https")
                    .allowedMethods(ALL_METHODS)
                    .cachedMethods(READ_METHODS)
                    .compress(true)
                    .cachePolicyId(CACHING_DISABLED)
                    .originRequestPolicyId(ALL_VIEWER_EXCEPT_HOST_HEADER)
                    .responseHeadersPolicyId(headers.id())
                    .build());
        }
        ordered.add(DistributionOrderedCacheBehaviorArgs.builder()
                .pathPattern(ASSETS_PATH_PATTERN)
                .targetOriginId(SITE_ORIGIN_ID)
                .viewerProtocolPolicy("redirect-to-https")
                .allowedMethods(READ_METHODS)
                .cachedMethods(READ_METHODS)
                .compress(true)
                .cachePolicyId(assets.id())
                .responseHeadersPolicyId(headers.id())
                .build());

        var distributionArgs = DistributionArgs.builder()
                .enabled(true)
                .comment("Portfolio website")
                .isIpv6Enabled(true)
                .httpVersion("http2and3")
                .priceClass(settings.priceClass())
                .defaultRootObject(SiteFiles.ENTRY)
                .origins(origins)
                .defaultCacheBehavior(DistributionDefaultCacheBehaviorArgs.builder()
                        .targetOriginId(SITE_ORIGIN_ID)
                        .viewerProtocolPolicy("redirect-to-https")
                        .allowedMethods(READ_METHODS)
                        .cachedMethods(READ_METHODS)
                        .compress(true)
                        .cachePolicyId(pages.id())
                        .responseHeadersPolicyId(headers.id())
                        .functionAssociations(DistributionDefaultCacheBehaviorFunctionAssociationArgs.builder()
                                .eventType("viewer-request")
                                .functionArn(rewrite.arn())
                                .build())
                        .build())
                .orderedCacheBehaviors(ordered)
                // No customErrorResponses on purpose: mapping 403/404 to index.html would answer a
                // missing chunk with HTML (a "200" the browser cannot run) and hide real errors.
                .restrictions(DistributionRestrictionsArgs.builder()
                        .geoRestriction(DistributionRestrictionsGeoRestrictionArgs.builder()
                                .restrictionType("none").build())
                        .build())
                .viewerCertificate(certificateArn == null
                        ? DistributionViewerCertificateArgs.builder().cloudfrontDefaultCertificate(true).build()
                        : DistributionViewerCertificateArgs.builder()
                                .acmCertificateArn(certificateArn)
                                .sslSupportMethod("sni-only")
                                .minimumProtocolVersion("TLSv1.2_2021")
                                .build())
                .tags(tags);
        if (settings.hasCustomDomain()) {
            distributionArgs.aliases(settings.domains());
        }
        var distribution = new Distribution(name + "-cdn", distributionArgs.build(), child);

        site.attachPolicy(this, name + "-bucket",
                Output.tuple(bucket.arn(), distribution.arn()).applyValue(t -> SiteBucketPolicy.document(t.t1, t.t2)));
        if (settings.hasCustomDomain()) {
            aliasRecords(name, settings, distribution, child);
        }
        if (context.settings().isProduction()) {
            standardLogging(name, context, distribution, args.logs(), tags);
        }
        BucketObjectv2 entry = upload(name, bucket.id(), tags);
        if (args.deploying()) {
            // After index.html stops referencing them: see AssetRetirement.
            Set<String> current = files.stream().filter(f -> f.kind() == SiteFiles.Kind.HASHED_ASSET)
                    .map(SiteFiles.SiteFile::key).collect(Collectors.toSet());
            // The object's id is known once its upload is done, so this runs after index.html is live.
            Output.tuple(bucket.bucket(), entry.id()).applyValue(t -> {
                try (S3Client s3 = s3Client(context)) {
                    List<String> retired = AssetRetirement.run(s3, t.t1, current);
                    if (!retired.isEmpty()) {
                        args.warnings().accept(retired.size() + " hashed assets of earlier deploys retired; they expire in "
                                + settings.assetGraceDays() + " days: " + retired);
                    }
                    return retired;
                }
            });
        }

        this.url = settings.hasCustomDomain() ? Output.of("https://" + settings.domains().get(0))
                : distribution.domainName().applyValue(domain -> "https://" + domain);
        this.distributionId = distribution.id();
        this.bucketName = bucket.bucket();
        registerOutputs(Map.of("url", url, "distributionId", distributionId, "bucketName", bucketName));
    }

    /** The API's origin, resolved once from its endpoint. */
    private record ApiRoute(Output<ApiOrigin> origin) {
    }

    private static List<String> siteOrigins(WebsiteSettings settings) {
        return settings.domains().stream().map(domain -> "https://" + domain).toList();
    }

    /**
     * A cache policy that keys on the path alone (the site reads no cookies, headers or query
     * strings) and accepts compressed variants. The minimum TTL is 0 so the origin's
     * Cache-Control rules: with a higher minimum CloudFront would cache even a no-cache index.html.
     */
    private static CachePolicy cachePolicy(String name, String comment, int defaultTtlSeconds, CustomResourceOptions options) {
        return new CachePolicy(name, CachePolicyArgs.builder()
                .comment(comment)
                .minTtl(0)
                .defaultTtl(defaultTtlSeconds)
                .maxTtl(ONE_YEAR_SECONDS)
                .parametersInCacheKeyAndForwardedToOrigin(CachePolicyParametersInCacheKeyAndForwardedToOriginArgs.builder()
                        .cookiesConfig(CachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfigArgs.builder()
                                .cookieBehavior("none").build())
                        .headersConfig(CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigArgs.builder()
                                .headerBehavior("none").build())
                        .queryStringsConfig(CachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfigArgs.builder()
                                .queryStringBehavior("none").build())
                        .enableAcceptEncodingGzip(true)
                        .enableAcceptEncodingBrotli(true)
                        .build())
                .build(), options);
    }

    private static ResponseHeadersPolicySecurityHeadersConfigArgs securityHeaders(Output<String> csp) {
        return ResponseHeadersPolicySecurityHeadersConfigArgs.builder()
                // Not includeSubdomains: the zone's other names are not this site's to pin to HTTPS.
                .strictTransportSecurity(ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs.builder()
                        .accessControlMaxAgeSec(HSTS_MAX_AGE_SECONDS).includeSubdomains(false).override(true).build())
                .contentTypeOptions(ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs.builder()
                        .override(true).build())
                .frameOptions(ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs.builder()
                        .frameOption("DENY").override(true).build())
                .referrerPolicy(ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs.builder()
                        .referrerPolicy("strict-origin-when-cross-origin").override(true).build())
                .contentSecurityPolicy(ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs.builder()
                        .contentSecurityPolicy(csp).override(true).build())
                .build();
    }

    /**
     * The certificate of the custom domains, validated through DNS in the stack's zone. CloudFront
     * takes certificates from us-east-1 only, whatever the stack's region: hence a provider of its own.
     */
    private Output<String> certificate(String name, StackContext context, WebsiteSettings settings, Map<String, String> tags) {
        var inUsEast1 = CustomResourceOptions.builder().parent(this).provider(usEast1(name, context)).build();
        List<String> domains = settings.domains();
        var certificate = new Certificate(name + "-certificate", CertificateArgs.builder()
                .domainName(domains.get(0))
                .subjectAlternativeNames(domains.subList(1, domains.size()))
                .validationMethod("DNS")
                .tags(tags)
                .build(), inUsEast1);
        Output<String> zoneId = zoneId(settings.hostedZone());
        var fqdns = new ArrayList<Output<String>>();
        // One record per domain, looked up by name: the list ACM returns has no fixed order.
        for (String domain : domains) {
            Output<CertificateDomainValidationOption> option = certificate.domainValidationOptions().applyValue(options ->
                    options.stream().filter(o -> domain.equals(o.domainName().orElse(null))).findFirst()
                            .orElseThrow(() -> new IllegalStateException("ACM returned no DNS validation record for "
                                    + domain + "; it returned " + options.size() + " for other names")));
            var record = new Record(name + "-validation-" + domain, RecordArgs.builder()
                    .zoneId(zoneId)
                    .name(option.applyValue(o -> o.resourceRecordName().orElseThrow()))
                    .type(option.applyValue(o -> com.pulumi.core.Either.<String, com.pulumi.aws.route53.enums.RecordType>ofLeft(o.resourceRecordType().orElseThrow())))
                    .records(option.applyValue(o -> List.of(o.resourceRecordValue().orElseThrow())))
                    .ttl(300)
                    // ACM gives the same record to every certificate of a name: another stack may have made it.
                    .allowOverwrite(true)
                    .build(), CustomResourceOptions.builder().parent(this).build());
            fqdns.add(record.fqdn());
        }
        var validation = new CertificateValidation(name + "-certificate", CertificateValidationArgs.builder()
                .certificateArn(certificate.arn())
                .validationRecordFqdns(Output.all(fqdns))
                .build(), inUsEast1);
        return validation.certificateArn();
    }

    /**
     * The provider for what CloudFront, a global service, keeps in us-east-1 whatever the stack's
     * region: viewer certificates and the log delivery of a distribution. One per component.
     */
    private Provider usEast1(String name, StackContext context) {
        if (usEast1 == null) {
            var providerArgs = ProviderArgs.builder().region(CERTIFICATE_REGION);
            if (context.settings().awsProfile() != null) {
                providerArgs.profile(context.settings().awsProfile());
            }
            usEast1 = new Provider(name + "-" + CERTIFICATE_REGION, providerArgs.build(),
                    CustomResourceOptions.builder().parent(this).build());
        }
        return usEast1;
    }

    /**
     * Standard logging (v2) of the distribution into the access-log bucket, under {@code cloudfront/}.
     * Not the legacy loggingConfig: CloudFront writes legacy logs with ACLs, which a bucket with
     * BucketOwnerEnforced (every bucket here, SEC-S3-04) refuses, so the update would fail.
     * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
     */
    private void standardLogging(String name, StackContext context, Distribution distribution, AccessLogBucket logs,
                                 Map<String, String> tags) {
        var inUsEast1 = CustomResourceOptions.builder().parent(this).provider(usEast1(name, context)).build();
        var source = new LogDeliverySource(name + "-access-logs", LogDeliverySourceArgs.builder()
                .logType("ACCESS_LOGS")
                .resourceArn(distribution.arn())
                .tags(tags)
                .build(), inUsEast1);
        var destination = new LogDeliveryDestination(name + "-access-logs", LogDeliveryDestinationArgs.builder()
                .outputFormat("w3c")
                .deliveryDestinationConfiguration(LogDeliveryDestinationDeliveryDestinationConfigurationArgs.builder()
                        .destinationResourceArn(logs.bucketArn.applyValue(arn -> arn + "/" + AccessLogBucket.CLOUDFRONT_PREFIX))
                        .build())
                .tags(tags)
                .build(), inUsEast1);
        new LogDelivery(name + "-access-logs", LogDeliveryArgs.builder()
                .deliverySourceName(source.name())
                .deliveryDestinationArn(destination.arn())
                .tags(tags)
                .build(), inUsEast1);
    }

    private Output<String> zoneId(String zone) {
        return Route53Functions.getZone(GetZoneArgs.builder().name(zone).privateZone(false).build())
                .applyValue(GetZoneResult::zoneId);
    }

    /** An A and an AAAA alias per domain, to the distribution (which serves IPv6 too). */
    private void aliasRecords(String name, WebsiteSettings settings, Distribution distribution, CustomResourceOptions options) {
        Output<String> zoneId = zoneId(settings.hostedZone());
        for (String domain : settings.domains()) {
            for (String type : List.of("A", "AAAA")) {
                new Record(name + "-alias-" + type.toLowerCase() + "-" + domain, RecordArgs.builder()
                        .zoneId(zoneId)
                        .name(domain)
                        .type(type)
                        .aliases(RecordAliasArgs.builder()
                                .name(distribution.domainName())
                                .zoneId(distribution.hostedZoneId())
                                .evaluateTargetHealth(false)
                                .build())
                        .build(), options);
            }
        }
    }

    /**
     * The lifecycle of the site bucket: stalled uploads go after a day, and a hashed asset that a
     * deploy retired (see {@link AssetRetirement}) goes {@code graceDays} after its retirement.
     * Current assets never match the rule, whatever their age.
     */
    private void retireOldAssets(String name, Output<String> bucketId, int graceDays, CustomResourceOptions options) {
        new BucketLifecycleConfigurationV2(name + "-bucket", BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucketId)
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("abort-stalled-uploads")
                                .status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                                .abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                        .daysAfterInitiation(1).build())
                                .build(),
                        BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("expire-retired-assets")
                                .status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder()
                                        .and(BucketLifecycleConfigurationV2RuleFilterAndArgs.builder()
                                                .prefix(SiteFiles.ASSETS_PREFIX)
                                                .tags(Map.of(AssetRetirement.TAG, AssetRetirement.RETIRED))
                                                .build())
                                        .build())
                                .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                        .days(graceDays).build())
                                .build())
                .build(), options);
    }

    /**
     * Every file of the build as an object, in three waves: hashed assets, then the other files,
     * then {@code index.html}. Hashed assets are retained when a later build drops them.
     */
    private BucketObjectv2 upload(String name, Output<String> bucketId, Map<String, String> tags) {
        BucketObjectv2 last = null;
        var waves = new java.util.EnumMap<SiteFiles.Kind, List<Resource>>(SiteFiles.Kind.class);
        for (SiteFiles.SiteFile file : files) {
            var before = new ArrayList<Resource>();
            for (SiteFiles.Kind earlier : SiteFiles.Kind.values()) {
                if (earlier.compareTo(file.kind()) < 0) {
                    before.addAll(waves.getOrDefault(earlier, List.of()));
                }
            }
            boolean hashed = file.kind() == SiteFiles.Kind.HASHED_ASSET;
            var object = new BucketObjectv2(name + "/" + file.key(), BucketObjectv2Args.builder()
                    .bucket(bucketId)
                    .key(file.key())
                    .source(new FileAsset(file.path().toString()))
                    .contentType(file.contentType())
                    .cacheControl(file.cacheControl())
                    .etag(file.md5())
                    .tags(tags)
                    .build(), CustomResourceOptions.builder().parent(this)
                    .dependsOn(before)
                    .retainOnDelete(hashed)
                    .build());
            waves.computeIfAbsent(file.kind(), k -> new ArrayList<>()).add(object);
            last = object;
        }
        return last;
    }

    private static S3Client s3Client(StackContext context) {
        String profile = context.settings().awsProfile();
        return S3Client.builder().region(Region.of(context.region()))
                .credentialsProvider(profile == null ? DefaultCredentialsProvider.builder().build()
                        : ProfileCredentialsProvider.create(profile))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
