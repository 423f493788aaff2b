package com.portfolio.infra.config;

import com.portfolio.infra.support.Tags;
import com.pulumi.core.Output;
import java.util.Map;

/**
 * What every component needs to know about where it is deployed: the validated settings and the
 * account, looked up once for the whole program.
 *
 * @param settings  the stack's settings
 * @param accountId the AWS account id of the provider's credentials
 */
public record StackContext(StackSettings settings, Output<String> accountId) {

    public String region() {
        return settings.region();
    }

    /** The ARN partition of the region: {@code aws}, {@code aws-us-gov} or {@code aws-cn}. */
    public String partition() {
        if (region().startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return region().startsWith("cn-") ? "aws-cn" : "aws";
    }

    public Map<String, String> tags(String component) {
        return Tags.of(settings.project(), settings.stack(), component);
    }

    /** A physical name unique to this project and stack, e.g. {@code portfolio-dev-projects}. */
    public String physicalName(String role) {
        return settings.namePrefix() + "-" + role;
    }
}
