package com.portfolio.infra.config;

import java.util.List;

/**
 * Settings of the {@code lambda-layer:} namespace: how the shared Lambda layer is built and shared.
 *
 * @param forceRebuild        rebuild the Lambda layer on each update; @default false
 * @param buildImage          CodeBuild image, matching the layer's Python runtime;
 *                            @default aws/codebuild/amazonlinux-x86_64-standard:5.0
 * @param buildTimeoutMinutes how long the layer's build may take; @default 20
 * @param sharedWith          AWS account ids (12 digits) or organization ids ({@code o-...})
 *                            that may use the layer; @default none (private)
 */
public record LambdaLayerSettings(boolean forceRebuild, String buildImage, int buildTimeoutMinutes,
                                  List<String> sharedWith) {
    public LambdaLayerSettings {
        sharedWith = List.copyOf(sharedWith);
    }
}
