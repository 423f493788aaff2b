package com.portfolio.infra.packaging;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.storage.AccessLogBucket;
import com.portfolio.infra.storage.PrivateBucket;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.Map;

/**
 * The stack's build cache: source zips, build outputs (the layer zip) and {@code built.json}
 * markers under {@code builds/<component>/<package>/<fingerprint>/}. Private, encrypted with the
 * stack key, versioned so an overwritten artifact can be recovered for a while.
 */
public final class ArtifactBucket extends ComponentResource {

    public static final String TYPE = "portfolio:build:ArtifactBucket";

    /** Old artifact versions go after 30 days; stalled uploads after 1. */
    public static final PrivateBucket.Lifecycle LIFECYCLE = new PrivateBucket.Lifecycle(0, 30, 1, 0);

    /**
     * @param context where the stack is deployed
     * @param keyArn  the stack key
     * @param logs    receives the bucket's access logs
     */
    public record Args(StackContext context, Output<String> keyArn, AccessLogBucket logs) {
    }

    public final Output<String> bucketName;
    public final Output<String> bucketArn;

    public ArtifactBucket(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var bucket = PrivateBucket.create(this, name, args.context().tags("build-artifacts"),
                PrivateBucket.Options.of("build-artifacts").encryptedWith(args.keyArn()).versionedWith(LIFECYCLE)
                        .loggingTo(args.logs().bucketName));
        this.bucketName = bucket.bucket.bucket();
        this.bucketArn = bucket.bucket.arn();
        registerOutputs(Map.of("bucketName", bucketName));
    }
}
