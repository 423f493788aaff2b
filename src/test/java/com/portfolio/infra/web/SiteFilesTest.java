package com.portfolio.infra.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content types, caching and upload order of the files of a build, without the engine. */
class SiteFilesTest {

    @Test
    void contentTypesByExtensionWithCharsetForText() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("index.html", "text/html; charset=utf-8"),
                Map.entry("assets/index-B1x2y3z4.js", "text/javascript; charset=utf-8"),
                Map.entry("assets/chunk-Ab12Cd34.mjs", "text/javascript; charset=utf-8"),
                Map.entry("assets/index-C5d6e7f8.css", "text/css; charset=utf-8"),
                Map.entry("assets/index-B1x2y3z4.js.map", "application/json; charset=utf-8"),
                Map.entry("site.webmanifest", "application/manifest+json; charset=utf-8"),
                Map.entry("favicon.svg", "image/svg+xml"),
                Map.entry("favicon.ico", "image/x-icon"),
                Map.entry("images/Portrait.JPG", "image/jpeg"),
                Map.entry("assets/inter-D9e8f7g6.woff2", "font/woff2"),
                Map.entry("cv.pdf", "application/pdf"),
                Map.entry("LICENSE", ContentTypes.UNKNOWN),
                Map.entry(".well-known/security", ContentTypes.UNKNOWN),
                Map.entry("data.unknownext", ContentTypes.UNKNOWN));
        expected.forEach((key, type) -> assertEquals(type, ContentTypes.of(key), key));
    }

    @Test
    void onlyFilesUnderAssetsAreImmutable() {
        assertEquals(SiteFiles.Kind.HASHED_ASSET, SiteFiles.kindOf("assets/index-B1x2y3z4.js"));
        assertEquals(SiteFiles.Kind.ENTRY, SiteFiles.kindOf("index.html"));
        assertEquals(SiteFiles.Kind.OTHER, SiteFiles.kindOf("projects/index.html"));
        assertEquals(SiteFiles.Kind.OTHER, SiteFiles.kindOf("favicon.svg"));
        assertEquals(SiteFiles.Kind.OTHER, SiteFiles.kindOf("images/assets/logo.png"), "assets/ only at the root");
        assertEquals("public, max-age=31536000, immutable", SiteFiles.cacheControlOf(SiteFiles.Kind.HASHED_ASSET));
        assertEquals("no-cache", SiteFiles.cacheControlOf(SiteFiles.Kind.OTHER));
        assertEquals("no-cache", SiteFiles.cacheControlOf(SiteFiles.Kind.ENTRY));
    }

    @Test
    void theFixtureListsHashedAssetsThenOtherFilesThenIndexHtml() {
        List<String> keys = SiteFiles.list(S3WebsiteTest.FIXTURE.resolve("website/dist")).stream()
                .map(SiteFiles.SiteFile::key).toList();
        assertEquals(List.of("assets/index-B1x2y3z4.js", "assets/index-C5d6e7f8.css", "assets/inter-D9e8f7g6.woff2",
                "favicon.svg", "robots.txt", "site.webmanifest", "index.html"), keys);
        SiteFiles.SiteFile robots = SiteFiles.list(S3WebsiteTest.FIXTURE.resolve("website/dist")).stream()
                .filter(f -> f.key().equals("robots.txt")).findFirst().orElseThrow();
        // md5sum of the file: S3's ETag of its single-part upload.
        assertEquals("5e0bd1c281a62a380d7a948085bfe2d1", robots.md5());
    }

    @Test
    void aSecurityPolicyOfSelfWithTheApiOnlyWhenItIsElsewhere() {
        String api = "https://abc123.execute-api.us-east-1.amazonaws.com";
        assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
                ContentSecurityPolicy.of(List.of(), null));
        assertTrue(ContentSecurityPolicy.of(List.of("https://example.com"), api).contains("connect-src 'self' " + api + ";"));
        assertTrue(ContentSecurityPolicy.of(List.of("https://example.com"), "https://example.com").contains("connect-src 'self';"));
    }

    @Test
    void theApiEndpointBecomesAnOriginOrAClearError() {
        assertEquals(new ApiOrigin("abc123.execute-api.us-east-1.amazonaws.com", ""),
                ApiOrigin.parse("https://abc123.execute-api.us-east-1.amazonaws.com"));
        assertEquals(new ApiOrigin("abc123.execute-api.us-east-1.amazonaws.com", "/prod"),
                ApiOrigin.parse("https://abc123.execute-api.us-east-1.amazonaws.com/prod/"));
        var error = assertThrows(IllegalArgumentException.class, () -> ApiOrigin.parse("http://api.example.com"));
        assertEquals("the API endpoint \"http://api.example.com\" is not an https URL with a host; expected an https URL "
                + "such as https://abc123.execute-api.us-east-1.amazonaws.com", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiOrigin.parse("https://api.example.com:8443"));
    }
}
