package com.portfolio.infra.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.portfolio.infra.config.StackContext;
import com.portfolio.infra.plan.OfflinePlanner;
import com.portfolio.infra.testsupport.TestStacks;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GIVEN a file system admitting some client security groups / WHEN a consumer waits to mount it /
 * THEN it waits for the mount targets and its own group's NFS rule, and naming a group the file
 * system never admitted fails with the groups it does admit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EfsReadinessTest {

    @Test
    void aClientIsReadyOnceEveryMountTargetAndItsOwnNfsRuleExist() {
        var settings = TestStacks.dev();
        var plan = OfflinePlanner.run(settings.project(), settings.stack(), settings.environment(), settings.region(), ctx -> {
            var efs = efs(settings);
            ctx.export("ready", efs.readyToMountFrom("build"));
        });
        assertEquals(List.of("efs-mount-0-id", "efs-mount-1-id", "efs-nfs-from-build-id"), plan.outputs().get("ready"));
    }

    @Test
    void aClientTheFileSystemNeverAdmittedIsNamedWithTheOnesItDoes() {
        var settings = TestStacks.dev();
        var error = assertThrows(OfflinePlanner.PlanFailedException.class, () -> OfflinePlanner.run(settings.project(),
                settings.stack(), settings.environment(), settings.region(), ctx -> efs(settings).readyToMountFrom("builds")));
        assertEquals("no client security group \"builds\" admitted to the file system; expected one of [build, fleet]",
                error.getMessage());
    }

    private static EfsStorage efs(com.portfolio.infra.config.StackSettings settings) {
        var context = new StackContext(settings, Output.of("123456789012"));
        return new EfsStorage("efs", new EfsStorage.Args(context, Output.of("arn:aws:kms:us-east-1:123456789012:key/k"),
                Output.of("vpc-1"), List.of(Output.of("subnet-a"), Output.of("subnet-b")),
                Map.of("build", Output.of("sg-build"), "fleet", Output.of("sg-fleet"))), ComponentResourceOptions.Empty);
    }
}
