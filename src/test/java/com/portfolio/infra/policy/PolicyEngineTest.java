package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    /** The ids of the policy's rule table, in its order. */
    static final List<String> POLICY_IDS = List.of(
            "SEC-S3-01", "SEC-S3-02", "SEC-S3-03", "SEC-S3-04", "SEC-S3-05", "SEC-S3-06", "REL-S3-07",
            "SEC-CF-01", "SEC-CF-02", "SEC-CF-03", "SEC-CF-04",
            "SEC-API-01", "SEC-API-02", "REL-API-03",
            "SEC-LAM-01", "SEC-LAM-02", "REL-LAM-03", "REL-LAM-04", "SEC-LAM-05",
            "REL-ASYNC-01", "REL-EVB-02", "SEC-CW-01", "REL-CW-02", "SEC-CW-02",
            "REL-DDB-01", "REL-DDB-02", "REL-DDB-03", "SEC-DDB-04", "SEC-DDB-05",
            "SEC-SQS-01", "REL-SQS-02", "REL-SQS-03", "SEC-SNS-01",
            "SEC-EFS-01", "SEC-EFS-02", "SEC-EFS-03", "REL-EFS-04", "REL-EFS-05", "SEC-EFS-06",
            "SEC-VPC-01", "SEC-VPC-02", "SEC-VPC-03", "REL-VPC-04", "SEC-VPC-05", "SEC-VPC-06", "SEC-VPC-07", "REL-VPC-07",
            "REL-FLEET-01",
            "SEC-LT-01", "SEC-LT-02", "SEC-LT-03",
            "SEC-CB-01", "SEC-CB-02", "REL-CB-03", "REL-CB-04",
            "SEC-SFN-01", "REL-SFN-02", "SEC-IAM-01", "SEC-IAM-02", "SEC-IAM-03", "SEC-KMS-01", "SEC-KMS-02",
            "OPS-TAG-01", "OPS-TAG-02", "OPS-PROT-01",
            "APPLY-01");

    /** The generated rule table, the policy's reference (RuleTableTest keeps it current). */
    static final Path RULE_TABLE = Path.of("docs", "POLICY-RULES.md");
    static final Pattern ROW = Pattern.compile("^\\|\\s*([A-Z]+(?:-[A-Z0-9]+)?-\\d+)\\s*\\|\\s*(mandatory|advisory)\\s*\\|\\s*(both|prod)\\s*\\|.*$");

    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void theStandardEngineHasExactlyTheRulesOfPolicyMd() {
        List<String> ids = PolicyEngine.standard().rules().stream().map(PolicyRule::id).toList();
        assertEquals(POLICY_IDS, ids);
    }

    @Test
    void rulesMatchTheGeneratedRuleTable() throws IOException {
        var rows = Files.readAllLines(RULE_TABLE).stream().map(ROW::matcher).filter(Matcher::matches).toList();
        var rules = PolicyEngine.standard().rules();

        assertEquals(rows.stream().map(m -> m.group(1)).toList(), rules.stream().map(PolicyRule::id).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).group(2).toUpperCase(), rules.get(i).severity().name(), rules.get(i).id());
            assertEquals(rows.get(i).group(3).toUpperCase(), rules.get(i).stacks().name(), rules.get(i).id());
        }
    }

    @Test
    void duplicateRuleIdsAreRefused() {
        var rule = PolicyEngine.standard().rules().get(0);
        assertThrows(IllegalArgumentException.class, () -> new PolicyEngine(List.of(rule, rule)));
    }

    @Test
    void anExceptionTagTurnsAMandatoryViolationIntoAnAdvisoryAndIsListed() {
        plan.get("builder").set("environment.privilegedMode", true)
                .tag("policy-exception:SEC-CB-02", "docker-in-docker for image builds");
        PolicyReport report = Violations.evaluate(plan);

        Violation v = assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true", "excepted: docker-in-docker");
        assertEquals(Severity.ADVISORY, v.severity());
        assertFalse(report.hasMandatory());
        assertEquals(List.of(new ExceptionUse("SEC-CB-02", plan.urn("builder"), "docker-in-docker for image builds", null, false, true)),
                report.exceptions());
    }

    @Test
    void anExceptionThatSuppressesNothingIsStillListed() {
        plan.get("builder").tag("policy-exception:SEC-CB-02", "may need docker later");
        PolicyReport report = Violations.evaluate(plan);

        assertEquals(List.of(new ExceptionUse("SEC-CB-02", plan.urn("builder"), "may need docker later", null, false, false)), report.exceptions());
        assertTrue(report.violations().isEmpty());
    }

    @Test
    void anExceptionWithoutReasonIsAMandatoryViolation() {
        plan.get("builder").set("environment.privilegedMode", true).tag("policy-exception:SEC-CB-02", " ");
        PolicyReport report = Violations.evaluate(plan);

        assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true");
        Violation missing = assertViolation(plan, "SEC-CB-02", "builder", "policy-exception:SEC-CB-02 with no reason");
        assertEquals(Severity.MANDATORY, missing.severity());
        assertEquals(2, report.mandatoryCount());
        assertTrue(report.exceptions().isEmpty());
    }

    @Test
    void anExceptionToARuleThatAllowsNoneIsRefusedAndSuppressesNothing() {
        plan.get("jobs-table").set("pointInTimeRecovery.enabled", false).tag("policy-exception:REL-DDB-01", "saves money");
        PolicyReport report = Violations.evaluate(plan);

        Violation kept = assertViolation(plan, "REL-DDB-01", "jobs-table", "pointInTimeRecovery");
        assertEquals(Severity.MANDATORY, kept.severity());
        Violation refused = assertViolation(plan, "REL-DDB-01", "jobs-table", "REL-DDB-01 allows no exception");
        assertEquals(Severity.MANDATORY, refused.severity());
        assertTrue(report.exceptions().isEmpty());
    }

    @Test
    void thePrivilegedModeExceptionDoesNotCoverPlaintextCredentialsOfTheSameProject() {
        plan.get("builder").set("environment.privilegedMode", true)
                .set("environment.environmentVariables", List.of(Map.of("name", "DB_PASSWORD", "value", "hunter2", "type", "PLAINTEXT")))
                .tag("policy-exception:SEC-CB-02", "docker-in-docker for image builds");
        PolicyReport report = Violations.evaluate(plan);

        assertEquals(Severity.ADVISORY, assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true").severity());
        assertEquals(Severity.MANDATORY, assertViolation(plan, "SEC-CB-02", "builder", "DB_PASSWORD").severity());
        assertEquals(1, report.mandatoryCount());
    }

    @Test
    void anExceptionForAnUnknownRuleIsAViolation() {
        plan.get("builder").tag("policy-exception:SEC-XX-99", "typo");
        assertViolation(plan, "SEC-XX-99", "builder", "SEC-XX-99 is not a policy rule id");
    }

    @Test
    void theReportPrintsViolationsGroupedByRuleThenExceptionsThenASummary() {
        plan.get("jobs-table").set("pointInTimeRecovery.enabled", false);
        plan.get("worker").set("tracingConfig.mode", "PassThrough");
        plan.get("builder").set("environment.privilegedMode", true).tag("policy-exception:SEC-CB-02", "docker builds");
        PolicyReport report = Violations.evaluate(plan);

        String text = CompliantPlanTest.print(report);

        assertTrue(text.contains("REL-DDB-01 [MANDATORY]\n  - jobs-table\n    urn: " + plan.urn("jobs-table")), text);
        assertTrue(text.contains("fix: Set pointInTimeRecovery.enabled to true."), text);
        assertTrue(text.contains("SEC-LAM-05 [ADVISORY]"), text);
        assertTrue(text.contains("exceptions in use:\n  - SEC-CB-02 on builder: docker builds (suppressed a violation)"), text);
        assertTrue(text.endsWith("policy: 66 rules, 65 applied, 1 mandatory, 2 advisory violations, 1 exception" + System.lineSeparator()), text);
        assertTrue(text.indexOf("REL-DDB-01") < text.indexOf("exceptions in use"));
    }
}
