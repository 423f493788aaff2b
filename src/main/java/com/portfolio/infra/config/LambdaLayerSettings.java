package com.portfolio.infra.config;

/**
 * Settings of the {@code lambda-layer:} namespace.
 *
 * @param forceRebuild rebuild the Lambda layer on each update; @default false
 */
public record LambdaLayerSettings(boolean forceRebuild) {
}
