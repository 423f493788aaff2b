package com.portfolio.infra.policy.rules;

import static com.portfolio.infra.policy.Severity.ADVISORY;
import static com.portfolio.infra.policy.Severity.MANDATORY;
import static com.portfolio.infra.policy.Stacks.BOTH;
import static com.portfolio.infra.policy.Stacks.PROD;

import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.Conventions;
import com.portfolio.infra.policy.Findings;
import com.portfolio.infra.policy.ParsedPolicy;
import com.portfolio.infra.policy.ParsedPolicy.Statement;
import com.portfolio.infra.policy.ParsedPolicy.Wildcards;
import com.portfolio.infra.policy.PlanGraph;
import com.portfolio.infra.policy.Rule;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The S3 rules: every bucket's companion resources, found through their {@code bucket} input. */
final class S3Rules {
    private S3Rules() {
    }

    static final List<String> PAB_FLAGS = List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets");

    /** The companion resources of {@code type} whose {@code bucket} input names {@code bucket}. */
    static List<PlannedResource> companions(PlanGraph plan, String type, PlannedResource bucket) {
        return plan.referencing(type, "bucket", bucket);
    }

    /**
     * The bucket policies attached to {@code bucket}: BucketPolicy resources and the inline one;
     * empty (with the check recorded as not evaluated) when one of them is only known after
     * deployment, so that a rule never judges part of the bucket's policy.
     */
    static Optional<List<ParsedPolicy>> policiesOf(PlanGraph plan, PlannedResource bucket, Findings out) {
        List<ParsedPolicy> docs = new ArrayList<>();
        boolean unknown = out.anyComputed(plan, Types.BUCKET_POLICY, "bucket");
        for (PlannedResource p : companions(plan, Types.BUCKET_POLICY, bucket)) {
            unknown |= out.computed(p, "policy");
            JsonInputs.policy(p, "policy", new Findings()).ifPresent(docs::add);
        }
        unknown |= out.computed(bucket, "policy");
        JsonInputs.policy(bucket, "policy", new Findings()).ifPresent(docs::add);
        return unknown ? Optional.empty() : Optional.of(docs);
    }

    /** The ARNs under which policies name {@code bucket}: its own, and {@code arn:<partition>:s3:::<name>}. */
    static Set<String> bucketArns(PlannedResource bucket) {
        Set<String> arns = new java.util.LinkedHashSet<>();
        String partition = "aws";
        if (bucket.arn() != null) {
            arns.add(bucket.arn());
            String[] fields = bucket.arn().split(":", 3);
            partition = fields.length == 3 ? fields[1] : partition;
        }
        for (Object name : List.of(bucket.inputs().getOrDefault("bucket", ""), bucket.state().getOrDefault("bucket", ""))) {
            if (name instanceof String n && !n.isBlank() && !n.equals(PlannedResource.COMPUTED)) {
                arns.add("arn:" + partition + ":s3:::" + n);
            }
        }
        return arns;
    }

    static final class PublicAccessBlock extends Rule {
        PublicAccessBlock() {
            super("SEC-S3-01", MANDATORY, BOTH,
                    "s3 BucketV2",
                    "exactly one BucketPublicAccessBlock with all four flags true",
                    "FSBP S3.8, ckv CKV2_AWS_6",
                    "Give the bucket exactly one BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
                    List.of(Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                List<PlannedResource> blocks = companions(plan, Types.BUCKET_PUBLIC_ACCESS_BLOCK, bucket);
                if (out.anyComputed(plan, Types.BUCKET_PUBLIC_ACCESS_BLOCK, "bucket")) {
                    continue;
                }
                if (blocks.size() != 1) {
                    out.add(bucket, "bucket %s has %d BucketPublicAccessBlock resources; expected exactly 1", bucket.name(), blocks.size());
                    continue;
                }
                PlannedResource block = blocks.get(0);
                if (PAB_FLAGS.stream().anyMatch(f -> out.computed(block, f))) {
                    continue;
                }
                List<String> notTrue = PAB_FLAGS.stream().filter(f -> !Values.isTrue(block, f)).toList();
                if (!notTrue.isEmpty()) {
                    out.add(bucket, "bucket %s: public access block %s has %s not true (found %s); expected all four flags true",
                            bucket.name(), block.name(), String.join(", ", notTrue),
                            notTrue.stream().map(f -> f + "=" + Values.at(block, f).orElse("unset")).toList());
                }
            }
        }
    }

