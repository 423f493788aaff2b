package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.policy.ParsedPolicy.Wildcards;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure readings behind the rules: negated statement elements, wildcard ARNs, glob coverage, CIDR unions. */
class PolicyReadingTest {
    private static ParsedPolicy.Statement statement(String json) {
        return ParsedPolicy.parse("{\"Statement\":" + json + "}").statements().get(0);
    }

    // --- Negated elements ---

    @Test
    void notPrincipalReachesEveryoneButIsNotTheStarPrincipal() {
        var s = statement("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::1:root\"]},\"Action\":\"s3:GetObject\"}");
        assertTrue(s.isPublicPrincipal());
        assertFalse(s.namesEveryPrincipal());
        assertEquals("NotPrincipal {AWS=[arn:aws:iam::1:root]}", s.principalText());
        assertEquals("Principal *", statement("{\"Principal\":\"*\"}").principalText());
        assertEquals("Principal {Service=[x]}", statement("{\"Principal\":{\"Service\":\"x\"}}").principalText());
    }

    @Test
    void notActionCoversEverythingButWhatItNames() {
        var s = statement("{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"kms:Decrypt\"]}");
        assertTrue(s.coversAction("s3:GetObject"));
        assertFalse(s.coversAction("iam:PassRole"));
        assertFalse(s.coversAction("KMS:decrypt"));
        assertTrue(s.coversEveryAction());
        assertTrue(s.coversWholeService("sqs"));
        assertEquals("NotAction [iam:*, kms:Decrypt]", s.actionText());
    }

    @Test
    void serviceCoverageNeedsEveryActionOfTheService() {
        assertTrue(statement("{\"Action\":\"SQS:*\"}").coversWholeService("sqs"));
        assertTrue(statement("{\"Action\":\"sq*\"}").coversWholeService("sqs"));
        assertFalse(statement("{\"Action\":\"sqs:Send*\"}").coversWholeService("sqs"));
        assertFalse(statement("{\"Action\":\"s3:*\"}").coversWholeService("sqs"));
        assertFalse(statement("{\"Action\":\"sqs:?\"}").coversWholeService("sqs"));
        assertTrue(statement("{\"Action\":[\"sqs:SendMessage\",\"*\"]}").coversEveryAction());
        assertEquals("[sqs:SendMessage]", statement("{\"Action\":\"sqs:SendMessage\"}").actionText());
    }

    @Test
    void notResourceAndWildcardArnsAreEveryResource() {
        Set<String> stack = Set.of("arn:aws:s3:::site");
        assertTrue(statement("{\"NotResource\":\"arn:aws:s3:::site\"}").allResources(stack));
        assertTrue(statement("{\"Resource\":[\"arn:aws:s3:::site\",\"*\"]}").allResources(stack));
        assertFalse(statement("{\"Resource\":[\"arn:aws:s3:::site\",\"arn:aws:s3:::site/*\"]}").allResources(stack));
        assertEquals("NotResource [x]", statement("{\"NotResource\":\"x\"}").resourceText());
        assertEquals("Resource [x]", statement("{\"Resource\":\"x\"}").resourceText());
    }

    @Test
    void conditionsCountEveryKeyUnderEveryOperator() {
        var s = statement("{\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\",\"aws:ViaAWSService\":\"false\"},\"StringEquals\":{\"a\":\"b\"}}}");
        assertEquals(3, s.conditionCount());
        assertEquals(0, statement("{}").conditionCount());
    }

    // --- Which wildcard ARNs reach beyond the stack ---

    @ParameterizedTest(name = "{0} reaches beyond the stack")
    @ValueSource(strings = {"*", "arn:aws:kms:*", "a*", "arn:*:s3:::site", "arn:aws:*:us-east-1:123456789012:key/x",
            "arn:aws:logs:*:123456789012:log-group:x", "arn:aws:logs:us-east-?:123456789012:log-group:x",
            "arn:aws:iam::*:role/x", "arn:aws:iam::12345678901?:role/x", "arn:aws:iam::123456789012:*",
            "arn:aws:iam::123456789012:ro*le/x", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/?x",
            "arn:aws:logs:us-east-1:123456789012:log-group:*", "arn:aws:s3:::*", "arn:aws:s3:::*/*", "arn:aws:sqs:us-east-1:123456789012:*",
            "arn:aws:sns:us-east-1:123456789012:?opic", "arn:aws:iam::123456789012:*/x", "arn:aws:execute-api:us-east-1:123456789012:*", "arn:aws:kms:us-east-1:123456789012:key*"})
    void wildcardsBeforeTheNameReachBeyondTheStack(String pattern) {
        assertTrue(ArnPatterns.reachesBeyondStack(pattern, Set.of("arn:aws:s3:::site")));
    }

