package com.portfolio.infra.storage;

import com.portfolio.infra.support.Policies;
import com.portfolio.infra.support.Tags;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketLoggingV2;
import com.pulumi.aws.s3.BucketLoggingV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleTransitionArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A private S3 bucket with everything a bucket of this program must have: all public access
 * blocked, object ownership enforced (no ACLs), default encryption, a TLS-only policy, and
 * optionally versioning with a lifecycle. Not a component of its own: the resources are children
 * of the component that owns the bucket ({@code RawBucket}, the artifact store, the website).
 */
public final class PrivateBucket {

    /**
     * When objects move to Infrequent Access and when old versions and stalled uploads go.
     *
     * @param infrequentAccessAfterDays  move current objects to STANDARD_IA after this; 0 = never
     * @param noncurrentExpiryDays       delete a version this long after it was replaced
     * @param abortMultipartAfterDays    abort an unfinished multipart upload after this
     * @param expireAfterDays            delete current objects after this; 0 = keep them
     */
    public record Lifecycle(int infrequentAccessAfterDays, int noncurrentExpiryDays, int abortMultipartAfterDays,
                            int expireAfterDays) {
    }

    /**
     * @param purpose   the bucket's role, carried as the {@code purpose} tag: raw-data, build-artifacts, ...
     * @param kmsKeyArn the key for default encryption, or null for S3-managed keys
     * @param versioned keep every version of every object
     * @param lifecycle the lifecycle rules, or null for none
     * @param policy    the bucket policy given the bucket's ARN; @default TLS-only
     * @param protect   protect the bucket from deletion (prod's stateful data)
     * @param logBucket the bucket that receives this bucket's server access logs, or null
     * @param policyLater the owner attaches the policy with {@link #attachPolicy} (it needs a
     *                  resource that needs the bucket first, such as a CloudFront distribution)
     */
    public record Options(String purpose, Output<String> kmsKeyArn, boolean versioned, Lifecycle lifecycle,
                          Function<Output<String>, Output<String>> policy, boolean protect, Output<String> logBucket,
                          boolean policyLater) {

        public static Options of(String purpose) {
            return new Options(purpose, null, false, null, null, false, null, false);
        }

        /** The owner attaches the bucket policy itself, with {@link PrivateBucket#attachPolicy}. */
        public Options withPolicyAttachedLater() {
            return new Options(purpose, kmsKeyArn, versioned, lifecycle, policy, protect, logBucket, true);
        }

        public Options encryptedWith(Output<String> key) {
            return new Options(purpose, key, versioned, lifecycle, policy, protect, logBucket, policyLater);
        }

        public Options versionedWith(Lifecycle rules) {
            return new Options(purpose, kmsKeyArn, true, rules, policy, protect, logBucket, policyLater);
        }

        /** Lifecycle rules without versioning (e.g. logs, which are never overwritten). */
        public Options expiringWith(Lifecycle rules) {
            return new Options(purpose, kmsKeyArn, versioned, rules, policy, protect, logBucket, policyLater);
        }

        public Options withPolicy(Function<Output<String>, Output<String>> bucketPolicy) {
            return new Options(purpose, kmsKeyArn, versioned, lifecycle, bucketPolicy, protect, logBucket, policyLater);
        }

        public Options protectedIf(boolean condition) {
            return new Options(purpose, kmsKeyArn, versioned, lifecycle, policy, condition, logBucket, policyLater);
        }

        public Options loggingTo(Output<String> targetBucket) {
            return new Options(purpose, kmsKeyArn, versioned, lifecycle, policy, protect, targetBucket, policyLater);
        }
    }

    public final BucketV2 bucket;
    private final BucketPublicAccessBlock publicAccessBlock;

    private PrivateBucket(BucketV2 bucket, BucketPublicAccessBlock publicAccessBlock) {
        this.bucket = bucket;
        this.publicAccessBlock = publicAccessBlock;
    }

    /**
     * Attaches the bucket policy of a bucket created {@link Options#withPolicyAttachedLater()}; the
     * document must keep the TLS-only statement ({@code Policies.tlsOnlyBucket}).
     */
    public BucketPolicy attachPolicy(ComponentResource owner, String name, Output<String> document) {
        // S3 refuses a policy while the public access block is being set up; order them.
        return new BucketPolicy(name, BucketPolicyArgs.builder()
                .bucket(bucket.id())
                .policy(document)
                .build(), CustomResourceOptions.builder().parent(owner).dependsOn(publicAccessBlock).build());
    }

