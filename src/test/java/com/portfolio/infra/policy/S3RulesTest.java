package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3RulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void bucketWithoutPublicAccessBlockViolatesS301() {
        plan.without("raw-pab");
        assertViolation(plan, "SEC-S3-01", "raw", "has 0 BucketPublicAccessBlock", "expected exactly 1");
    }

    @Test
    void twoPublicAccessBlocksViolateS301() {
        plan.add(Types.BUCKET_PUBLIC_ACCESS_BLOCK, "raw-pab-2").set("bucket", plan.get("raw").id());
        assertViolation(plan, "SEC-S3-01", "raw", "has 2 BucketPublicAccessBlock");
    }

    @Test
    void aFalseFlagViolatesS301() {
        plan.get("site-pab").set("restrictPublicBuckets", false);
        assertViolation(plan, "SEC-S3-01", "site", "restrictPublicBuckets", "restrictPublicBuckets=false");
    }

    @Test
    void missingTlsDenyViolatesS302() {
        plan.get("artifacts-policy").set("policy", """
                {"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
                 "Condition":{"Bool":{"aws:SecureTransport":"true"}}}}""");
        assertViolation(plan, "SEC-S3-02", "artifacts", "Denies s3:*", "aws:SecureTransport is false");
    }

    @Test
    void tlsDenyMayUseArrayFormsAndObjectPrincipal() {
        plan.get("artifacts-policy").set("policy", """
                {"Statement":[{"Effect":"Deny","Principal":{"AWS":["*"]},"Action":["s3:GetObject","s3:*"],"Resource":["*"],
                 "Condition":{"Bool":{"aws:securetransport":[false]}}}]}""");
        assertNoViolation(plan, "SEC-S3-02");
    }

    @Test
    void aPolicyThatIsNotJsonIsReported() {
        plan.get("raw-policy").set("policy", "{\"Statement\": [");
        assertViolation(plan, "SEC-S3-03", "raw-policy", "not a policy document", "not valid JSON");
    }

    @Test
    void publicReadViolatesS303() {
        plan.get("site-policy").set("policy", """
                {"Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}""");
        assertViolation(plan, "SEC-S3-03", "site-policy", "PublicRead", "Principal *");
    }

    @Test
    void cloudFrontGrantForAnotherDistributionViolatesS303() {
        plan.get("site-policy").set("policy", CompliantPlan.siteBucketPolicy("site", "arn:aws:cloudfront::999999999999:distribution/OTHER"));
        assertViolation(plan, "SEC-S3-03", "site-policy", "distribution/OTHER", plan.get("cdn").arn());
    }

    @Test
    void cloudFrontGrantWithoutSourceArnViolatesS303() {
        plan.get("site-policy").set("policy", """
                {"Statement":{"Effect":"Allow","Principal":{"Service":["cloudfront.amazonaws.com"]},"Action":"s3:GetObject","Resource":"*"}}""");
        assertViolation(plan, "SEC-S3-03", "site-policy", "without an AWS:SourceArn condition");
    }

    @Test
    void objectWriterOwnershipViolatesS304() {
        plan.get("raw-ownership").set("rule.objectOwnership", "ObjectWriter");
        assertViolation(plan, "SEC-S3-04", "raw", "[ObjectWriter]", "BucketOwnerEnforced");
    }

    @Test
    void aBucketAclViolatesS304() {
        plan.add(Types.BUCKET_ACL, "raw-acl").set("bucket", plan.get("raw").id()).set("acl", "public-read");
        assertViolation(plan, "SEC-S3-04", "raw-acl", "acl public-read");
    }

    @Test
    void missingEncryptionViolatesS305() {
        plan.without("logs-sse");
        assertViolation(plan, "SEC-S3-05", "logs", "no BucketServerSideEncryptionConfigurationV2");
    }

    @Test
    void missingAccessLoggingViolatesS306AsAdvisory() {
        plan.without("raw-logging");
        Violation v = assertViolation(plan, "SEC-S3-06", "raw", "no BucketLoggingV2");
        assertEquals(Severity.ADVISORY, v.severity());
    }

    @Test
    void loggingToItselfViolatesS306() {
        plan.get("raw-logging").set("targetBucket", "raw");
        assertViolation(plan, "SEC-S3-06", "raw", "targetBucket raw", "separate log bucket");
    }

    @Test
    void unversionedRawBucketViolatesRelS307() {
        plan.get("raw-versioning").set("versioningConfiguration.status", "Suspended");
        assertViolation(plan, "REL-S3-07", "raw", "[Suspended]", "Enabled");
    }

    @Test
    void lifecycleWithoutMultipartAbortViolatesRelS307() {
        plan.get("artifacts-lifecycle").set("rules", List.of(
                Map.of("id", "noncurrent", "status", "Enabled", "noncurrentVersionExpiration", Map.of("noncurrentDays", 30.0)),
                Map.of("id", "multipart", "status", "Disabled", "abortIncompleteMultipartUpload", Map.of("daysAfterInitiation", 7.0))));
        assertViolation(plan, "REL-S3-07", "artifacts", "abortIncompleteMultipartUpload");
    }

    @Test
    void websiteBucketNeedsNoVersioning() {
        plan.without("raw-versioning").without("raw-lifecycle").get("raw").tag("purpose", "website");
        assertNoViolation(plan, "REL-S3-07");
    }
}