    static final class TlsOnly extends Rule {
        TlsOnly() {
            super("SEC-S3-02", MANDATORY, BOTH,
                    "s3 BucketPolicy",
                    "every bucket has a policy statement that Denies s3:* when aws:SecureTransport is false",
                    "FSBP S3.5",
                    "Add a bucket policy statement: Effect Deny, Principal *, Action s3:*, Resource the bucket and its objects, Condition Bool aws:SecureTransport false (and no other condition).",
                    List.of(Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                Optional<List<ParsedPolicy>> docs = policiesOf(plan, bucket, out);
                if (docs.isEmpty()) {
                    continue;
                }
                List<Statement> denials = docs.get().stream().flatMap(d -> d.statements().stream())
                        .filter(TlsOnly::deniesInsecureTransport).toList();
                if (denials.isEmpty()) {
                    out.add(bucket, "bucket %s has no bucket policy statement that Denies s3:* to every principal when aws:SecureTransport is false "
                            + "(Bool or BoolIfExists, with no other condition)", bucket.name());
                    continue;
                }
                Set<String> arns = bucketArns(bucket);
                boolean coversBucket = denials.stream().flatMap(d -> d.resources().stream())
                        .anyMatch(pattern -> arns.stream().anyMatch(arn -> Wildcards.matches(pattern, arn, true)));
                boolean coversObjects = denials.stream().flatMap(d -> d.resources().stream())
                        .anyMatch(pattern -> arns.stream().anyMatch(arn -> Wildcards.coversEveryValueStartingWith(pattern, arn + "/", true)));
                if (!coversBucket || !coversObjects) {
                    String covered = coversBucket ? "the bucket but not its objects"
                            : coversObjects ? "its objects but not the bucket" : "neither the bucket nor its objects";
                    out.add(bucket, "bucket %s: the TLS-only Deny covers %s (Resource %s); expected the bucket and its objects, e.g. %s and %<s/*",
                            bucket.name(), covered, denials.stream().flatMap(d -> d.resources().stream()).toList(), arns.iterator().next());
                }
            }
        }

        /**
         * Denies every S3 action to every principal, whatever else the request is, whenever it
         * does not use TLS: one condition, {@code Bool} (or {@code BoolIfExists}, which also
         * denies requests without the key) on {@code aws:SecureTransport} false. Any other
         * condition key would make it deny only some insecure requests.
         */
        static boolean deniesInsecureTransport(Statement s) {
            return s.isDeny() && s.namesEveryPrincipal() && !s.hasNotPrincipal() && s.notResources().isEmpty()
                    && s.actions().stream().anyMatch(a -> a.equals("*") || Wildcards.coversEveryValueStartingWith(a, "s3:", false))
                    && s.conditionCount() == 1
                    && s.conditionValues("aws:SecureTransport", List.of("Bool", "BoolIfExists")).stream().anyMatch("false"::equalsIgnoreCase);
        }
    }

    static final class NoPublicGrants extends Rule {
        static final String CLOUDFRONT = "cloudfront.amazonaws.com";
        static final List<String> ARN_OPERATORS = List.of("StringEquals", "ArnEquals", "ArnLike", "StringLike");

