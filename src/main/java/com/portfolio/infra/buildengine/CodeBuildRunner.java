package com.portfolio.infra.buildengine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * Starts one CodeBuild build per package, waits for it, and reports each phase through a
 * {@link BuildLog}. Retries StartBuild on throttling and on the error a freshly created service
 * role gives until IAM has propagated it, and reruns a build that could not mount its file system
 * ({@link MountFailure}); fails with {@link PackageBuildFailedException} otherwise.
 */
public final class CodeBuildRunner {

    static final Set<String> RESERVED_ENV = Set.of("PACKAGE_NAME", "FINGERPRINT", "ARTIFACT_BUCKET", "ARTIFACT_PREFIX");
    private static final Set<StatusType> FAILED = Set.of(
            StatusType.FAILED, StatusType.FAULT, StatusType.STOPPED, StatusType.TIMED_OUT);

    private final CodeBuildClient codeBuild;
    private final RunnerSettings settings;
    private final BuildLog log;
    private final TimeSource time;

    public CodeBuildRunner(CodeBuildClient codeBuild, RunnerSettings settings, BuildLog log, TimeSource time) {
        this.codeBuild = codeBuild;
        this.settings = settings;
        this.log = log;
        this.time = time;
    }

    public CodeBuildRunner(CodeBuildClient codeBuild, RunnerSettings settings, BuildLog log) {
        this(codeBuild, settings, log, TimeSource.system());
    }

    /** Finished build: its id and CloudWatch link. */
    public record Completed(String buildId, String logLink) {
    }

