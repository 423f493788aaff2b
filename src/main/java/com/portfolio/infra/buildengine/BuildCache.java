package com.portfolio.infra.buildengine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The content-addressed build cache in the stack's artifact bucket (layout in {@link BuildKey}).
 * Read-only except for {@link #uploadSource}: markers are written by the build itself, so a build
 * that fails, or never ran, can never look finished.
 */
public final class BuildCache {

    private final S3Client s3;
    private final String bucket;

    public BuildCache(S3Client s3, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("Artifact bucket name is blank; expected the stack's artifact bucket");
        }
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** True when {@code built.json} exists for this exact fingerprint. */
    public boolean isBuilt(BuildKey key) {
        return exists(key.markerKey());
    }

    public Optional<BuildMarker> readMarker(BuildKey key) {
        return read(key.markerKey()).map(json -> BuildMarker.fromJson(json, location(key.markerKey())));
    }

    /** What the package's {@code current} points at, as its last switch recorded; empty if never recorded. */
    public Optional<InstalledRecord> readInstalled(Component component, String packageName) {
        String key = BuildKey.installedRecordKey(component, packageName);
        return read(key).map(json -> InstalledRecord.fromJson(json, location(key)));
    }

    /** True when an object exists at {@code key} (an artifact a marker names). */
    public boolean hasObject(String key) {
        return exists(key);
    }

    /** {@code s3://<bucket>/<key>}, for messages. */
    public String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Uploads the source zip unless it is already there (same fingerprint, same content).
     *
     * @return the location in the form CodeBuild's {@code sourceLocationOverride} wants for S3:
     *     {@code <bucket>/<key>} (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html)
     */
    public String uploadSource(BuildKey key, Path sourceZip) {
        if (!exists(key.sourceZipKey())) {
            s3.putObject(b -> b.bucket(bucket).key(key.sourceZipKey()).contentType("application/zip"),
                    RequestBody.fromFile(sourceZip));
        }
        return sourceLocation(key);
    }

    public String sourceLocation(BuildKey key) {
        return bucket + "/" + key.sourceZipKey();
    }

    /**
     * Fingerprints that have anything stored for the package (source uploaded, built or not): tells a
     * NEW package (none) from a CHANGED one.
     */
    public SortedSet<String> listFingerprints(Component component, String packageName) {
        String prefix = BuildKey.packagePrefix(component, packageName);
        SortedSet<String> fingerprints = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
                .commonPrefixes().stream()
                .map(CommonPrefix::prefix)
                .map(p -> p.substring(prefix.length(), p.length() - 1))
                .forEach(fingerprints::add);
        return fingerprints;
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD has no body, so S3 cannot say NoSuchKey
                return false;
            }
            throw e;
        }
    }
}