        NoPublicGrants() {
            super("SEC-S3-03", MANDATORY, BOTH,
                    "s3 BucketPolicy",
                    "no Allow to * except cloudfront.amazonaws.com conditioned on this stack's distribution ARN (AWS:SourceArn)",
                    "FSBP S3.2/S3.3, ckv CKV_AWS_70",
                    "Remove Allow statements to Principal * or with NotPrincipal; grant CloudFront through Service cloudfront.amazonaws.com with Condition StringEquals AWS:SourceArn = this stack's distribution ARN.",
                    List.of(Types.BUCKET_POLICY, Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            Set<String> distributions = new java.util.HashSet<>();
            plan.ofType(Types.DISTRIBUTION).forEach(d -> Optional.ofNullable(d.arn()).ifPresent(distributions::add));
            for (PlannedResource policy : plan.ofType(Types.BUCKET_POLICY)) {
                if (!out.computed(policy, "policy")) {
                    JsonInputs.policy(policy, "policy", out).ifPresent(doc -> checkDoc(policy, doc, distributions, out));
                }
            }
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                if (!out.computed(bucket, "policy")) {
                    JsonInputs.policy(bucket, "policy", out).ifPresent(doc -> checkDoc(bucket, doc, distributions, out));
                }
            }
        }

        private static void checkDoc(PlannedResource r, ParsedPolicy doc, Set<String> distributions, Findings out) {
            for (Statement s : doc.allows()) {
                String sid = s.sid().isEmpty() ? "" : " " + s.sid();
                if (s.isPublicPrincipal()) {
                    out.add(r, "%s: statement%s Allows %s to %s; expected no public grants", r.name(), sid, s.actionText(), s.principalText());
                }
                if (s.services().contains(CLOUDFRONT)) {
                    List<String> sources = s.conditionValues("AWS:SourceArn", ARN_OPERATORS);
                    if (sources.isEmpty()) {
                        out.add(r, "%s: statement%s Allows cloudfront.amazonaws.com without an AWS:SourceArn condition; expected it limited to this stack's distribution %s",
                                r.name(), sid, distributions);
                    } else if (!distributions.containsAll(sources)) {
                        out.add(r, "%s: statement%s Allows cloudfront.amazonaws.com for AWS:SourceArn %s; expected only this stack's distribution ARN(s) %s",
                                r.name(), sid, sources, distributions);
                    }
                }
            }
        }
    }

    static final class OwnerEnforced extends Rule {
        OwnerEnforced() {
            super("SEC-S3-04", MANDATORY, BOTH,
                    "s3 BucketOwnershipControls",
                    "BucketOwnerEnforced on every bucket; no BucketAclV2",
                    "FSBP S3.12",
                    "Add a BucketOwnershipControls with rule.objectOwnership BucketOwnerEnforced; delete any BucketAclV2 (ACLs are disabled).",
                    List.of(Types.BUCKET, Types.BUCKET_ACL));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                if (out.anyComputed(plan, Types.BUCKET_OWNERSHIP_CONTROLS, "bucket", "rule")) {
                    continue;
                }
                List<String> owners = companions(plan, Types.BUCKET_OWNERSHIP_CONTROLS, bucket).stream()
                        .map(c -> Values.string(c, "rule.objectOwnership").orElse("unset")).toList();
                if (!owners.contains("BucketOwnerEnforced")) {
                    out.add(bucket, "bucket %s: object ownership %s; expected a BucketOwnershipControls with BucketOwnerEnforced",
                            bucket.name(), owners.isEmpty() ? "not configured" : owners);
                }
                Values.string(bucket, "acl").ifPresent(acl ->
                        out.add(bucket, "bucket %s sets acl %s; expected no ACL", bucket.name(), acl));
            }
            for (PlannedResource acl : plan.ofType(Types.BUCKET_ACL)) {
                out.add(acl, "%s is a BucketAclV2 (acl %s); expected no bucket ACL resources",
                        acl.name(), Values.string(acl, "acl").orElse("access control policy"));
            }
        }
    }

    static final class Encrypted extends Rule {
        Encrypted() {
            super("SEC-S3-05", MANDATORY, BOTH,
                    "s3 BucketServerSideEncryptionConfigurationV2",
                    "present on every bucket",
                    "ckv CKV_AWS_19",
                    "Add a BucketServerSideEncryptionConfigurationV2 with a rule applyServerSideEncryptionByDefault.sseAlgorithm (aws:kms or AES256).",
                    List.of(Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                if (out.anyComputed(plan, Types.BUCKET_SSE, "bucket", "rules")) {
                    continue;
                }
                boolean encrypted = companions(plan, Types.BUCKET_SSE, bucket).stream()
                        .flatMap(c -> Values.objects(c, "rules").stream())
                        .anyMatch(rule -> Values.string(rule, "applyServerSideEncryptionByDefault.sseAlgorithm").isPresent());
                if (!encrypted) {
                    out.add(bucket, "bucket %s has no BucketServerSideEncryptionConfigurationV2 with a default sseAlgorithm", bucket.name());
                }
            }
        }
    }