    /**
     * Runs the build to completion; a run that could not mount the project's file system is run
     * again, up to {@link RunnerSettings#mountAttempts()} times with a doubling wait.
     *
     * @throws PackageBuildFailedException when it cannot be started, ends in any status but SUCCEEDED, or
     *     outlasts {@link RunnerSettings#deadline()} (then it is stopped first)
     */
    public Completed run(BuildRequest request) throws InterruptedException {
        String pkg = request.key().packageName();
        Duration backoff = settings.mountBackoffInitial();
        for (int attempt = 1; ; attempt++) {
            Build build = startAndWait(request, pkg);
            if (build.buildStatus() == StatusType.SUCCEEDED) {
                log.info(pkg, "build " + build.id() + " SUCCEEDED");
                return new Completed(build.id(), logLink(build));
            }
            Optional<String> mount = MountFailure.describe(build);
            if (mount.isEmpty() || attempt >= settings.mountAttempts()) {
                PackageBuildFailedException failure = failure(pkg, build, build.buildStatusAsString()
                        + (mount.isPresent() ? " (could not mount the file system in " + attempt + " runs)" : ""));
                log.error(pkg, failure.getMessage());
                throw failure;
            }
            log.warn(pkg, "build " + build.id() + " could not mount the file system (" + mount.get()
                    + "); new mount targets can take minutes to resolve, running it again in "
                    + backoff.toSeconds() + " s (run " + (attempt + 1) + " of " + settings.mountAttempts() + ")");
            time.sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** One run: started, then followed until it ends or outlasts the deadline (then stopped). */
    private Build startAndWait(BuildRequest request, String pkg) throws InterruptedException {
        Instant deadline = time.now().plus(settings.deadline());
        Build build = start(request);
        log.info(pkg, "started build " + build.id() + " for fingerprint " + request.key().fingerprint());
        PhaseReporter phases = new PhaseReporter(pkg);
        Duration wait = settings.pollInitial();
        while (true) {
            Build latest = fetch(build.id(), pkg);
            if (latest != null) {
                build = latest;
                phases.report(build);
                if (build.buildStatus() == StatusType.SUCCEEDED || FAILED.contains(build.buildStatus())) {
                    return build;
                }
            }
            Duration remaining = Duration.between(time.now(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw stopAfterTimeout(pkg, build);
            }
            time.sleep(wait.compareTo(remaining) < 0 ? wait : remaining);
            wait = min(wait.multipliedBy(2), settings.pollMax());
        }
    }

    private Build start(BuildRequest request) throws InterruptedException {
        BuildKey key = request.key();
        Map<String, String> env = new TreeMap<>(request.extraEnv());
        env.put("PACKAGE_NAME", key.packageName());
        env.put("FINGERPRINT", key.fingerprint());
        env.put("ARTIFACT_BUCKET", request.artifactBucket());
        env.put("ARTIFACT_PREFIX", key.prefix());
        List<EnvironmentVariable> variables = env.entrySet().stream()
                .map(e -> EnvironmentVariable.builder().name(e.getKey()).value(e.getValue())
                        .type(EnvironmentVariableType.PLAINTEXT).build())
                .toList();
        Duration backoff = settings.startBackoffInitial();
        for (int attempt = 1; ; attempt++) {
            try {
                // For an S3 source the location is "<bucket>/<object key>":
                // https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectSource.html
                // Both timeouts are sent, so CodeBuild enforces the ones the deadline is made of.
                return codeBuild.startBuild(b -> b.projectName(settings.projectName())
                        .timeoutInMinutesOverride(RunnerSettings.wholeMinutes(settings.buildTimeout()))
                        .queuedTimeoutInMinutesOverride(RunnerSettings.wholeMinutes(settings.queuedTimeout()))
                        .sourceTypeOverride(SourceType.S3)
                        .sourceLocationOverride(request.sourceLocation())
                        .environmentVariablesOverride(variables)).build();
            } catch (AwsServiceException e) {
                String why = retryReason(e);
                if (why == null || attempt >= settings.startAttempts()) {
                    String message = "StartBuild on project " + settings.projectName() + " failed"
                            + (why == null ? "" : " after " + attempt + " attempts (" + why + ")")
                            + ": " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
                    log.error(key.packageName(), message);
                    throw new PackageBuildFailedException(key.packageName(), "NOT_STARTED", "StartBuild", message, null, "(none)");
                }
                log.warn(key.packageName(), "StartBuild attempt " + attempt + " of " + settings.startAttempts()
                        + " refused (" + why + "); retrying in " + backoff.toMillis() + " ms");
                time.sleep(backoff);
                backoff = min(backoff.multipliedBy(2), settings.pollMax());
            }
        }
    }

    /** Null when the error is not worth retrying, else a short reason. */
    static String retryReason(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        if (e.isThrottlingException() || e.statusCode() == 429 || code.contains("Throttling")
                || message.contains("Rate exceeded")) {
            return "throttled";
        }
        // A role created moments ago is not yet assumable by CodeBuild; the error says
        // "CodeBuild is not authorized to perform: sts:AssumeRole on <role arn>".
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
        if ((code.equals("InvalidInputException") || code.startsWith("AccessDenied"))
                && message.toLowerCase(Locale.ROOT).contains("sts:assumerole")) {
            return "service role not yet usable, IAM still propagating";
        }
        return null;
    }

    /** The build's latest state, or null when polling was throttled (try again next round). */
    private Build fetch(String buildId, String pkg) {
        try {
            List<Build> builds = codeBuild.batchGetBuilds(b -> b.ids(buildId)).builds();
            if (builds.isEmpty()) {
                throw new IllegalStateException("BatchGetBuilds does not know build " + buildId
                        + " that StartBuild just returned for package " + pkg);
            }
            return builds.get(0);
        } catch (AwsServiceException e) {
            if ("throttled".equals(retryReason(e))) {
                log.warn(pkg, "status poll throttled; will retry");
                return null;
            }
            throw e;
        }
    }

    private PackageBuildFailedException stopAfterTimeout(String pkg, Build build) {
        log.error(pkg, "build " + build.id() + " still " + build.buildStatusAsString() + " after "
                + settings.deadline() + " (queued timeout + build timeout + margin); stopping it");
        Build stopped = build;
        try {
            Build reply = codeBuild.stopBuild(b -> b.id(build.id())).build();
            if (reply != null) {
                stopped = reply;
            }
        } catch (AwsServiceException e) {
            log.warn(pkg, "StopBuild for " + build.id() + " failed: " + e.getMessage());
        }
        PackageBuildFailedException failure = failure(pkg, stopped.toBuilder()
                        .logs(stopped.logs() != null ? stopped.logs() : build.logs()).build(),
                "TIMED_OUT (no result within " + settings.deadline() + "; stopped)");
        log.error(pkg, failure.getMessage());
        return failure;
    }

    private static PackageBuildFailedException failure(String pkg, Build build, String status) {
        BuildPhase failing = build.phases().stream()
                .filter(p -> FAILED.contains(p.phaseStatus()))
                .findFirst().orElse(null);
        String phase = failing != null ? failing.phaseTypeAsString() : build.currentPhase();
        String reason = failing != null ? contexts(failing) : "";
        return new PackageBuildFailedException(pkg, status, phase, reason, logLink(build), build.id());
    }

    private static String contexts(BuildPhase phase) {
        return phase.contexts().stream()
                .map(CodeBuildRunner::describe)
                .filter(s -> !s.isBlank())
                .collect(Collectors.joining("; "));
    }

    private static String describe(PhaseContext context) {
        String code = context.statusCode() == null ? "" : context.statusCode();
        String message = context.message() == null ? "" : context.message();
        return code.isEmpty() || message.isEmpty() ? code + message : code + ": " + message;
    }

    private static String logLink(Build build) {
        return build.logs() == null ? null : build.logs().deepLink();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Logs each phase once, when it starts and when it ends, even if a poll skipped over it. */
    private final class PhaseReporter {
        private final String pkg;
        private int finished;
        private String announced;

        PhaseReporter(String pkg) {
            this.pkg = pkg;
        }

        void report(Build build) {
            List<BuildPhase> phases = new ArrayList<>(build.phases());
            while (finished < phases.size()) {
                BuildPhase phase = phases.get(finished);
                String name = phase.phaseTypeAsString();
                if (phase.phaseStatus() == null || phase.phaseStatus() == StatusType.IN_PROGRESS) {
                    if (!name.equals(announced)) {
                        log.info(pkg, "phase " + name + (phase.phaseStatus() == null ? "" : " started"));
                        announced = name;
                    }
                    return;
                }
                String detail = contexts(phase);
                String line = "phase " + name + " " + phase.phaseStatusAsString()
                        + (phase.durationInSeconds() == null ? "" : " in " + phase.durationInSeconds() + " s")
                        + (detail.isBlank() ? "" : " (" + detail + ")");
                if (phase.phaseStatus() == StatusType.SUCCEEDED) {
                    log.info(pkg, line);
                } else {
                    log.error(pkg, line);
                }
                finished++;
            }
        }
    }
}
