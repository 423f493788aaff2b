package com.portfolio.infra.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Marks the hashed assets that a deploy no longer uploads, so the bucket's lifecycle can expire
 * them after the grace period while every current asset stays, however old.
 *
 * <p>Why this way: a lifecycle rule counts days from an object's creation and can only select
 * objects by prefix, tags and size, never "not in the current build". An age rule alone on
 * {@code assets/} would delete a current chunk that has not changed for the grace period; a
 * rule on a tag alone would delete a chunk retired today at once if it was created long ago. So
 * at the end of each update, after {@code index.html} no longer references them, each newly
 * retired asset is copied onto itself with the tag {@value #TAG}={@value #RETIRED}: the copy
 * restarts its age, and the rule ({@code assets/} and that tag) expires it {@code graceDays}
 * after its retirement. An asset that a later build brings back is uploaded again without the
 * tag and is current once more. Pulumi does not delete the retired objects itself: they are
 * created with {@code retainOnDelete}.
 */
public final class AssetRetirement {

    public static final String TAG = "site-asset";
    public static final String RETIRED = "retired";

    private AssetRetirement() {
    }

    /** The keys under {@code assets/} that are neither current nor retired already, sorted. */
    public static List<String> toRetire(Set<String> listed, Set<String> alreadyRetired, Set<String> current) {
        var result = new TreeSet<String>();
        for (String key : listed) {
            if (key.startsWith(SiteFiles.ASSETS_PREFIX) && !current.contains(key) && !alreadyRetired.contains(key)) {
                result.add(key);
            }
        }
        return List.copyOf(result);
    }

    /**
     * Retires, in {@code bucket}, every asset not in {@code current}.
     *
     * @return the keys retired by this call
     */
    public static List<String> run(S3Client s3, String bucket, Set<String> current) {
        var listed = new HashMap<String, S3Object>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(SiteFiles.ASSETS_PREFIX)).contents()
                .forEach(o -> listed.put(o.key(), o));
        var retired = new TreeSet<String>();
        var tagsOf = new HashMap<String, List<Tag>>();
        for (String key : listed.keySet()) {
            if (current.contains(key)) {
                continue;
            }
            List<Tag> tags = s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet();
            tagsOf.put(key, tags);
            if (tags.stream().anyMatch(t -> t.key().equals(TAG) && t.value().equals(RETIRED))) {
                retired.add(key);
            }
        }
        List<String> keys = toRetire(listed.keySet(), retired, current);
        for (String key : keys) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
            var tags = new ArrayList<Tag>(tagsOf.get(key).stream().filter(t -> !t.key().equals(TAG)).toList());
            tags.add(Tag.builder().key(TAG).value(RETIRED).build());
            // Replacing the metadata (with the same values) is what lets S3 copy an object onto itself.
            s3.copyObject(CopyObjectRequest.builder()
                    .sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(head.contentType())
                    .cacheControl(head.cacheControl())
                    .metadata(head.metadata() == null ? Map.of() : head.metadata())
                    .taggingDirective(TaggingDirective.REPLACE)
                    .tagging(Tagging.builder().tagSet(tags).build())
                    .build());
        }
        return keys;
    }
}
