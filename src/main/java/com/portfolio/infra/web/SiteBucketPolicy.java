package com.portfolio.infra.web;

import com.portfolio.infra.support.Policies;

/**
 * The site bucket's policy: TLS only, and reads by CloudFront on behalf of this stack's
 * distribution alone (the Origin Access Control signs its requests; {@code AWS:SourceArn} stops
 * any other distribution, in any account, from reading through it).
 *
 * <p>{@code s3:ListBucket} is granted so that S3 answers a missing key with 404: without it S3
 * answers 403, to hide which keys exist, and a missing asset would look like an access error.
 * See https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions).
 */
public final class SiteBucketPolicy {

    private SiteBucketPolicy() {
    }

    public static String document(String bucketArn, String distributionArn) {
        return Policies.tlsOnlyBucket(bucketArn)
                .allow("CloudFrontReadsObjects").servicePrincipal("cloudfront.amazonaws.com")
                .actions("s3:GetObject").resources(bucketArn + "/*")
                .condition("StringEquals", "AWS:SourceArn", distributionArn)
                .and()
                .allow("CloudFrontListsKeysForRealNotFound").servicePrincipal("cloudfront.amazonaws.com")
                .actions("s3:ListBucket").resources(bucketArn)
                .condition("StringEquals", "AWS:SourceArn", distributionArn)
                .toJson();
    }
}
