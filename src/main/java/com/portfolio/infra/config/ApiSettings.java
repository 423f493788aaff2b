package com.portfolio.infra.config;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the portfolio's HTTP API.
 *
 * @param corsAllowedOrigin          {@code portfolio:apiCorsOrigin}: the one https origin browsers may
 *                                   call the API from; @default null (CORS off: the site reaches the
 *                                   API on its own origin through CloudFront {@code /api/*})
 * @param domainName                 {@code portfolio:apiDomainName}: a custom domain for the API;
 *                                   @default null (the execute-api URL only)
 * @param certificateArn             {@code portfolio:apiCertificateArn}: the ACM certificate of
 *                                   {@code domainName}, in the stack's region; set exactly when it is
 * @param throttlingRateLimit        {@code portfolio:apiThrottleRateLimit}: steady requests per second
 *                                   for every route together; @default 50
 * @param throttlingBurstLimit       {@code portfolio:apiThrottleBurstLimit}: requests allowed at once;
 *                                   @default 100
 * @param reservedConcurrency        {@code portfolio:apiReservedConcurrency}: concurrent executions
 *                                   reserved for (and capping) each route's function; @default 5 in
 *                                   production, none in development
 * @param contactMessageRetentionDays {@code portfolio:contactMessageRetentionDays}: how long a contact
 *                                   message is kept; @default 180
 */
public record ApiSettings(String corsAllowedOrigin, String domainName, String certificateArn, int throttlingRateLimit,
                          int throttlingBurstLimit, Integer reservedConcurrency, int contactMessageRetentionDays) {

    public static final String CORS_ORIGIN = "portfolio:apiCorsOrigin";
    public static final String DOMAIN_NAME = "portfolio:apiDomainName";
    public static final String CERTIFICATE_ARN = "portfolio:apiCertificateArn";
    public static final String RATE_LIMIT = "portfolio:apiThrottleRateLimit";
    public static final String BURST_LIMIT = "portfolio:apiThrottleBurstLimit";
    public static final String RESERVED_CONCURRENCY = "portfolio:apiReservedConcurrency";
    public static final String CONTACT_RETENTION = "portfolio:contactMessageRetentionDays";

    public static final int DEFAULT_RATE_LIMIT = 50;
    public static final int DEFAULT_BURST_LIMIT = 100;
    public static final int DEFAULT_PRODUCTION_RESERVED_CONCURRENCY = 5;
    public static final int DEFAULT_CONTACT_RETENTION_DAYS = 180;

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CERTIFICATE = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):\\d{12}:certificate/[0-9a-f-]{36}");

    /** Whether the API has a custom domain. */
    public boolean hasCustomDomain() {
        return domainName != null;
    }

    /** @param region the stack's region, or null when it is invalid (a problem already) */
    static ApiSettings read(ConfigReader reader, boolean production, String region) {
        String origin = reader.string(CORS_ORIGIN, null, ApiSettings::checkOrigin,
                "an https origin such as https://www.example.com (scheme and host, no path), or unset for no CORS");
        String domain = reader.string(DOMAIN_NAME, null,
                text -> DOMAIN.matcher(text).matches() ? Optional.empty() : Optional.of("not a lowercase domain name"),
                "a domain name such as api.example.com, or unset for the execute-api URL only");
        String certificate = reader.string(CERTIFICATE_ARN, null, text -> checkCertificate(text, region),
                "the ARN of an ACM certificate in the stack's region, e.g. "
                        + "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d");
        boolean domainSet = reader.isSet(DOMAIN_NAME) && !reader.hasProblemFor(DOMAIN_NAME);
        boolean certificateSet = reader.isSet(CERTIFICATE_ARN) && !reader.hasProblemFor(CERTIFICATE_ARN);
        if (domainSet && !certificateSet && !reader.isSet(CERTIFICATE_ARN)) {
            reader.problem(CERTIFICATE_ARN + ": missing while " + DOMAIN_NAME + " is \"" + domain + "\"; expected the "
                    + "ARN of the ACM certificate for " + domain + " in the stack's region");
        } else if (certificateSet && !reader.isSet(DOMAIN_NAME)) {
            reader.problem(DOMAIN_NAME + ": missing while " + CERTIFICATE_ARN + " is set; expected the domain name "
                    + "the certificate is for, or " + CERTIFICATE_ARN + " unset");
        }
        int rate = reader.integer(RATE_LIMIT, DEFAULT_RATE_LIMIT, 1, 10_000);
        int burst = reader.integer(BURST_LIMIT, DEFAULT_BURST_LIMIT, 1, 5_000);
        Integer reserved = production ? Integer.valueOf(DEFAULT_PRODUCTION_RESERVED_CONCURRENCY) : null;
        if (reader.isSet(RESERVED_CONCURRENCY)) {
            int value = reader.integer(RESERVED_CONCURRENCY, 0, 1, 1000);
            reserved = reader.hasProblemFor(RESERVED_CONCURRENCY) ? reserved : Integer.valueOf(value);
        }
        int retention = reader.integer(CONTACT_RETENTION, DEFAULT_CONTACT_RETENTION_DAYS, 1, 3650);
        boolean domainValid = domainSet && certificateSet;
        return new ApiSettings(origin, domainValid ? domain : null, domainValid ? certificate : null, rate, burst,
                reserved, retention);
    }

    private static Optional<String> checkOrigin(String text) {
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme())) {
                return Optional.of("not https");
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
                return Optional.of("not an origin: only scheme, host and an optional port");
            }
            return Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.of("not a URL");
        }
    }

    private static Optional<String> checkCertificate(String text, String region) {
        var m = CERTIFICATE.matcher(text);
        if (!m.matches()) {
            return Optional.of("not an ACM certificate ARN");
        }
        if (region != null && !m.group(2).equals(region)) {
            return Optional.of("in " + m.group(2) + ", but a regional API's custom domain needs a certificate in the "
                    + "stack's region " + region);
        }
        return Optional.empty();
    }
}
