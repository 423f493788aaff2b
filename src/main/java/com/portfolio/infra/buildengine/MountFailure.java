package com.portfolio.infra.buildengine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.BuildPhaseType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * Recognises a build that failed before any command ran because CodeBuild could not mount the
 * project's EFS file system. On a first deploy the mount targets exist but their DNS names can
 * take minutes to resolve ("mount.nfs4: Failed to resolve server fs-....efs...: Name or service
 * not known"), so the same build run again a little later succeeds. Nothing else is recognised:
 * a failure in the build's own commands is never worth a rerun.
 * See https://docs.aws.amazon.com/efs/latest/ug/troubleshooting-efs-mounting.html
 */
final class MountFailure {

    /** The phases in which CodeBuild mounts the file system, before the buildspec runs. */
    private static final Set<BuildPhaseType> MOUNT_PHASES = Set.of(BuildPhaseType.PROVISIONING, BuildPhaseType.DOWNLOAD_SOURCE);
    private static final Set<StatusType> FAILED = Set.of(StatusType.FAILED, StatusType.FAULT);

    private MountFailure() {
    }

    /** "phase PROVISIONING: CLIENT_ERROR: mount.nfs4: ..." when the build failed to mount EFS, else empty. */
    static Optional<String> describe(Build build) {
        if (!FAILED.contains(build.buildStatus())) {
            return Optional.empty();
        }
        for (BuildPhase phase : build.phases()) {
            if (!MOUNT_PHASES.contains(phase.phaseType()) || !FAILED.contains(phase.phaseStatus())) {
                continue;
            }
            for (PhaseContext context : phase.contexts()) {
                if (isMountError(context.message())) {
                    return Optional.of("phase " + phase.phaseTypeAsString() + ": "
                            + (context.statusCode() == null ? "" : context.statusCode() + ": ") + context.message());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isMountError(String message) {
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("mount") && (text.contains("efs") || text.contains("nfs"));
    }
}
