package com.portfolio.infra.support;

/** Policy documents that several components need, kept in one place and tested directly. */
public final class Policies {

    /** AWS's managed policy that lets Session Manager reach an instance: no SSH, no open port. */
    public static final String SESSION_MANAGER_CORE = "AmazonSSMManagedInstanceCore";

    private Policies() {
    }

    /** The ARN of one of AWS's managed policies, e.g. {@link #SESSION_MANAGER_CORE}. */
    public static String awsManagedPolicyArn(String partition, String name) {
        return "arn:" + partition + ":iam::aws:policy/" + name;
    }

    /** A role trust policy for one AWS service, limited to this account (confused-deputy guard). */
    public static String assumeRoleBy(String service, String accountId) {
        return PolicyDocumentBuilder.create()
                .allow("TrustService").servicePrincipal(service).actions("sts:AssumeRole")
                .condition("StringEquals", "aws:SourceAccount", accountId)
                .toJson();
    }

    /**
     * The trust policy of an instance role. No aws:SourceAccount condition: EC2 does not send the
     * source keys when it fetches an instance profile's credentials, so the condition would leave
     * the instance without credentials (rule SEC-IAM-03 refuses it).
     */
    public static String assumeRoleByEc2() {
        return PolicyDocumentBuilder.create()
                .allow("TrustEc2").servicePrincipal("ec2.amazonaws.com").actions("sts:AssumeRole")
                .toJson();
    }

    /**
     * A bucket policy that refuses every request not made over TLS; callers may add the bucket's
     * own grants (e.g. CloudFront's read access) to the returned document.
     */
    public static PolicyDocumentBuilder tlsOnlyBucket(String bucketArn) {
        return PolicyDocumentBuilder.create()
                .deny("DenyInsecureTransport").anyPrincipal().actions("s3:*")
                .resources(bucketArn, bucketArn + "/*")
                .condition("Bool", "aws:SecureTransport", "false")
                .and();
    }
}