    static final class AccessLogging extends Rule {
        AccessLogging() {
            super("SEC-S3-06", ADVISORY, PROD,
                    "s3 BucketLoggingV2",
                    "server access logging to a separate log bucket",
                    "FSBP S3.9, AG s3-bucket-logging-enabled",
                    "Add a BucketLoggingV2 whose targetBucket is the stack's access-logs bucket (not the bucket itself).",
                    List.of(Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                if (Conventions.knownPurpose(bucket).filter(Conventions.ACCESS_LOGS::equals).isPresent()) {
                    continue; // the log bucket itself cannot log to itself
                }
                List<PlannedResource> logging = companions(plan, Types.BUCKET_LOGGING, bucket);
                if (logging.isEmpty() && !out.anyComputed(plan, Types.BUCKET_LOGGING, "bucket")) {
                    out.add(bucket, "bucket %s has no BucketLoggingV2; expected server access logging to the access-logs bucket", bucket.name());
                }
                for (PlannedResource l : logging) {
                    if (out.computed(l, "targetBucket")) {
                        continue;
                    }
                    Optional<String> target = Values.string(l, "targetBucket");
                    if (target.isEmpty() || plan.refersTo(target.get(), bucket)) {
                        out.add(bucket, "bucket %s: %s logs to targetBucket %s; expected a separate log bucket",
                                bucket.name(), l.name(), target.orElse("unset"));
                    }
                }
            }
        }
    }

    static final class VersionedWithLifecycle extends Rule {
        VersionedWithLifecycle() {
            super("REL-S3-07", MANDATORY, BOTH,
                    "s3 BucketVersioningV2 / BucketLifecycleConfigurationV2",
                    "raw-data and build-artifact buckets versioned; lifecycle with noncurrent-version expiry and abort-incomplete-multipart",
                    "FSBP S3.10/S3.13, ckv CKV_AWS_21",
                    "Add BucketVersioningV2 (status Enabled) and a BucketLifecycleConfigurationV2 with enabled rules for noncurrentVersionExpiration and abortIncompleteMultipartUpload.",
                    List.of(Types.BUCKET));
        }

        @Override
        public void check(PlanGraph plan, Findings out) {
            for (PlannedResource bucket : plan.ofType(Types.BUCKET)) {
                // Website and log buckets need no versions; a missing or unknown purpose gets the strict case.
                Optional<String> known = Conventions.knownPurpose(bucket);
                if (known.filter(p -> p.equals(Conventions.WEBSITE) || p.equals(Conventions.ACCESS_LOGS)).isPresent()) {
                    continue;
                }
                String purpose = known.orElse("unknown-purpose");
                if (out.anyComputed(plan, Types.BUCKET_VERSIONING, "bucket", "versioningConfiguration")
                        | out.anyComputed(plan, Types.BUCKET_LIFECYCLE, "bucket", "rules")) {
                    continue;
                }
                List<String> statuses = companions(plan, Types.BUCKET_VERSIONING, bucket).stream()
                        .map(v -> Values.string(v, "versioningConfiguration.status").orElse("unset")).toList();
                if (!statuses.contains("Enabled")) {
                    out.add(bucket, "%s bucket %s: versioning %s; expected BucketVersioningV2 status Enabled",
                            purpose, bucket.name(), statuses.isEmpty() ? "not configured" : statuses);
                }
                List<Map<String, Object>> rules = companions(plan, Types.BUCKET_LIFECYCLE, bucket).stream()
                        .flatMap(l -> Values.objects(l, "rules").stream())
                        .filter(r -> "Enabled".equals(Values.string(r, "status").orElse("")))
                        .toList();
                if (rules.stream().noneMatch(r -> Values.number(r, "noncurrentVersionExpiration.noncurrentDays").orElse(0.0) > 0)) {
                    out.add(bucket, "%s bucket %s has no enabled lifecycle rule with noncurrentVersionExpiration.noncurrentDays > 0",
                            purpose, bucket.name());
                }
                if (rules.stream().noneMatch(r -> Values.number(r, "abortIncompleteMultipartUpload.daysAfterInitiation").orElse(0.0) > 0)) {
                    out.add(bucket, "%s bucket %s has no enabled lifecycle rule with abortIncompleteMultipartUpload.daysAfterInitiation > 0",
                            purpose, bucket.name());
                }
            }
        }
    }
}
