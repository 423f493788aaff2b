package com.portfolio.infra.training;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The boot script of a training instance: mount the three EFS access points (TLS and IAM, as the
 * file system's policy requires) and start the worker as a systemd service, per the contract of
 * functions/README.md and the training instance layout. It holds names and addresses only, never a
 * credential: the worker and the mount helper get theirs from the instance role (SEC-LT-02).
 */
public final class FleetUserData {

    public static final String SERVICE = "training-worker.service";
    public static final String PACKAGES_DIR = "/packages";
    public static final String CHECKPOINTS_DIR = "/checkpoints";
    public static final String TRAINING_DATA_DIR = "/training-data";
    public static final String WORKER_PATH = PACKAGES_DIR + "/trainkit/current/site-packages";
    /** The PyTorch environment of the Deep Learning AMI; the system Python where an image has none. */
    static final String DLAMI_PYTHON = "/opt/pytorch/bin/python3";
    static final String SYSTEM_PYTHON = "/usr/bin/python3";
    /** A spot warning gives two minutes; the worker checkpoints and exits within this. */
    static final int STOP_TIMEOUT_SECONDS = 110;
    /**
     * A new mount target's DNS name can take up to 90 seconds to resolve, and a fresh stack's
     * instance may boot before it does: 30 attempts 10 seconds apart outlast that with room.
     */
    static final int MOUNT_ATTEMPTS = 30;
    static final int MOUNT_RETRY_SECONDS = 10;

    /** What goes into a systemd {@code Environment=} line or the script without quoting trouble. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.:/@+=,-]+");

    private FleetUserData() {
    }

    /**
     * What the script needs, all resolved.
     *
     * @param region                   the stack's region
     * @param stack                    the stack's name ({@code STACK_NAME}, as the handlers have it)
     * @param fileSystemId             the EFS file system
     * @param trainingDataAccessPoint  its training-data access point, mounted at /training-data
     * @param checkpointsAccessPoint   its checkpoints access point, mounted at /checkpoints
     * @param packagesAccessPoint      its packages access point, mounted read-only at /packages
     * @param jobsQueueUrl             the jobs queue
     * @param trainingJobsTable        the training-jobs table
     * @param instancesTable           the instances table
     * @param fleetGroupName           the fleet's Auto Scaling group
     * @param heartbeatSeconds         training:heartbeatSeconds
     * @param visibilityTimeoutSeconds training:visibilityTimeoutSeconds
     * @param receiveLimit             training:receiveLimit, so the worker reports a job's last allowed failure
     * @param uid                      the POSIX user the worker runs as (the access points' owner)
     * @param gid                      its group
     */
    public record Inputs(String region, String stack, String fileSystemId, String trainingDataAccessPoint,
                         String checkpointsAccessPoint, String packagesAccessPoint, String jobsQueueUrl,
                         String trainingJobsTable, String instancesTable, String fleetGroupName, int heartbeatSeconds,
                         int visibilityTimeoutSeconds, int receiveLimit, int uid, int gid) {
    }

    /** The worker's environment, in the order of the contract. */
    public static Map<String, String> workerEnvironment(Inputs in) {
        var env = new LinkedHashMap<String, String>();
        env.put("PYTHONPATH", WORKER_PATH);
        env.put("AWS_REGION", in.region());
        env.put("STACK_NAME", in.stack());
        env.put("JOBS_QUEUE_URL", in.jobsQueueUrl());
        env.put("TRAINING_JOBS_TABLE", in.trainingJobsTable());
        env.put("INSTANCES_TABLE", in.instancesTable());
        env.put("FLEET_GROUP_NAME", in.fleetGroupName());
        env.put("HEARTBEAT_SECONDS", String.valueOf(in.heartbeatSeconds()));
        env.put("VISIBILITY_TIMEOUT_SECONDS", String.valueOf(in.visibilityTimeoutSeconds()));
        env.put("RECEIVE_LIMIT", String.valueOf(in.receiveLimit()));
        env.put("CHECKPOINT_ROOT", CHECKPOINTS_DIR);
        env.put("TRAINING_DATA_ROOT", TRAINING_DATA_DIR);
        env.forEach(FleetUserData::requireSafe);
        return env;
    }

    /** The script, base64-encoded as a launch template takes it. */
    public static String base64(Inputs in) {
        return Base64.getEncoder().encodeToString(script(in).getBytes(StandardCharsets.UTF_8));
    }

    public static String script(Inputs in) {
        requireSafe("file system id", in.fileSystemId());
        requireSafe("training data access point", in.trainingDataAccessPoint());
        requireSafe("checkpoints access point", in.checkpointsAccessPoint());
        requireSafe("packages access point", in.packagesAccessPoint());
        var env = workerEnvironment(in);
        var s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Training instance boot: EFS access points, then the worker (").append(SERVICE).append(").\n");
        s.append("set -euo pipefail\n\n");
        s.append("FILE_SYSTEM_ID=").append(in.fileSystemId()).append("\n\n");

        s.append("# The Deep Learning AMI may lack the EFS mount helper, which TLS and IAM mounts need.\n");
        s.append("if ! rpm -q amazon-efs-utils >/dev/null 2>&1; then\n");
        s.append("  dnf install -y amazon-efs-utils\n");
        s.append("fi\n\n");

        s.append("# The access points' POSIX owner; the worker runs as it.\n");
        s.append("getent group ").append(in.gid()).append(" >/dev/null || groupadd --gid ").append(in.gid()).append(" training\n");
        s.append("getent passwd ").append(in.uid()).append(" >/dev/null || useradd --uid ").append(in.uid())
                .append(" --gid ").append(in.gid()).append(" --no-create-home --shell /sbin/nologin training\n\n");

        s.append("# fstab entries (_netdev: after the network), so the mounts come back after a reboot.\n");
        s.append("add_mount() {\n");
        s.append("  mkdir -p \"$1\"\n");
        s.append("  grep -q \"^$FILE_SYSTEM_ID:/ $1 efs \" /etc/fstab || \\\n");
        s.append("    echo \"$FILE_SYSTEM_ID:/ $1 efs _netdev,tls,iam,accesspoint=$2,noresvport$3 0 0\" >> /etc/fstab\n");
        s.append("}\n");
        s.append("add_mount ").append(PACKAGES_DIR).append(' ').append(in.packagesAccessPoint()).append(" ,ro\n");
        s.append("add_mount ").append(CHECKPOINTS_DIR).append(' ').append(in.checkpointsAccessPoint()).append(" ''\n");
        s.append("add_mount ").append(TRAINING_DATA_DIR).append(' ').append(in.trainingDataAccessPoint()).append(" ''\n\n");

        s.append("# A new mount target's DNS name can take up to 90 s to resolve: retry.\n");
        s.append("mount_with_retry() {\n");
        s.append("  for attempt in $(seq 1 ").append(MOUNT_ATTEMPTS).append("); do\n");
        s.append("    if mountpoint -q \"$1\" || mount \"$1\"; then\n");
        s.append("      return 0\n");
        s.append("    fi\n");
        s.append("    echo \"mounting $1 failed (attempt $attempt of ").append(MOUNT_ATTEMPTS).append("); retrying in ")
                .append(MOUNT_RETRY_SECONDS).append(" s\" >&2\n");
        s.append("    sleep ").append(MOUNT_RETRY_SECONDS).append("\n");
        s.append("  done\n");
        s.append("  echo \"could not mount $1 after ").append(MOUNT_ATTEMPTS).append(" attempts\" >&2\n");
        s.append("  return 1\n");
        s.append("}\n");
        s.append("for dir in ").append(PACKAGES_DIR).append(' ').append(CHECKPOINTS_DIR).append(' ').append(TRAINING_DATA_DIR)
                .append("; do\n");
        s.append("  mount_with_retry \"$dir\"\n");
        s.append("done\n\n");

        s.append("PYTHON=").append(DLAMI_PYTHON).append("\n");
        s.append("[ -x \"$PYTHON\" ] || PYTHON=").append(SYSTEM_PYTHON).append("\n\n");

        s.append("cat > /etc/systemd/system/").append(SERVICE).append(" <<'UNIT'\n");
        s.append("[Unit]\n");
        s.append("Description=Training worker (trainkit.worker) of ").append(in.stack()).append("\n");
        s.append("Wants=network-online.target\n");
        s.append("After=network-online.target remote-fs.target\n");
        s.append("RequiresMountsFor=").append(PACKAGES_DIR).append(' ').append(CHECKPOINTS_DIR).append(' ')
                .append(TRAINING_DATA_DIR).append("\n\n");
        s.append("[Service]\n");
        s.append("Type=simple\n");
        s.append("User=").append(in.uid()).append("\n");
        s.append("Group=").append(in.gid()).append("\n");
        env.forEach((name, value) -> s.append("Environment=").append(name).append('=').append(value).append('\n'));
        s.append("ExecStart=@PYTHON@ -m trainkit.worker\n");
        s.append("Restart=on-failure\n");
        s.append("RestartSec=30\n");
        s.append("KillSignal=SIGTERM\n");
        s.append("TimeoutStopSec=").append(STOP_TIMEOUT_SECONDS).append("\n\n");
        s.append("[Install]\n");
        s.append("WantedBy=multi-user.target\n");
        s.append("UNIT\n");
        s.append("sed -i \"s|@PYTHON@|$PYTHON|\" /etc/systemd/system/").append(SERVICE).append("\n\n");

        s.append("systemctl daemon-reload\n");
        s.append("systemctl enable --now ").append(SERVICE).append("\n");
        return s.toString();
    }

    private static void requireSafe(String name, String value) {
        if (value == null || !SAFE_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("the boot script's " + name + " is \"" + value + "\"; expected letters, digits "
                    + "and _ . : / @ + = , - only (it goes into a systemd unit unquoted)");
        }
    }
}
