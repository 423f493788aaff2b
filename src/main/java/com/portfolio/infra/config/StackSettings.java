package com.portfolio.infra.config;

/**
 * Everything the program reads from a stack's configuration, validated and typed. Built once in
 * {@code Main} and handed to the components, which never read config themselves.
 *
 * @param project          the Pulumi project name
 * @param stack            the stack name
 * @param environment      {@code portfolio:environment}; @default production for stacks named
 *                         {@code prod} or {@code production}, else development
 * @param region           {@code aws:region}; required
 * @param awsProfile       {@code aws:profile}, the credentials profile the AWS provider uses, or
 *                         null for the default credential chain; the builds use the same
 * @param network          the VPC layout
 * @param logRetentionDays retention of every log group; @default 30
 * @param mlTraining       the {@code ml-training:} settings
 * @param lambdaLayer      the {@code lambda-layer:} settings
 * @param api              the HTTP API's settings
 * @param training         the {@code training:} settings
 * @param fleet            the spot GPU training fleet's settings (also {@code training:})
 * @param cost             the monthly budget, its alert address and the usage the estimate assumes
 * @param website          the {@code portfolio:website*} settings; @default no custom domain
 */
public record StackSettings(String project, String stack, Environment environment, String region, String awsProfile, NetworkSettings network,
                            int logRetentionDays, MlTrainingSettings mlTraining,
                            LambdaLayerSettings lambdaLayer,
                            ApiSettings api,
                            TrainingSettings training,
                            FleetSettings fleet,
                            CostSettings cost,
                            WebsiteSettings website) {

    /** Whether the stack is production: stateful resources protected, backups on, prod-only rules mandatory. */
    public boolean isProduction() {
        return environment.isProduction();
    }

    /** The prefix of physical names, e.g. {@code portfolio-dev}. */
    public String namePrefix() {
        return project + "-" + stack;
    }
}
