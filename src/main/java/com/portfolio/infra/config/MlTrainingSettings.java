package com.portfolio.infra.config;

import java.util.List;
import java.util.Optional;

/**
 * Settings of the {@code ml-training:} namespace: how the ML packages are built onto EFS.
 *
 * @param forceRebuild        rebuild every ML package on each update; @default false
 * @param buildImage          CodeBuild image with the CUDA toolkit and Python;
 *                            @default the AWS Deep Learning Container (PyTorch training, GPU, EC2)
 *                            for {@code torchVersion} and {@code cudaVersion} in the stack's region,
 *                            e.g. 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2
 * @param computeType         CodeBuild compute type; @default BUILD_GENERAL1_LARGE
 * @param gpuBuild            build on a GPU host so GPU tests run in the build; @default false
 * @param buildTimeoutMinutes how long one package's build may take; @default 90
 * @param versionsKept        installed versions kept per package on EFS; @default 3
 * @param packages            packages to build; @default every folder of ml-packages/ with a
 *                            pyproject.toml
 * @param cudaVersion         CUDA version the packages are built for (mixed into fingerprints);
 *                            @default 12.4
 * @param torchVersion        PyTorch version the packages are built against; @default 2.5.1
 * @param buildImageCredentials ARN of a Secrets Manager secret with the user name and password
 *                            CodeBuild pulls {@code buildImage} with, for a registry other than
 *                            ECR; @default null - anonymous pulls
 */
public record MlTrainingSettings(boolean forceRebuild, String buildImage, String computeType, boolean gpuBuild,
                                 int buildTimeoutMinutes, int versionsKept, List<String> packages,
                                 String cudaVersion, String torchVersion, String buildImageCredentials) {
    public MlTrainingSettings {
        packages = List.copyOf(packages);
    }

    /**
     * What to tell the user about the build image in a stack in {@code region}: pulling from
     * Docker Hub without credentials is anonymous, so rate-limited (builds then fail with
     * {@code toomanyrequests}), and crosses the internet for every build.
     */
    public Optional<String> buildImageWarning(String region) {
        if (ImageRegistry.of(buildImage) != ImageRegistry.DOCKER_HUB || buildImageCredentials != null) {
            return Optional.empty();
        }
        String instead = DeepLearningContainers.image(region, new DeepLearningContainers.Versions(torchVersion, cudaVersion))
                .map(image -> "Use the AWS Deep Learning Container of this region instead (" + image
                        + ", the default when the key is not set)")
                .orElse("Use an image in ECR in this region instead");
        return Optional.of("ml-training:buildImage \"" + buildImage + "\" is pulled from Docker Hub anonymously: Docker Hub "
                + "rate-limits anonymous pulls (builds then fail with \"toomanyrequests\") and every build pulls the "
                + "whole image over the internet. " + instead + ", or set ml-training:buildImageCredentials to a "
                + "Secrets Manager secret holding Docker Hub credentials.");
    }
}
