package com.portfolio.infra.config;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where CodeBuild pulls a build image reference from, which decides the credentials it pulls
 * with: its own for its curated images and public registries, the project's role for ECR, and a
 * Secrets Manager secret, when one is configured, for any other registry.
 */
public enum ImageRegistry {
    /** CodeBuild's own images, {@code aws/codebuild/...}. */
    CODEBUILD_CURATED,
    /** A private ECR registry, {@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]/...}. */
    ECR,
    /** Docker Hub: a name without a registry host, or one of Docker Hub's own hosts. */
    DOCKER_HUB,
    /** Any other registry, e.g. {@code public.ecr.aws}, {@code ghcr.io}, {@code nvcr.io}. */
    OTHER;

    private static final Pattern ECR_HOST = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    public static ImageRegistry of(String image) {
        if (image.startsWith("aws/codebuild/")) {
            return CODEBUILD_CURATED;
        }
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        // As Docker reads a reference: the first part names a registry only if it looks like a host.
        boolean hasHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (!hasHost || DOCKER_HUB_HOSTS.contains(first)) {
            return DOCKER_HUB;
        }
        return ECR_HOST.matcher(first).matches() ? ECR : OTHER;
    }
}
