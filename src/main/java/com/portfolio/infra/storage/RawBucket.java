package com.portfolio.infra.storage;

import com.portfolio.infra.config.StackContext;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.Map;

/**
 * The private raw-data bucket that training data is staged in: versioned, encrypted with the
 * stack key, TLS only; data moves to Infrequent Access after 30 days, replaced versions go after
 * 90 days, stalled multipart uploads after 7. Protected in prod.
 */
public final class RawBucket extends ComponentResource {

    public static final String TYPE = "portfolio:storage:RawBucket";

    /** The raw bucket's lifecycle. */
    public static final PrivateBucket.Lifecycle LIFECYCLE = new PrivateBucket.Lifecycle(30, 90, 7, 0);

    /**
     * @param context where the stack is deployed
     * @param keyArn  the stack key
     * @param logs    receives the bucket's access logs
     */
    public record Args(StackContext context, Output<String> keyArn, AccessLogBucket logs) {
    }

    public final Output<String> bucketName;
    public final Output<String> bucketArn;

    public RawBucket(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var bucket = PrivateBucket.create(this, name, context.tags("raw-bucket"),
                PrivateBucket.Options.of("raw-data")
                        .encryptedWith(args.keyArn())
                        .versionedWith(LIFECYCLE)
                        .protectedIf(context.settings().isProduction())
                        .loggingTo(args.logs().bucketName));
        this.bucketName = bucket.bucket.bucket();
        this.bucketArn = bucket.bucket.arn();
        registerOutputs(Map.of("bucketName", bucketName));
    }
}
