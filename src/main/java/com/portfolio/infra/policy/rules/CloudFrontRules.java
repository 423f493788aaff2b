package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.ADVISORY;
import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The CloudFront distribution rules. */
final class CloudFrontRules {
    private CloudFrontRules() {
    }

    /** The default cache behavior followed by the ordered ones, with a label for messages. */
    static List<Map.Entry<String, Map<String, Object>>> behaviors(PlannedResource d) {
        List<Map.Entry<String, Map<String, Object>>> result = new ArrayList<>();
        Values.at(d, "defaultCacheBehavior").filter(Map.class::isInstance).ifPresent(b -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) b;
            result.add(Map.entry("defaultCacheBehavior", map));
        });
        for (Map<String, Object> b : Values.objects(d, "orderedCacheBehaviors")) {
            result.add(Map.entry("orderedCacheBehavior " + Values.string(b, "pathPattern").orElse("?"), b));
        }
        return result;
    }

    static final class PrivateS3Origin extends Rule {
        PrivateS3Origin() {
            super("SEC-CF-01", MANDATORY, BOTH,
                    "cloudfront Distribution",
                    "S3 origin uses the bucket's REST domain plus an OriginAccessControl; the site bucket has no website configuration",
                    "FSBP CloudFront.13",
                    "Point the S3 origin at the bucket's bucketRegionalDomainName with originAccessControlId of an OriginAccessControl (type s3); delete the site bucket's website configuration.",
                    List.of(Types.DISTRIBUTION, Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource d : plan.ofType(Types.DISTRIBUTION)) {
                if (out.computed(d, "origins")) {
                    continue;
                }
                for (Map<String, Object> origin : Values.objects(d, "origins")) {
                    checkOrigin(plan, d, origin, out);
                }
            }
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                // Known non-site buckets are exempt; a missing or unknown purpose may be the site's.
                if (Conventions.knownPurpose(bucket).filter(p -> !p.equals(Conventions.WEBSITE)).isPresent()) {
                    continue;
                }
                for (PlannedResource w : S3Rules.companions(plan, Types.BUCKET_WEBSITE, bucket)) {
                    out.add(w, "site bucket %s has website configuration %s; expected none (CloudFront serves it through the REST endpoint)",
                            bucket.name(), w.name());
                }
                if (!Values.list(bucket, "websites").isEmpty()) {
                    out.add(bucket, "site bucket %s sets the inline websites input; expected no website configuration", bucket.name());
                }
            }
        }

        private static void checkOrigin(PlanGraph plan, PlannedResource d, Map<String, Object> origin, Findings out) {
            String domain = Values.string(origin, "domainName").orElse("");
            String id = Values.string(origin, "originId").orElse("?");
            Optional<PlannedResource> bucket = plan.ofType(Types.BUCKET).stream()
                    .filter(b -> Set.of("bucketRegionalDomainName", "bucketDomainName", "websiteEndpoint").stream()
                            .anyMatch(k -> domain.equals(b.state().get(k))))
                    .findFirst();
            boolean looksS3 = bucket.isPresent() || domain.contains(".s3.") || domain.contains(".s3-website")
                    || domain.contains(".s3-") || Values.at(origin, "s3OriginConfig").isPresent();
            if (!looksS3) {
                return;
            }
            if (domain.contains("s3-website") || bucket.map(b -> domain.equals(b.state().get("websiteEndpoint"))).orElse(false)) {
                out.add(d, "distribution %s origin %s uses the S3 website endpoint %s; expected the bucket's REST domain (bucketRegionalDomainName)",
                        d.name(), id, domain);
            } else if (bucket.isPresent() && bucket.get().state().get("bucketRegionalDomainName") instanceof String regional
                    && !regional.equals(domain)) {
                out.add(d, "distribution %s origin %s uses %s; expected the bucket's regional REST domain %s",
                        d.name(), id, domain, regional);
            }
            Optional<String> oac = Values.string(origin, "originAccessControlId");
            if (oac.isEmpty()) {
                out.add(d, "distribution %s S3 origin %s has no originAccessControlId; expected an OriginAccessControl", d.name(), id);
            } else {
                Optional<PlannedResource> control = plan.resolve(Types.ORIGIN_ACCESS_CONTROL, oac.get());
                if (control.isEmpty()) {
                    out.add(d, "distribution %s origin %s: originAccessControlId %s is no OriginAccessControl of this stack", d.name(), id, oac.get());
                } else if (!out.computed(control.get(), "originAccessControlOriginType")
                        && !"s3".equals(Values.string(control.get(), "originAccessControlOriginType").orElse(""))) {
                    out.add(d, "distribution %s origin %s: OriginAccessControl %s has origin type %s; expected s3", d.name(), id,
                            control.get().name(), Values.string(control.get(), "originAccessControlOriginType").orElse("unset"));
                }
            }
            Values.string(origin, "s3OriginConfig.originAccessIdentity").ifPresent(oai ->
                    out.add(d, "distribution %s origin %s uses the legacy origin access identity %s; expected an OriginAccessControl instead",
                            d.name(), id, oai));
        }
    }

    static final class HttpsOnly extends Rule {
        static final Set<String> SECURE = Set.of("redirect-to-https", "https-only");

        HttpsOnly() {
            super("SEC-CF-02", MANDATORY, BOTH,
                    "cloudfront Distribution",
                    "every cache behavior uses redirect-to-https or https-only; defaultRootObject set",
                    "FSBP CloudFront.3/.1",
                    "Set viewerProtocolPolicy redirect-to-https (or https-only) on every cache behavior and set defaultRootObject (e.g. index.html).",
                    List.of(Types.DISTRIBUTION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource d : plan.ofType(Types.DISTRIBUTION)) {
                if (out.computed(d, "defaultCacheBehavior") | out.computed(d, "orderedCacheBehaviors") | out.computed(d, "defaultRootObject")) {
                    continue;
                }
                for (var b : behaviors(d)) {
                    String policy = Values.string(b.getValue(), "viewerProtocolPolicy").orElse("unset");
                    if (!SECURE.contains(policy)) {
                        out.add(d, "distribution %s %s has viewerProtocolPolicy %s; expected redirect-to-https or https-only",
                                d.name(), b.getKey(), policy);
                    }
                }
                if (Values.string(d, "defaultRootObject").isEmpty()) {
                    out.add(d, "distribution %s has no defaultRootObject; expected e.g. index.html", d.name());
                }
            }
        }
    }

    static final class CustomDomainTls extends Rule {
        static final String MIN_PROTOCOL = "TLSv1.2_2021";

        CustomDomainTls() {
            super("SEC-CF-03", MANDATORY, BOTH,
                    "cloudfront Distribution",
                    "with a custom domain: ACM certificate, sni-only, minimum protocol TLSv1.2_2021",
                    "FSBP CloudFront.7/.8/.15",
                    "With aliases, set viewerCertificate.acmCertificateArn (us-east-1), sslSupportMethod sni-only and minimumProtocolVersion TLSv1.2_2021.",
                    List.of(Types.DISTRIBUTION));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource d : plan.ofType(Types.DISTRIBUTION)) {
                List<String> aliases = Values.strings(d, "aliases");
                if (aliases.isEmpty() || out.computed(d, "aliases") | out.computed(d, "viewerCertificate")) {
                    continue;
                }
                if (Values.string(d, "viewerCertificate.acmCertificateArn").isEmpty()) {
                    out.add(d, "distribution %s serves %s without viewerCertificate.acmCertificateArn; expected an ACM certificate", d.name(), aliases);
                }
                String method = Values.string(d, "viewerCertificate.sslSupportMethod").orElse("unset");
                if (!"sni-only".equals(method)) {
                    out.add(d, "distribution %s has sslSupportMethod %s; expected sni-only", d.name(), method);
                }
                String min = Values.string(d, "viewerCertificate.minimumProtocolVersion").orElse("unset");
                if (!MIN_PROTOCOL.equals(min)) {
                    out.add(d, "distribution %s has minimumProtocolVersion %s; expected %s", d.name(), min, MIN_PROTOCOL);
                }
            }
        }
    }

    /**
     * Standard logging v2: a delivery source for the distribution's access logs that a delivery
     * sends somewhere. (Legacy logging needs a log bucket with ACLs, which SEC-S3-04 forbids.)
     */
    static boolean deliversAccessLogs(PlanGraph plan, PlannedResource distribution) {
        return plan.ofType(Types.LOG_DELIVERY_SOURCE).stream()
                .filter(source -> "ACCESS_LOGS".equals(Values.string(source, "logType").orElse(""))
                        && plan.refersTo(Values.string(source, "resourceArn").orElse(null), distribution))
                .anyMatch(source -> !plan.referencing(Types.LOG_DELIVERY, "deliverySourceName", source).isEmpty());
    }

    static final class LoggingAndHeaders extends Rule {
        /** AWS's managed "SecurityHeadersPolicy", which sets all four headers. */
        static final String MANAGED_SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03";
        static final List<String> HEADERS = List.of("strictTransportSecurity", "contentTypeOptions", "frameOptions", "referrerPolicy");

        LoggingAndHeaders() {
            super("SEC-CF-04", ADVISORY, PROD,
                    "cloudfront Distribution",
                    "standard logging configured (legacy loggingConfig, or a v2 log delivery of the distribution's ACCESS_LOGS); "
                            + "a response headers policy with HSTS, nosniff, frame-options, referrer-policy",
                    "FSBP CloudFront.5",
                    "Deliver the distribution's access logs to the access-logs bucket (a cloudwatch LogDeliverySource of logType ACCESS_LOGS "
                            + "for it with a LogDelivery, or legacy loggingConfig.bucket, which needs a bucket with ACLs) and attach a "
                            + "ResponseHeadersPolicy with HSTS, content-type-options, frame-options and referrer-policy to every behavior.",
                    List.of(Types.DISTRIBUTION, Types.LOG_DELIVERY_SOURCE, Types.LOG_DELIVERY));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource d : plan.ofType(Types.DISTRIBUTION)) {
                if (out.computed(d, "loggingConfig") | out.computed(d, "defaultCacheBehavior") | out.computed(d, "orderedCacheBehaviors")) {
                    continue;
                }
                if (out.anyComputed(plan, Types.LOG_DELIVERY_SOURCE, "resourceArn", "logType")
                        | out.anyComputed(plan, Types.LOG_DELIVERY, "deliverySourceName")) {
                    continue;
                }
                if (Values.string(d, "loggingConfig.bucket").isEmpty() && !deliversAccessLogs(plan, d)) {
                    out.add(d, "distribution %s has no loggingConfig.bucket and no log delivery of its ACCESS_LOGS; expected standard logging",
                            d.name());
                }
                for (var b : behaviors(d)) {
                    Optional<String> policyId = Values.string(b.getValue(), "responseHeadersPolicyId");
                    if (policyId.isEmpty()) {
                        out.add(d, "distribution %s %s has no responseHeadersPolicyId; expected security headers", d.name(), b.getKey());
                        continue;
                    }
                    if (policyId.get().equals(MANAGED_SECURITY_HEADERS)) {
                        continue;
                    }
                    Optional<PlannedResource> policy = plan.resolve(Types.RESPONSE_HEADERS_POLICY, policyId.get());
                    if (policy.isEmpty()) {
                        out.add(d, "distribution %s %s: responseHeadersPolicyId %s is no ResponseHeadersPolicy of this stack",
                                d.name(), b.getKey(), policyId.get());
                        continue;
                    }
                    if (out.computed(policy.get(), "securityHeadersConfig")) {
                        continue;
                    }
                    List<String> missing = HEADERS.stream()
                            .filter(h -> Values.at(policy.get(), "securityHeadersConfig." + h).isEmpty()).toList();
                    if (!missing.isEmpty()) {
                        out.add(d, "distribution %s %s: response headers policy %s lacks securityHeadersConfig %s",
                                d.name(), b.getKey(), policy.get().name(), missing);
                    }
                }
            }
        }
    }
}
