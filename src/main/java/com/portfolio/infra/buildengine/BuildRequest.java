package com.portfolio.infra.buildengine;

import java.util.Map;
import java.util.TreeMap;

/**
 * One CodeBuild run for one package.
 *
 * @param key            package and fingerprint being built
 * @param sourceLocation {@code <bucket>/<key of source.zip>}, from {@link BuildCache#uploadSource}
 * @param artifactBucket bucket the build writes its outputs and marker to
 * @param extraEnv       further environment variables for the build; may not redefine the four
 *                       the runner sets (PACKAGE_NAME, FINGERPRINT, ARTIFACT_BUCKET, ARTIFACT_PREFIX)
 */
public record BuildRequest(BuildKey key, String sourceLocation, String artifactBucket, Map<String, String> extraEnv) {

    public BuildRequest {
        extraEnv = Map.copyOf(new TreeMap<>(extraEnv));
        for (String reserved : CodeBuildRunner.RESERVED_ENV) {
            if (extraEnv.containsKey(reserved)) {
                throw new IllegalArgumentException("Extra build environment sets " + reserved + "='"
                        + extraEnv.get(reserved) + "'; that variable is set by the build engine, use another name");
            }
        }
    }
}
