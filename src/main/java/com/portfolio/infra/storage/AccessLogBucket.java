package com.portfolio.infra.storage;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.support.Policies;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.Map;

/**
 * Receives the server access logs of the stack's other buckets (FSBP S3.9). Encrypted with
 * S3-managed keys, because S3 log delivery cannot write to a bucket whose default encryption is
 * a KMS key; only the logging service of this account may write; logs expire after a year.
 * See https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
public final class AccessLogBucket extends ComponentResource {

    public static final String TYPE = "portfolio:storage:AccessLogBucket";
    public static final PrivateBucket.Lifecycle LIFECYCLE = new PrivateBucket.Lifecycle(30, 1, 1, 365);

    /** @param context where the stack is deployed */
    public record Args(StackContext context) {
    }

    /** Where CloudFront's standard logs go in the bucket. */
    public static final String CLOUDFRONT_PREFIX = "cloudfront";

    /** Pass to {@link PrivateBucket.Options#loggingTo}. */
    public final Output<String> bucketName;
    public final Output<String> bucketArn;

    public AccessLogBucket(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var bucket = PrivateBucket.create(this, name, context.tags("access-logs"),
                PrivateBucket.Options.of("access-logs")
                        .expiringWith(LIFECYCLE)
                        .withPolicy(arn -> Output.tuple(arn, context.accountId()).applyValue(t ->
                                Policies.tlsOnlyBucket(t.t1)
                                        .allow("S3ServerAccessLogDelivery").servicePrincipal("logging.s3.amazonaws.com")
                                        .actions("s3:PutObject").resources(t.t1 + "/*")
                                        .condition("StringEquals", "aws:SourceAccount", t.t2)
                                        .and()
                                        // CloudFront's standard logs (v2) come through CloudWatch's log delivery, from us-east-1.
                                        .allow("CloudFrontLogDelivery").servicePrincipal("delivery.logs.amazonaws.com")
                                        .actions("s3:PutObject").resources(t.t1 + "/" + CLOUDFRONT_PREFIX + "/*")
                                        .condition("StringEquals", "aws:SourceAccount", t.t2)
                                        .condition("ArnLike", "aws:SourceArn", "arn:" + context.partition()
                                                + ":logs:us-east-1:" + t.t2 + ":delivery-source:*")
                                        .toJson())));
        this.bucketName = bucket.bucket.bucket();
        this.bucketArn = bucket.bucket.arn();
        registerOutputs(Map.of("bucketName", bucketName));
    }
}
