package com.portfolio.infra.config;

/**
 * Settings of the {@code ml-training:} namespace.
 *
 * @param forceRebuild rebuild every ML package on each update; @default false
 */
public record MlTrainingSettings(boolean forceRebuild) {
}