    public static PrivateBucket create(ComponentResource owner, String name, Map<String, String> tags, Options options) {
        var child = CustomResourceOptions.builder().parent(owner).build();
        var bucket = new BucketV2(name, BucketV2Args.builder()
                .tags(Tags.with(tags, "purpose", options.purpose()))
                .build(), CustomResourceOptions.builder().parent(owner)
                .protect(options.protect()).retainOnDelete(options.protect()).build());

        var publicAccessBlock = new BucketPublicAccessBlock(name, BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
                .build(), child);
        new BucketOwnershipControls(name, BucketOwnershipControlsArgs.builder()
                .bucket(bucket.id())
                .rule(BucketOwnershipControlsRuleArgs.builder().objectOwnership("BucketOwnerEnforced").build())
                .build(), child);
        var byDefault = BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder();
        if (options.kmsKeyArn() != null) {
            byDefault.sseAlgorithm("aws:kms").kmsMasterKeyId(options.kmsKeyArn());
        } else {
            byDefault.sseAlgorithm("AES256");
        }
        new BucketServerSideEncryptionConfigurationV2(name, BucketServerSideEncryptionConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                        .applyServerSideEncryptionByDefault(byDefault.build())
                        // A bucket key cuts KMS requests (and their cost) by orders of magnitude.
                        .bucketKeyEnabled(options.kmsKeyArn() != null)
                        .build())
                .build(), child);

        BucketVersioningV2 versioning = null;
        if (options.versioned()) {
            versioning = new BucketVersioningV2(name, BucketVersioningV2Args.builder()
                    .bucket(bucket.id())
                    .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder()
                            .status("Enabled").build())
                    .build(), child);
        }
        if (options.lifecycle() != null) {
            var lifecycleOptions = CustomResourceOptions.builder().parent(owner);
            if (versioning != null) {
                lifecycleOptions.dependsOn(versioning); // noncurrent rules need versioning first
            }
            new BucketLifecycleConfigurationV2(name, BucketLifecycleConfigurationV2Args.builder()
                    .bucket(bucket.id())
                    .rules(lifecycleRules(options.lifecycle()))
                    .build(), lifecycleOptions.build());
        }

        if (options.logBucket() != null) {
            new BucketLoggingV2(name, BucketLoggingV2Args.builder()
                    .bucket(bucket.id())
                    .targetBucket(options.logBucket())
                    .targetPrefix(name + "/")
                    .build(), child);
        }

        var created = new PrivateBucket(bucket, publicAccessBlock);
        if (!options.policyLater()) {
            created.attachPolicy(owner, name, options.policy() != null ? options.policy().apply(bucket.arn())
                    : bucket.arn().applyValue(arn -> Policies.tlsOnlyBucket(arn).toJson()));
        }
        return created;
    }

    private static List<BucketLifecycleConfigurationV2RuleArgs> lifecycleRules(Lifecycle lifecycle) {
        var everything = BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build();
        var rules = new ArrayList<BucketLifecycleConfigurationV2RuleArgs>();
        rules.add(BucketLifecycleConfigurationV2RuleArgs.builder()
                .id("expire-old-versions-and-stalled-uploads")
                .status("Enabled")
                .filter(everything)
                .noncurrentVersionExpiration(BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                        .noncurrentDays(lifecycle.noncurrentExpiryDays()).build())
                .abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                        .daysAfterInitiation(lifecycle.abortMultipartAfterDays()).build())
                .build());
        if (lifecycle.expireAfterDays() > 0) {
            rules.add(BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("expire-objects")
                    .status("Enabled")
                    .filter(everything)
                    .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                            .days(lifecycle.expireAfterDays()).build())
                    .build());
        }
        if (lifecycle.infrequentAccessAfterDays() > 0) {
            rules.add(BucketLifecycleConfigurationV2RuleArgs.builder()
                    .id("move-to-infrequent-access")
                    .status("Enabled")
                    .filter(everything)
                    .transitions(BucketLifecycleConfigurationV2RuleTransitionArgs.builder()
                            .days(lifecycle.infrequentAccessAfterDays()).storageClass("STANDARD_IA").build())
                    .build());
        }
        return rules;
    }
}
