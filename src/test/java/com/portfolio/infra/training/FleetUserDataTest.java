package com.portfolio.infra.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GIVEN the fleet's resources WHEN the boot script is rendered THEN it mounts, persists and starts the worker per the contract. */
class FleetUserDataTest {

    static final FleetUserData.Inputs INPUTS = new FleetUserData.Inputs("eu-west-1", "dev", "fs-0123456789abcdef0",
            "fsap-0000000000000data", "fsap-00000000000000ckpt", "fsap-000000000000000pkg",
            "https://sqs.eu-west-1.amazonaws.com/123456789012/portfolio-dev-jobs", "portfolio-dev-training-jobs",
            "portfolio-dev-instances", "portfolio-dev-fleet", 300, 900, 3, 1001, 1001);

    private static final String SCRIPT = FleetUserData.script(INPUTS);

    /** The lines of the unit file the script writes. */
    private static List<String> unit() {
        int start = SCRIPT.indexOf("<<'UNIT'\n") + "<<'UNIT'\n".length();
        return List.of(SCRIPT.substring(start, SCRIPT.indexOf("\nUNIT\n", start)).split("\n"));
    }

    @Test
    void theWorkerGetsExactlyTheContractsEnvironment() {
        var expected = Map.ofEntries(
                Map.entry("PYTHONPATH", "/packages/trainkit/current/site-packages"),
                Map.entry("AWS_REGION", "eu-west-1"), Map.entry("STACK_NAME", "dev"),
                Map.entry("JOBS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/portfolio-dev-jobs"),
                Map.entry("TRAINING_JOBS_TABLE", "portfolio-dev-training-jobs"),
                Map.entry("INSTANCES_TABLE", "portfolio-dev-instances"), Map.entry("FLEET_GROUP_NAME", "portfolio-dev-fleet"),
                Map.entry("HEARTBEAT_SECONDS", "300"), Map.entry("VISIBILITY_TIMEOUT_SECONDS", "900"),
                Map.entry("RECEIVE_LIMIT", "3"), Map.entry("CHECKPOINT_ROOT", "/checkpoints"), Map.entry("TRAINING_DATA_ROOT", "/training-data"));
        var inUnit = new java.util.HashMap<String, String>();
        unit().stream().filter(l -> l.startsWith("Environment=")).map(l -> l.substring("Environment=".length()))
                .forEach(pair -> inUnit.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
        assertEquals(expected, inUnit);
    }

    @Test
    void theUnitRunsTheWorkerAsTheAccessPointsUserAndStopsWithinTheSpotWarning() {
        List<String> unit = unit();
        for (String line : List.of("User=1001", "Group=1001", "ExecStart=@PYTHON@ -m trainkit.worker", "Restart=on-failure",
                "KillSignal=SIGTERM", "TimeoutStopSec=110", "RequiresMountsFor=/packages /checkpoints /training-data",
                "WantedBy=multi-user.target")) {
            assertTrue(unit.contains(line), line + " in\n" + String.join("\n", unit));
        }
        // The interpreter is chosen on the instance: the AMI's PyTorch environment, else the system Python.
        assertTrue(SCRIPT.contains("PYTHON=/opt/pytorch/bin/python3\n[ -x \"$PYTHON\" ] || PYTHON=/usr/bin/python3\n"));
        assertTrue(SCRIPT.contains("sed -i \"s|@PYTHON@|$PYTHON|\" /etc/systemd/system/training-worker.service\n"));
        assertTrue(SCRIPT.endsWith("systemctl daemon-reload\nsystemctl enable --now training-worker.service\n"));
    }

    @Test
    void theAccessPointsGoToFstabWithTlsIamAndTheirOwnIdPackagesReadOnly() {
        assertTrue(SCRIPT.contains("echo \"$FILE_SYSTEM_ID:/ $1 efs _netdev,tls,iam,accesspoint=$2,noresvport$3 0 0\" >> /etc/fstab"),
                SCRIPT);
        assertTrue(SCRIPT.contains("FILE_SYSTEM_ID=fs-0123456789abcdef0\n"));
        assertTrue(SCRIPT.contains("\nadd_mount /packages fsap-000000000000000pkg ,ro\n"));
        assertTrue(SCRIPT.contains("\nadd_mount /checkpoints fsap-00000000000000ckpt ''\n"));
        assertTrue(SCRIPT.contains("\nadd_mount /training-data fsap-0000000000000data ''\n"));
        // Mounting through fstab and retrying: 30 x 10 s outlasts a new mount target's 90 s DNS delay.
        assertTrue(SCRIPT.contains("if mountpoint -q \"$1\" || mount \"$1\"; then"));
        assertTrue(FleetUserData.MOUNT_ATTEMPTS * FleetUserData.MOUNT_RETRY_SECONDS > 90);
        assertTrue(SCRIPT.contains("for dir in /packages /checkpoints /training-data; do\n  mount_with_retry \"$dir\"\ndone"));
        // The mounts come before the worker is started.
        assertTrue(SCRIPT.indexOf("mount_with_retry \"$dir\"") < SCRIPT.indexOf("systemctl enable"));
        assertTrue(SCRIPT.contains("if ! rpm -q amazon-efs-utils >/dev/null 2>&1; then\n  dnf install -y amazon-efs-utils\nfi"));
    }

    @Test
    void theScriptHoldsNoCredentialAndIsBase64ForTheTemplate() {
        String decoded = new String(Base64.getDecoder().decode(FleetUserData.base64(INPUTS)), StandardCharsets.UTF_8);
        assertEquals(SCRIPT, decoded);
        assertFalse(Pattern.compile("(?i)(secret|password|AKIA[0-9A-Z]{16}|aws_access_key|token)").matcher(SCRIPT).find(), SCRIPT);
    }

    @Test
    void aValueThatWouldBreakTheUnitIsRefused() {
        var bad = new FleetUserData.Inputs("eu-west-1", "dev", "fs-1", "fsap-1", "fsap-2", "fsap-3",
                "https://sqs.eu-west-1.amazonaws.com/1/q\nExecStartPre=/bin/sh", "t", "i", "g", 300, 900, 3, 1001, 1001);
        var e = assertThrows(IllegalArgumentException.class, () -> FleetUserData.script(bad));
        assertTrue(e.getMessage().startsWith("the boot script's JOBS_QUEUE_URL is \"https://sqs.eu-west-1.amazonaws.com/1/q\n"
                + "ExecStartPre=/bin/sh\"; expected letters, digits and _ . : / @ + = , - only"), e.getMessage());
    }

    @Test
    void bashAcceptsTheScript(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path script = Files.writeString(dir.resolve("user-data.sh"), SCRIPT);
        Process bash = new ProcessBuilder("/bin/bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), output);
    }

    /** The outcome of running the script against stand-ins for the system's commands. */
    private record Boot(int exitCode, String output, String log, List<String> fstab, List<String> unit) {
    }

    /**
     * Runs the script with its absolute paths moved under {@code root} and the system commands it
     * calls (rpm, dnf, getent, groupadd, useradd, mountpoint, mount, sleep, systemctl) replaced by
     * stand-ins that record their calls; {@code mount} fails {@code mountFailures} times per
     * directory before it succeeds.
     */
    private static Boot boot(Path root, int mountFailures) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path log = root.resolve("calls.log");
        Files.createDirectories(root.resolve("etc/systemd/system"));
        var fakes = Map.of(
                "rpm", "exit 1",
                "dnf", "echo \"dnf $*\" >> \"$CALLS\"",
                "getent", "exit 2",
                "groupadd", "echo \"groupadd $*\" >> \"$CALLS\"",
                "useradd", "echo \"useradd $*\" >> \"$CALLS\"",
                "mountpoint", "exit 1",
                "sleep", "exit 0",
                "systemctl", "echo \"systemctl $*\" >> \"$CALLS\"",
                "mount", "n=$(cat \"$1.tries\" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \"$1.tries\"\n"
                        + "if [ $n -le \"$MOUNT_FAILURES\" ]; then echo \"mount.nfs4: Failed to resolve server\" >&2; exit 32; fi\n"
                        + "echo \"mount $1 after $n\" >> \"$CALLS\"");
        for (var fake : fakes.entrySet()) {
            Path command = Files.writeString(bin.resolve(fake.getKey()), "#!/bin/bash\n" + fake.getValue() + "\n");
            command.toFile().setExecutable(true);
        }
        String script = SCRIPT.replace("/etc/", root + "/etc/");
        for (String dir : List.of(FleetUserData.PACKAGES_DIR, FleetUserData.CHECKPOINTS_DIR, FleetUserData.TRAINING_DATA_DIR)) {
            script = script.replace(" " + dir, " " + root + dir);
        }
        Path file = Files.writeString(root.resolve("user-data.sh"), script);
        var builder = new ProcessBuilder("/bin/bash", file.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("CALLS", log.toString());
        builder.environment().put("MOUNT_FAILURES", String.valueOf(mountFailures));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        Path fstab = root.resolve("etc/fstab");
        Path unit = root.resolve("etc/systemd/system/" + FleetUserData.SERVICE);
        return new Boot(process.exitValue(), output, Files.exists(log) ? Files.readString(log) : "",
                Files.exists(fstab) ? Files.readAllLines(fstab) : List.of(), Files.exists(unit) ? Files.readAllLines(unit) : List.of());
    }

    @Test
    void onBootItInstallsTheHelperRetriesTheMountsUntilTheyResolveThenStartsTheWorker(@TempDir Path root) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        assumeTrue(!Files.exists(Path.of(FleetUserData.DLAMI_PYTHON)), "this machine has the AMI's Python");
        Boot first = boot(root, 3);
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.log().startsWith("dnf install -y amazon-efs-utils\ngroupadd --gid 1001 training\n"
                + "useradd --uid 1001 --gid 1001 --no-create-home --shell /sbin/nologin training\n"), first.log());
        for (String dir : List.of("/packages", "/checkpoints", "/training-data")) {
            assertTrue(first.log().contains("mount " + root + dir + " after 4\n"), first.log());
        }
        assertTrue(first.log().endsWith("systemctl daemon-reload\nsystemctl enable --now training-worker.service\n"), first.log());
        assertEquals(List.of(
                "fs-0123456789abcdef0:/ " + root + "/packages efs _netdev,tls,iam,accesspoint=fsap-000000000000000pkg,noresvport,ro 0 0",
                "fs-0123456789abcdef0:/ " + root + "/checkpoints efs _netdev,tls,iam,accesspoint=fsap-00000000000000ckpt,noresvport 0 0",
                "fs-0123456789abcdef0:/ " + root + "/training-data efs _netdev,tls,iam,accesspoint=fsap-0000000000000data,noresvport 0 0"),
                first.fstab());
        assertTrue(first.unit().contains("ExecStart=/usr/bin/python3 -m trainkit.worker"), String.join("\n", first.unit()));

        // A second boot (a reboot runs user data only once, but a rerun must not duplicate fstab).
        Boot again = boot(root, 0);
        assertEquals(0, again.exitCode(), again.output());
        assertEquals(first.fstab(), again.fstab());
    }

    @Test
    void aMountThatNeverResolvesStopsTheBootBeforeTheWorker(@TempDir Path root) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Boot boot = boot(root, 1000);
        assertEquals(1, boot.exitCode(), boot.output());
        assertTrue(boot.output().contains("could not mount " + root + "/packages after 30 attempts"), boot.output());
        assertFalse(boot.log().contains("systemctl"), boot.log());
    }
}
