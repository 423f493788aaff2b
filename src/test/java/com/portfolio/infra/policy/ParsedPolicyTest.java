package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedPolicyTest {

    @Test
    void statementObjectAndStringValuesReadLikeArrays() {
        var single = ParsedPolicy.parse("""
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""");
        var arrays = ParsedPolicy.parse("""
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}""");

        assertEquals(single.statements().get(0).actions(), arrays.statements().get(0).actions());
        assertEquals(single.statements().get(0).resources(), arrays.statements().get(0).resources());
        assertTrue(single.statements().get(0).isPublicPrincipal());
        assertTrue(arrays.statements().get(0).isPublicPrincipal());
    }

    @Test
    void servicePrincipalsAreNotPublic() {
        var doc = ParsedPolicy.parse("""
                {"Statement":[{"Effect":"Allow","Principal":{"Service":["events.amazonaws.com","cloudwatch.amazonaws.com"]},"Action":"kms:GenerateDataKey*"}]}""");
        var s = doc.statements().get(0);

        assertFalse(s.isPublicPrincipal());
        assertEquals(List.of("events.amazonaws.com", "cloudwatch.amazonaws.com"), s.services());
        assertTrue(s.coversAction("kms:GenerateDataKey"));
        assertFalse(s.coversAction("kms:Decrypt"));
    }

    @Test
    void conditionKeysAreCaseInsensitiveAndValuesMayBeLists() {
        var s = ParsedPolicy.parse("""
                {"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*",
                 "Condition":{"Bool":{"AWS:SECURETRANSPORT":["false"]},"StringEquals":{"aws:SourceArn":"arn:x"}}}}""").statements().get(0);

        assertEquals(List.of("false"), s.conditionValues("aws:SecureTransport", List.of("Bool")));
        assertEquals(List.of(), s.conditionValues("aws:SecureTransport", List.of("StringEquals")));
    }

    @Test
    void wildcardsFollowIamMatching() {
        assertTrue(ParsedPolicy.Wildcards.matches("iam:Pass*", "iam:PassRole"));
        assertTrue(ParsedPolicy.Wildcards.matches("IAM:passrole", "iam:PassRole"));
        assertTrue(ParsedPolicy.Wildcards.matches("kms:?ecrypt", "kms:Decrypt"));
        assertFalse(ParsedPolicy.Wildcards.matches("kms:Encrypt", "kms:Decrypt"));
        assertEquals("s3", ParsedPolicy.Wildcards.wholeService("S3:*").orElseThrow());
        assertTrue(ParsedPolicy.Wildcards.wholeService("s3:Get*").isEmpty());
    }

    @Test
    void invalidJsonIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> ParsedPolicy.parse("{\"Statement\": ["));
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParsedPolicy.parse("[1]"));
    }
}
