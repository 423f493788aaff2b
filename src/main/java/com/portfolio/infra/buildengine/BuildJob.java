package com.portfolio.infra.buildengine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One component's packages to bring up to date, as its Pulumi component asks for them.
 *
 * @param component      the component the packages belong to
 * @param packages       the package folders
 * @param inputs         how they are built (mixed into each fingerprint)
 * @param force          rebuild even what is up to date
 * @param artifactBucket the stack's artifact bucket (the build cache)
 * @param projectName    the CodeBuild project that builds them
 * @param timeout        the longest one build may take before it is stopped
 * @param extraEnv       further environment variables for every build
 */
public record BuildJob(Component component, List<PackageSource> packages, ExtraInputs inputs, boolean force,
                       String artifactBucket, String projectName, Duration timeout, Map<String, String> extraEnv) {

    public BuildJob {
        packages = List.copyOf(packages);
        extraEnv = Map.copyOf(extraEnv);
    }
}