    @ParameterizedTest(name = "{0} stays within the stack")
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/portfolio-dev-*", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*",
            "arn:aws:s3:::portfolio-dev-raw/*", "arn:aws:s3:::p*", "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*",
            "arn:aws:dynamodb:us-east-1:123456789012:table/jobs/index/*", "arn:aws:kms:us-east-1:123456789012:key/abc",
            "arn:aws:s3:us-east-1:123456789012:site/*", "arn:aws:iam::123456789012:/x*", "arn:aws:s3:us-east-1:123456789012:site:*", "arn:aws:iam::123456789012:root"})
    void wildcardsAfterTheNameOrInsideAStackResourceStayWithin(String pattern) {
        assertFalse(ArnPatterns.reachesBeyondStack(pattern, Set.of("arn:aws:s3:us-east-1:123456789012:site")));
    }

    @Test
    void aStackArnCoversWhatItHoldsOnlyAfterASeparator() {
        Set<String> stack = Set.of("arn:aws:logs:us-east-1:123456789012:flow");
        assertFalse(ArnPatterns.reachesBeyondStack("arn:aws:logs:us-east-1:123456789012:flow:*", stack));
        assertTrue(ArnPatterns.reachesBeyondStack("arn:aws:logs:us-east-1:123456789012:flow*", stack));
        assertTrue(ArnPatterns.reachesBeyondStack("arn:aws:logs:us-east-1:123456789012:flow-*", stack));
    }

    // --- Glob coverage ---

    @Test
    void aPatternCoversEveryValueWithAPrefixOnlyWhenItEndsOpen() {
        assertTrue(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::b/*", "arn:aws:s3:::b/", true));
        assertTrue(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::b*", "arn:aws:s3:::b/", true));
        assertTrue(Wildcards.coversEveryValueStartingWith("*", "arn:aws:s3:::b/", true));
        assertTrue(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::?/*", "arn:aws:s3:::b/", true));
        assertTrue(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::b/**", "arn:aws:s3:::b/", true));
        assertFalse(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::b/logs/*", "arn:aws:s3:::b/", true));
        assertFalse(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::b/?", "arn:aws:s3:::b/", true));
        assertFalse(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::B/*", "arn:aws:s3:::b/", true));
        assertTrue(Wildcards.coversEveryValueStartingWith("S3:*", "s3:", false));
        assertFalse(Wildcards.coversEveryValueStartingWith("arn:aws:s3:::c/*", "arn:aws:s3:::b/", true));
    }

    @Test
    void arnsMatchCaseSensitivelyActionsDoNot() {
        assertTrue(Wildcards.matches("arn:aws:s3:::b", "arn:aws:s3:::b", true));
        assertFalse(Wildcards.matches("arn:aws:s3:::B", "arn:aws:s3:::b", true));
        assertTrue(Wildcards.matches("S3:GETOBJECT", "s3:GetObject", false));
        assertTrue(Wildcards.matches("a*", "a\nb", true));
    }

    // --- CIDR unions ---

    @Test
    void blocksParseToTheirRange() {
        var block = AddressRanges.Block.parse("10.1.2.3/16");
        assertEquals(new BigInteger("167837696"), block.first()); // 10.1.0.0: host bits are masked
        assertEquals(new BigInteger("167903231"), block.last());
        assertFalse(block.ipv6());
        var v6 = AddressRanges.Block.parse("2001:db8::/32");
        assertTrue(v6.ipv6());
        assertEquals(BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE), v6.last().subtract(v6.first()));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.256/8", "10.0.0/8", "example.com/8", "::/129", "2001:db8::zz/32", "10.0.0.0/x"})
    void badBlocksAreRefusedWithTheValue(String cidr) {
        var e = assertThrows(IllegalArgumentException.class, () -> AddressRanges.Block.parse(cidr));
        assertTrue(e.getMessage().startsWith("\"" + cidr + "\" is not a CIDR block"), e.getMessage());
    }

    private static boolean wide(String... cidrs) {
        return AddressRanges.wide(List.of(cidrs).stream().map(AddressRanges.Block::parse).toList());
    }

    @Test
    void theWholeInternetInPiecesIsWide() {
        assertTrue(wide("0.0.0.0/0"));
        assertTrue(wide("0.0.0.0/1", "128.0.0.0/1"));
        assertTrue(wide("::/0"));
        assertTrue(wide("::/1", "8000::/1"));
    }

    @Test
    void theBoundaryIsOneSlash8OrOneSlash32() {
        assertTrue(wide("8.0.0.0/7"));
        assertFalse(wide("8.0.0.0/8"));
        assertTrue(wide("8.0.0.0/8", "9.0.0.0/32"));
        assertTrue(wide("0.0.0.0/8", "9.0.0.0/32")); // ::1 is not public, but it is no IPv4 address either
        assertFalse(wide("8.0.0.0/9", "8.128.0.0/9"));
        assertFalse(wide("8.0.0.0/8", "8.1.0.0/16"));
        assertTrue(wide("2001:db8::/31"));
        assertFalse(wide("2001:db8::/32"));
        assertTrue(wide("2001:db8::/32", "2001:db9::/128"));
        assertFalse(wide("8.0.0.0/8", "2001:db8::/32"));
        assertFalse(wide());
    }

    @ParameterizedTest(name = "{0} is not public")
    @ValueSource(strings = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"})
    void privateIpv4RangesDoNotCount(String range) {
        assertFalse(wide("8.0.0.0/8", range));
    }

    @ParameterizedTest(name = "{0} is not public")
    @ValueSource(strings = {"fc00::/8", "fd00::/8", "fe80::/10", "::1/128"})
    void privateIpv6RangesDoNotCount(String range) {
        assertFalse(wide("2001:db8::/32", range));
    }

    @Test
    void aShortPrefixIsWideOnItsOwnUnlessItIsPrivate() {
        assertTrue(wide("11.0.0.0/7"));
        assertFalse(wide("fc00::/7"));
        assertTrue(wide("fc00::/6"));
    }

    @Test
    void overlappingAndAdjacentBlocksAreCountedOnce() {
        assertEquals(BigInteger.ONE.shiftLeft(24), AddressRanges.publicSize(List.of(
                AddressRanges.Block.parse("8.0.0.0/8"), AddressRanges.Block.parse("8.0.0.0/9"), AddressRanges.Block.parse("8.128.0.0/9"))));
        assertEquals(2, AddressRanges.union(List.of(AddressRanges.Block.parse("8.0.0.0/9"), AddressRanges.Block.parse("9.0.0.0/9"))).size());
        assertEquals(1, AddressRanges.union(List.of(AddressRanges.Block.parse("8.128.0.0/9"), AddressRanges.Block.parse("8.0.0.0/9"))).size());
    }
}
