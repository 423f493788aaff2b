package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** APPLY-01 over the program's own plans: what `pulumi up` failed on is now a failed plan. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApplyProgramTest {

    /** The description both stacks' updates failed on: EC2 refuses the apostrophe. */
    static final String REFUSED_DESCRIPTION = "EFS mount targets: NFS from the training platform's security groups only";

    private static Plan planOfStackFile(String stack) {
        return TestStacks.plan(StackSettingsParser.parse("portfolio", stack,
                RawConfig.fromStackFile(Path.of("Pulumi." + stack + ".yaml")), Path.of(".")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyInputOfTheShippedStacksIsOneAwsAccepts(String stack) {
        PolicyReport report = PolicyEngine.standard().evaluate(planOfStackFile(stack));
        assertEquals(List.of(), report.violationsOf("APPLY-01"));
    }

    @Test
    void theEfsGroupDescriptionThatFailedTheUpdateWouldFailThePlan() {
        Plan plan = planOfStackFile("dev");
        PlannedResource group = TestStacks.named(plan, Types.SECURITY_GROUP, "efs-sg");
        assertTrue(String.valueOf(group.inputs().get("description")).startsWith("EFS mount targets"), group.inputs().toString());

        var inputs = new LinkedHashMap<>(group.inputs());
        inputs.put("description", REFUSED_DESCRIPTION);
        PlannedResource refused = new PlannedResource(group.urn(), group.type(), group.name(), group.id(), group.parentUrn(),
                group.custom(), inputs, group.protect(), group.retainOnDelete(), group.state());
        var resources = plan.resources().stream().map(r -> r == group ? refused : r).toList();
        PolicyReport report = PolicyEngine.standard().evaluate(new Plan(plan.project(), plan.stack(), resources, plan.outputs()));

        var violations = report.violationsOf("APPLY-01");
        assertEquals(1, violations.size(), violations.toString());
        assertEquals(group.urn(), violations.get(0).urn());
        assertTrue(violations.get(0).message().contains("description \"" + REFUSED_DESCRIPTION + "\" does not match"),
                violations.get(0).message());
        assertEquals(Severity.MANDATORY, violations.get(0).severity());
        assertTrue(report.hasMandatory());
    }
}
