package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiSettingsTest {

    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

    private static Map<String, RawValue> raw(Map<String, String> keys) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain("us-east-1"));
        keys.forEach((key, value) -> raw.put(key, RawValue.plain(value)));
        return raw;
    }

    private static ApiSettings parse(String stack, Map<String, String> keys) {
        return StackSettingsParser.parse("portfolio", stack, new RawConfig(raw(keys)), Path.of(".")).api();
    }

    private static List<String> problems(Map<String, String> keys) {
        return assertThrows(SettingsException.class, () -> parse("dev", keys)).problems();
    }

    @Test
    void defaultsAreNoCorsNoDomainAndAThrottle() {
        ApiSettings api = parse("dev", Map.of());
        assertNull(api.corsAllowedOrigin());
        assertNull(api.domainName());
        assertEquals(50, api.throttlingRateLimit());
        assertEquals(100, api.throttlingBurstLimit());
        assertNull(api.reservedConcurrency());
        assertEquals(180, api.contactMessageRetentionDays());
        assertEquals(5, parse("prod", Map.of("portfolio:natGateways", "per-az")).reservedConcurrency());
    }

    @Test
    void everyKeyIsRead() {
        ApiSettings api = parse("dev", Map.of("portfolio:apiCorsOrigin", "https://www.example.com:8443",
                "portfolio:apiDomainName", "api.example.com", "portfolio:apiCertificateArn", CERTIFICATE,
                "portfolio:apiThrottleRateLimit", "10", "portfolio:apiThrottleBurstLimit", "20",
                "portfolio:apiReservedConcurrency", "3", "portfolio:contactMessageRetentionDays", "30"));
        assertEquals(new ApiSettings("https://www.example.com:8443", "api.example.com", CERTIFICATE, 10, 20, 3, 30), api);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            portfolio:apiCorsOrigin        | http://www.example.com     | portfolio:apiCorsOrigin: got "http://www.example.com" (not https); expected an https origin
            portfolio:apiCorsOrigin        | https://example.com/app    | portfolio:apiCorsOrigin: got "https://example.com/app" (not an origin: only scheme, host and an optional port); expected
            portfolio:apiCorsOrigin        | *                          | portfolio:apiCorsOrigin: got "*" (not https)
            portfolio:apiDomainName        | API.example.com            | portfolio:apiDomainName: got "API.example.com" (not a lowercase domain name)
            portfolio:apiThrottleRateLimit | 0                          | portfolio:apiThrottleRateLimit: got "0"; expected a whole number from 1 to 10000 (default 50)
            portfolio:apiThrottleBurstLimit| many                       | portfolio:apiThrottleBurstLimit: got "many"; expected a whole number from 1 to 5000 (default 100)
            portfolio:apiReservedConcurrency | 0                        | portfolio:apiReservedConcurrency: got "0"; expected a whole number from 1 to 1000
            portfolio:contactMessageRetentionDays | 0                   | portfolio:contactMessageRetentionDays: got "0"; expected a whole number from 1 to 3650 (default 180)
            """)
    void aBadValueIsRefusedWithTheKeyTheValueAndWhatIsExpected(String key, String value, String expected) {
        List<String> problems = problems(Map.of(key, value));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith(expected), problems.get(0) + "\n expected: " + expected);
    }

    @Test
    void aDomainNeedsItsCertificateInTheStacksRegionAndTheOtherWayRound() {
        assertEquals(List.of("portfolio:apiCertificateArn: missing while portfolio:apiDomainName is \"api.example.com\"; "
                + "expected the ARN of the ACM certificate for api.example.com in the stack's region"),
                problems(Map.of("portfolio:apiDomainName", "api.example.com")));
        assertEquals(List.of("portfolio:apiDomainName: missing while portfolio:apiCertificateArn is set; expected the domain "
                + "name the certificate is for, or portfolio:apiCertificateArn unset"),
                problems(Map.of("portfolio:apiCertificateArn", CERTIFICATE)));
        String elsewhere = CERTIFICATE.replace("us-east-1", "eu-west-1");
        List<String> problems = problems(Map.of("portfolio:apiDomainName", "api.example.com",
                "portfolio:apiCertificateArn", elsewhere));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("portfolio:apiCertificateArn: got \"" + elsewhere + "\" (in eu-west-1, but a regional API's custom domain "
                + "needs a certificate in the stack's region us-east-1); expected the ARN of an ACM certificate in the "
                + "stack's region, e.g. arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
                problems.get(0));
    }
}
