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
            "portfolio-dev-instances", "portfolio-dev-fleet", 300, 900, 1001, 1001);

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
                Map.entry("CHECKPOINT_ROOT", "/checkpoints"), Map.entry("TRAINING_DATA_ROOT", "/training-data"));
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
                "https://sqs.eu-west-1.amazonaws.com/1/q\nExecStartPre=/bin/sh", "t", "i", "g", 300, 900, 1001, 1001);
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
}
