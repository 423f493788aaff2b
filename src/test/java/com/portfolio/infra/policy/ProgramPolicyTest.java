package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.buildengine.OfflineBuildService;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.support.PolicyExceptions;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the policy over the whole program, for each stack the project ships. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProgramPolicyTest {

    private static Plan planOfStackFile(String stack) {
        StackSettings settings = StackSettingsParser.parse("portfolio", stack,
                RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")), Path.of("."));
        return TestStacks.plan(settings, new OfflineBuildService());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theShippedStacksHaveNoMandatoryViolation(String stack) {
        PolicyReport report = PolicyEngine.standard().evaluate(planOfStackFile(stack));
        List<Violation> mandatory = report.violations().stream().filter(v -> v.severity() == Severity.MANDATORY).toList();
        assertEquals(List.of(), mandatory, () -> mandatory.stream()
                .map(v -> v.rule() + " " + v.urn() + ": " + v.message()).collect(Collectors.joining("\n")));
        assertEquals(PolicyEngine.standard().rules().size(), report.rules());
    }

    /**
     * The program's one exception: the ML build mounts the TLS-only file system itself, which
     * needs privileged mode (CodeBuild's own EFS mount is plain NFS).
     */
    private static void onlyTheMlBuildIsExcepted(PolicyReport report) {
        assertEquals(List.of("SEC-CB-02 " + PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS),
                report.exceptions().stream().map(e -> e.rule() + " " + e.reason()).toList());
        assertTrue(report.exceptions().get(0).urn().endsWith("aws:codebuild/project:Project::ml-packages"),
                report.exceptions().get(0).urn());
    }

    private static boolean excepted(Violation v) {
        return v.rule().equals("SEC-CB-02") && v.message().endsWith("(excepted: " + PolicyExceptions.PRIVILEGED_TO_MOUNT_EFS_WITH_TLS + ")");
    }

    @Test
    void prodMeetsEveryRuleIncludingTheAdvisoryOnes() {
        PolicyReport report = PolicyEngine.standard().evaluate(planOfStackFile("prod"));
        assertEquals(List.of(), report.violations().stream().filter(v -> !excepted(v)).toList());
        onlyTheMlBuildIsExcepted(report);
    }

    @Test
    void devReportsTheProdOnlyRulesAsAdvisories() {
        PolicyReport report = PolicyEngine.standard().evaluate(planOfStackFile("dev"));
        onlyTheMlBuildIsExcepted(report);
        assertTrue(report.violations().stream().filter(v -> !excepted(v)).allMatch(v -> v.severity() == Severity.ADVISORY
                && v.message().endsWith("(holds in prod only)")), report.violations().toString());
        assertTrue(report.violations().stream().anyMatch(v -> v.rule().equals("REL-VPC-04")), "single NAT in dev is reported");
    }
}
