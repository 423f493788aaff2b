package com.portfolio.infra.config;

import java.util.List;

/**
 * Settings of the {@code ml-training:} namespace: how the ML packages are built onto EFS.
 *
 * @param forceRebuild        rebuild every ML package on each update; @default false
 * @param buildImage          CodeBuild image with the CUDA toolkit;
 *                            @default pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel
 * @param computeType         CodeBuild compute type; @default BUILD_GENERAL1_LARGE
 * @param gpuBuild            build on a GPU host so GPU tests run in the build; @default false
 * @param buildTimeoutMinutes how long one package's build may take; @default 90
 * @param versionsKept        installed versions kept per package on EFS; @default 3
 * @param packages            packages to build; @default every folder of ml-packages/ with a
 *                            pyproject.toml
 * @param cudaVersion         CUDA version the packages are built for (mixed into fingerprints);
 *                            @default 12.4
 * @param torchVersion        PyTorch version the packages are built against; @default 2.5.1
 */
public record MlTrainingSettings(boolean forceRebuild, String buildImage, String computeType, boolean gpuBuild,
                                 int buildTimeoutMinutes, int versionsKept, List<String> packages,
                                 String cudaVersion, String torchVersion) {
    public MlTrainingSettings {
        packages = List.copyOf(packages);
    }
}
