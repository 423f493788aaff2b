package com.portfolio.infra.config;

/**
 * Everything the program reads from a stack's configuration, validated and typed. Built once in
 * {@code Main} and handed to the components, which never read config themselves.
 *
 * @param project          the Pulumi project name
 * @param stack            the stack name
 * @param region           {@code aws:region}; required
 * @param awsProfile       {@code aws:profile}, the credentials profile the AWS provider uses, or
 *                         null for the default credential chain; the builds use the same
 * @param network          the VPC layout
 * @param logRetentionDays retention of every log group; @default 30
 * @param mlTraining       the {@code ml-training:} settings
 * @param lambdaLayer      the {@code lambda-layer:} settings
 */
public record StackSettings(String project, String stack, String region, String awsProfile, NetworkSettings network,
                            int logRetentionDays, MlTrainingSettings mlTraining,
                            LambdaLayerSettings lambdaLayer) {

    public boolean isProd() {
        return "prod".equals(stack);
    }

    /** The prefix of physical names, e.g. {@code portfolio-dev}. */
    public String namePrefix() {
        return project + "-" + stack;
    }
}
