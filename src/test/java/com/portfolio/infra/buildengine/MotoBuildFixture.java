package com.portfolio.infra.buildengine;

import com.portfolio.infra.testsupport.MotoServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.s3.S3Client;

/** Bucket and CodeBuild project in moto, and CodeBuild's part played by hand (moto runs nothing). */
final class MotoBuildFixture {

    static final String BUCKET = "portfolio-artifacts";
    static final String PROJECT = "ml-packages-build";

    private MotoBuildFixture() {
    }

    static void createBucketAndProject(S3Client s3, CodeBuildClient codeBuild) {
        s3.createBucket(b -> b.bucket(BUCKET)
                .createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION.id())));
        // moto's StartBuild needs a project whose source has a location.
        codeBuild.createProject(b -> b.name(PROJECT)
                .source(s -> s.type(SourceType.S3).location(BUCKET + "/placeholder.zip"))
                .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
                .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image("aws/codebuild/standard:7.0")
                        .computeType(ComputeType.BUILD_GENERAL1_SMALL))
                .serviceRole("arn:aws:iam::123456789012:role/ml-packages-build"));
    }

    /** What the buildspec's last step does after a successful build. */
    static void writeMarkerAsCodeBuildWould(S3Client s3, BuildKey key, String buildId) {
        s3.putObject(b -> b.bucket(BUCKET).key(key.outputKey("layer.zip")), RequestBody.fromString("built"));
        BuildMarker marker = new BuildMarker(key.packageName(), key.fingerprint(), buildId,
                "2026-01-01T00:00:00Z", java.util.Map.of("layer", key.outputKey("layer.zip")));
        s3.putObject(b -> b.bucket(BUCKET).key(key.markerKey()).contentType("application/json"),
                RequestBody.fromString(marker.toJson()));
    }
}
