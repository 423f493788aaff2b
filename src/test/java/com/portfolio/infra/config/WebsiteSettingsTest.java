package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The portfolio:website* keys: defaults, a custom domain, and every bad value named with what is expected. */
class WebsiteSettingsTest {

    private static StackSettings parse(String... keyValues) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain("eu-west-1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], RawValue.plain(keyValues[i + 1]));
        }
        return StackSettingsParser.parse("portfolio", "dev", new RawConfig(raw), Path.of("."));
    }

    private static List<String> problems(String... keyValues) {
        return assertThrows(SettingsException.class, () -> parse(keyValues)).problems();
    }

    @Test
    void withoutKeysTheSiteHasNoDomainTheCheapestPriceClassAndAThirtyDayGrace() {
        WebsiteSettings website = parse().website();
        assertEquals(WebsiteSettings.defaults(), website);
        assertEquals("PriceClass_100", website.priceClass());
        assertFalse(website.hasCustomDomain());
        assertEquals(30, website.assetGraceDays());
    }

    @Test
    void aCustomDomainInItsZone() {
        WebsiteSettings website = parse("portfolio:websiteDomains", "[\"example.com\",\"www.example.com\"]",
                "portfolio:websiteHostedZone", "example.com", "portfolio:websitePriceClass", "PriceClass_200",
                "portfolio:websiteAssetGraceDays", "7").website();
        assertEquals(new WebsiteSettings("PriceClass_200", List.of("example.com", "www.example.com"), "example.com", 7), website);
    }

    @Test
    void badValuesAreNamedWithWhatIsExpected() {
        assertEquals(List.of("portfolio:websitePriceClass: got \"PriceClass_50\"; expected one of PriceClass_100, "
                + "PriceClass_200, PriceClass_All (default PriceClass_100)"), problems("portfolio:websitePriceClass", "PriceClass_50"));
        assertEquals(List.of("portfolio:websiteAssetGraceDays: got \"0\"; expected a whole number from 1 to 365 (default 30)"),
                problems("portfolio:websiteAssetGraceDays", "0"));
        assertEquals(List.of("portfolio:websiteDomains: element \"Example.com\" is not a lowercase DNS name; expected lowercase "
                        + "DNS names such as www.example.com, the first one the certificate's name (default: none)"),
                problems("portfolio:websiteDomains", "[\"Example.com\"]", "portfolio:websiteHostedZone", "example.com"));
        assertEquals(List.of("portfolio:websiteDomains: element \"*.example.com\" is a wildcard; expected lowercase DNS names "
                        + "such as www.example.com, the first one the certificate's name (default: none)"),
                problems("portfolio:websiteDomains", "[\"*.example.com\"]", "portfolio:websiteHostedZone", "example.com"));
        assertEquals(List.of("portfolio:websiteHostedZone: got \"example.com.\" (ends with a dot); expected the name of a public "
                        + "Route 53 hosted zone such as example.com"),
                problems("portfolio:websiteDomains", "[\"example.com\"]", "portfolio:websiteHostedZone", "example.com."));
    }

    @Test
    void domainsNeedTheirZoneAndMustLieInIt() {
        assertEquals(List.of("portfolio:websiteHostedZone: missing while portfolio:websiteDomains is [www.example.com]; "
                        + "expected the public Route 53 zone that holds them (the certificate is validated and the aliases "
                        + "are created there)"),
                problems("portfolio:websiteDomains", "[\"www.example.com\"]"));
        assertEquals(List.of("portfolio:websiteHostedZone: got \"example.com\" without portfolio:websiteDomains; expected it "
                + "only together with the domains it holds"), problems("portfolio:websiteHostedZone", "example.com"));
        assertEquals(List.of("portfolio:websiteDomains: element \"www.example.org\" is not in the zone "
                        + "portfolio:websiteHostedZone \"example.com\"; expected example.com or a name ending in .example.com"),
                problems("portfolio:websiteDomains", "[\"www.example.org\", \"notexample.com\"]",
                        "portfolio:websiteHostedZone", "example.com").subList(0, 1));
        assertEquals(2, problems("portfolio:websiteDomains", "[\"www.example.org\", \"notexample.com\"]",
                "portfolio:websiteHostedZone", "example.com").size(), "notexample.com is not in example.com either");
    }
}
