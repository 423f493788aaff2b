package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    @Test
    void statementObjectAndStringValuesReadLikeArrays() {
        var single = PolicyDocument.parse("""
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""");
        var arrays = PolicyDocument.parse("""
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}""");

        assertEquals(single.statements().get(0).actions(), arrays.statements().get(0).actions());
        assertEquals(single.statements().get(0).resources(), arrays.statements().get(0).resources());
        assertTrue(single.statements().get(0).isPublicPrincipal());
        assertTrue(arrays.statements().get(0).isPublicPrincipal());
    }

    @Test
    void servicePrincipalsAreNotPublic() {
        var doc = PolicyDocument.parse("""
                {"Statement":[{"Effect":"Allow","Principal":{"Service":["events.amazonaws.com","cloudwatch.amazonaws.com"]},"Action":"kms:GenerateDataKey*"}]}""");
        var s = doc.statements().get(0);

        assertFalse(s.isPublicPrincipal());
        assertEquals(List.of("events.amazonaws.com", "cloudwatch.amazonaws.com"), s.services());
        assertTrue(s.coversAction("kms:GenerateDataKey"));
        assertFalse(s.coversAction("kms:Decrypt"));
    }

    @Test
    void conditionKeysAreCaseInsensitiveAndValuesMayBeLists() {
        var s = PolicyDocument.parse("""
                {"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*",
                 "Condition":{"Bool":{"AWS:SECURETRANSPORT":["false"]},"StringEquals":{"aws:SourceArn":"arn:x"}}}}""").statements().get(0);

        assertEquals(List.of("false"), s.conditionValues("aws:SecureTransport", List.of("Bool")));
        assertEquals(List.of(), s.conditionValues("aws:SecureTransport", List.of("StringEquals")));
    }

    @Test
    void wildcardsFollowIamMatching() {
        assertTrue(PolicyDocument.Wildcards.matches("iam:Pass*", "iam:PassRole"));
        assertTrue(PolicyDocument.Wildcards.matches("IAM:passrole", "iam:PassRole"));
        assertTrue(PolicyDocument.Wildcards.matches("kms:?ecrypt", "kms:Decrypt"));
        assertFalse(PolicyDocument.Wildcards.matches("kms:Encrypt", "kms:Decrypt"));
        assertEquals("s3", PolicyDocument.Wildcards.wholeService("S3:*").orElseThrow());
        assertTrue(PolicyDocument.Wildcards.wholeService("s3:Get*").isEmpty());
    }

    @Test
    void invalidJsonIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> PolicyDocument.parse("{\"Statement\": ["));
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyDocument.parse("[1]"));
    }
}
