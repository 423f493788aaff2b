package com.portfolio.infra.buildengine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The engine's builds, with the provider's credentials (the default AWS credential chain). A
 * preview only reads the cache, and falls back to fingerprints alone only when the cache cannot be
 * read (no credentials, access denied, or the bucket does not exist before the first deploy); any
 * other error fails it. An update builds what is missing.
 */
public final class AwsBuildService implements BuildService {

    private final Supplier<S3Client> s3Clients;
    private final Supplier<CodeBuildClient> codeBuildClients;
    private final boolean dryRun;
    private final BuildLog log;
    private final UnaryOperator<RunnerSettings> tuning;

    /**
     * @param region  the stack's region
     * @param profile the credentials profile the AWS provider uses ({@code aws:profile}), or null
     *                for the default credential chain
     * @param dryRun  true under {@code pulumi preview}: nothing is uploaded or built
     * @param log     where progress goes (Pulumi's log)
     */
    public AwsBuildService(String region, String profile, boolean dryRun, BuildLog log) {
        this(() -> S3Client.builder().region(Region.of(region)).credentialsProvider(credentials(profile))
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                () -> CodeBuildClient.builder().region(Region.of(region)).credentialsProvider(credentials(profile))
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                dryRun, log, UnaryOperator.identity());
    }

    private static AwsCredentialsProvider credentials(String profile) {
        return profile == null ? DefaultCredentialsProvider.builder().build() : ProfileCredentialsProvider.create(profile);
    }

    /** With given clients and runner timings (tests against local stand-ins). */
    AwsBuildService(Supplier<S3Client> s3Clients, Supplier<CodeBuildClient> codeBuildClients, boolean dryRun,
                    BuildLog log, UnaryOperator<RunnerSettings> tuning) {
        this.s3Clients = s3Clients;
        this.codeBuildClients = codeBuildClients;
        this.dryRun = dryRun;
        this.log = log;
        this.tuning = tuning;
    }

    @Override
    public boolean readsOnly() {
        return dryRun;
    }

    @Override
    public List<BuiltPackage> run(BuildJob job) throws InterruptedException {
        try (S3Client s3 = s3Clients.get();
             CodeBuildClient codeBuild = codeBuildClients.get();
             Fingerprinter fingerprinter = new Fingerprinter()) {
            var cache = new BuildCache(s3, job.artifactBucket());
            var runner = new CodeBuildRunner(codeBuild,
                    tuning.apply(RunnerSettings.defaults(job.projectName()).withBuildTimeout(job.timeout())), log);
            var coordinator = new BuildCoordinator(cache, Map.of(job.component(), runner), fingerprinter, log,
                    job.extraEnv(), 4);
            List<PackageOutcome> outcomes;
            if (dryRun) {
                try {
                    outcomes = coordinator.run(job.packages(), job.inputs(), job.force(), BuildMode.PREVIEW);
                } catch (RuntimeException error) {
                    // Only an unreadable cache is worked around; any other error is a real failure.
                    String why = CacheAccessProblem.describe(error, job.artifactBucket()).orElseThrow(() -> error);
                    log.warn(job.component().id(), "cannot read the build cache: " + why
                            + "; reporting fingerprints only");
                    outcomes = BuildCoordinator.offline(fingerprinter, log)
                            .run(job.packages(), job.inputs(), job.force(), BuildMode.PREVIEW);
                }
            } else {
                outcomes = coordinator.run(job.packages(), job.inputs(), job.force(), BuildMode.UPDATE);
            }
            var built = new ArrayList<BuiltPackage>();
            for (PackageOutcome outcome : outcomes) {
                built.add(new BuiltPackage(outcome, outcome.buildId() != null ? outcome.buildId()
                        : markerBuildId(cache, outcome)));
            }
            return built;
        }
    }

    /** The build that produced an up-to-date package's artifact, as its marker records. */
    private static String markerBuildId(BuildCache cache, PackageOutcome outcome) {
        if (outcome.decision() != Decision.UP_TO_DATE) {
            return null;
        }
        var key = new BuildKey(outcome.source().component(), outcome.source().name(), outcome.fingerprint());
        return cache.readMarker(key).map(BuildMarker::buildId).orElse(null);
    }
}
