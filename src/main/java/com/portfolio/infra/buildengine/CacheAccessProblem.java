package com.portfolio.infra.buildengine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Tells the errors a preview may work around (the build cache cannot be read with the caller's
 * credentials, or does not exist yet) from every other error, which must fail the preview: a
 * preview that silently reports "fingerprints only" after a bug would hide it.
 */
final class CacheAccessProblem {

    /** S3 error codes that mean "these credentials may not read this". */
    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired");

    private CacheAccessProblem() {
    }

    /**
     * @return why the cache in {@code bucket} cannot be read, when {@code error} (or one of its
     *     causes) is an access problem; empty for any other error
     */
    static Optional<String> describe(Throwable error, String bucket) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof NoSuchBucketException) {
                return Optional.of("bucket s3://" + bucket + " does not exist yet (a first deploy creates it)");
            }
            if (e instanceof AwsServiceException aws) {
                String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
                if ("NoSuchBucket".equals(code)) {
                    return Optional.of("bucket s3://" + bucket + " does not exist yet (a first deploy creates it)");
                }
                if (aws.statusCode() == 403 || code != null && DENIED.contains(code)) {
                    return Optional.of("access denied reading s3://" + bucket + " (HTTP " + aws.statusCode()
                            + (code == null ? "" : " " + code) + "): the credentials may not read the artifact bucket");
                }
                return Optional.empty();
            }
            if (e instanceof SdkClientException client && isMissingCredentials(client)) {
                return Optional.of("no AWS credentials (" + client.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean isMissingCredentials(SdkClientException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unable to load credentials") || message.contains("unable to load aws credentials")
                || message.contains("profile file contained no credentials")
                || message.contains("credentials") && message.contains("not found");
    }
}
