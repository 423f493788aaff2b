package com.portfolio.infra.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the portfolio website is served: the {@code portfolio:website*} keys.
 *
 * @param priceClass      CloudFront's price class, which edge locations serve the site;
 *                        @default PriceClass_100 (North America and Europe, the cheapest)
 * @param domains         custom domain names of the site, the first one the certificate's name;
 *                        @default none (the site answers on its cloudfront.net name only)
 * @param hostedZone      the public Route 53 zone that holds every domain (DNS validation of the
 *                        certificate and the alias records); required with domains, @default none
 * @param assetGraceDays  how long a hashed asset that a deploy no longer references stays
 *                        servable, so an open tab of the previous version still loads its chunks;
 *                        @default 30
 */
public record WebsiteSettings(String priceClass, List<String> domains, String hostedZone, int assetGraceDays) {

    public static final List<String> PRICE_CLASSES = List.of("PriceClass_100", "PriceClass_200", "PriceClass_All");
    public static final String DEFAULT_PRICE_CLASS = "PriceClass_100";
    public static final int DEFAULT_ASSET_GRACE_DAYS = 30;
    static final String PRICE_CLASS_KEY = "portfolio:websitePriceClass";
    static final String DOMAINS_KEY = "portfolio:websiteDomains";
    static final String ZONE_KEY = "portfolio:websiteHostedZone";
    static final String GRACE_KEY = "portfolio:websiteAssetGraceDays";

    /** A DNS name as ACM and Route 53 take it: lowercase labels, no trailing dot, no wildcard. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    public WebsiteSettings {
        domains = List.copyOf(domains);
    }

    /** The defaults: no custom domain. */
    public static WebsiteSettings defaults() {
        return new WebsiteSettings(DEFAULT_PRICE_CLASS, List.of(), null, DEFAULT_ASSET_GRACE_DAYS);
    }

    public boolean hasCustomDomain() {
        return !domains.isEmpty();
    }

    static WebsiteSettings read(ConfigReader reader) {
        String priceClass = reader.oneOf(PRICE_CLASS_KEY, DEFAULT_PRICE_CLASS, identity(), DEFAULT_PRICE_CLASS);
        List<String> domains = reader.stringList(DOMAINS_KEY, List.of(), WebsiteSettings::checkDnsName,
                "lowercase DNS names such as www.example.com, the first one the certificate's name (default: none)");
        String zone = reader.string(ZONE_KEY, null, WebsiteSettings::checkDnsName,
                "the name of a public Route 53 hosted zone such as example.com");
        int grace = reader.integer(GRACE_KEY, DEFAULT_ASSET_GRACE_DAYS, 1, 365);
        boolean domainsValid = !reader.hasProblemFor(DOMAINS_KEY);
        boolean zoneValid = !reader.hasProblemFor(ZONE_KEY);
        if (domainsValid && zoneValid) {
            if (!domains.isEmpty() && zone == null) {
                reader.problem(ZONE_KEY + ": missing while " + DOMAINS_KEY + " is " + domains
                        + "; expected the public Route 53 zone that holds them (the certificate is validated and the "
                        + "aliases are created there)");
            } else if (domains.isEmpty() && zone != null) {
                reader.problem(ZONE_KEY + ": got \"" + zone + "\" without " + DOMAINS_KEY
                        + "; expected it only together with the domains it holds");
            } else if (zone != null) {
                for (String domain : domains) {
                    if (!domain.equals(zone) && !domain.endsWith("." + zone)) {
                        reader.problem(DOMAINS_KEY + ": element \"" + domain + "\" is not in the zone " + ZONE_KEY
                                + " \"" + zone + "\"; expected " + zone + " or a name ending in ." + zone);
                    }
                }
            }
        }
        if (reader.hasProblemFor(DOMAINS_KEY) || reader.hasProblemFor(ZONE_KEY)) {
            return new WebsiteSettings(priceClass, List.of(), null, grace);
        }
        return new WebsiteSettings(priceClass, domains, zone, grace);
    }

    private static Optional<String> checkDnsName(String text) {
        if (text.endsWith(".")) {
            return Optional.of("ends with a dot");
        }
        if (text.startsWith("*.")) {
            return Optional.of("is a wildcard");
        }
        return DNS_NAME.matcher(text).matches() ? Optional.empty() : Optional.of("is not a lowercase DNS name");
    }

    private static java.util.Map<String, String> identity() {
        var map = new java.util.LinkedHashMap<String, String>();
        PRICE_CLASSES.forEach(word -> map.put(word, word));
        return map;
    }
}
