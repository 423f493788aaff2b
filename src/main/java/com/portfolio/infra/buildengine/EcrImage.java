package com.portfolio.infra.buildengine;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A build image in a private ECR repository, which CodeBuild pulls with the project's role
 * (public images it pulls with its own credentials).
 * See https://docs.aws.amazon.com/codebuild/latest/userguide/sample-ecr.html
 *
 * @param account    the registry's account
 * @param region     the registry's region
 * @param repository the repository name, e.g. {@code ml/cuda}
 */
public record EcrImage(String account, String region, String repository) {

    private static final Pattern ECR = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+?)(?::[A-Za-z0-9._-]+)?(?:@sha256:[0-9a-f]{64})?");

    /** The ECR repository of an image reference, or empty for any other registry. */
    public static Optional<EcrImage> of(String image) {
        var matcher = ECR.matcher(image);
        return matcher.matches()
                ? Optional.of(new EcrImage(matcher.group(1), matcher.group(2), matcher.group(3)))
                : Optional.empty();
    }

    public String repositoryArn(String partition) {
        return "arn:" + partition + ":ecr:" + region + ":" + account + ":repository/" + repository;
    }
}
