package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.portfolio.infra.plan.PlanJson;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.rules.StandardRules;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the report tells: checks not evaluated, how many rules applied, exceptions that expire. */
class PolicyReportTest {
    final TestPlan plan = CompliantPlan.build("prod");

    // --- A check on a computed input is reported as not evaluated, never passed or failed ---

    @Test
    void aComputedKeyIsNotEvaluatedInsteadOfPassingOrFailing() {
        plan.get("build-logs").set("kmsKeyId", PlannedResource.COMPUTED);
        PolicyReport report = Violations.evaluate(plan);

        assertEquals(List.of(), report.violationsOf("SEC-CW-02"));
        assertEquals(List.of(new NotEvaluated("SEC-CW-02", plan.urn("build-logs"), "kmsKeyId")), report.notEvaluatedOf("SEC-CW-02"));
        assertEquals("not evaluated: kmsKeyId of build-logs is computed", report.notEvaluatedOf("SEC-CW-02").get(0).message());
        String text = CompliantPlanTest.print(report);
        assertTrue(text.contains("not evaluated (inputs known only after deployment):\n  - SEC-CW-02: not evaluated: kmsKeyId of build-logs is computed"), text);
        assertTrue(text.contains(", 1 not evaluated" + System.lineSeparator()), text);
    }

    @Test
    void aComputedValueInsideAnInputCountsAsComputed() {
        plan.get("worker").set("vpcConfig.subnetIds", List.of(plan.get("private-a").id(), PlannedResource.COMPUTED));
        plan.get("jobs-policy").set("policy", PlannedResource.COMPUTED);
        PolicyReport report = Violations.evaluate(plan);

        assertEquals(List.of(), report.violationsOf("REL-LAM-04"));
        assertEquals(List.of("vpcConfig.subnetIds"), report.notEvaluatedOf("REL-LAM-04").stream().map(NotEvaluated::input).toList());
        assertEquals(List.of("policy"), report.notEvaluatedOf("SEC-SQS-01").stream().map(NotEvaluated::input).toList());
    }

    @Test
    void aComputedParentInputHidesTheWholePath() {
        plan.get("builder").set("logsConfig", PlannedResource.COMPUTED);
        PolicyReport report = Violations.evaluate(plan);

        assertEquals(List.of(), report.violationsOf("SEC-CB-01"));
        assertEquals(List.of("logsConfig.cloudwatchLogs.groupName"), report.notEvaluatedOf("SEC-CW-01").stream().map(NotEvaluated::input).toList());
    }

    @Test
    void aComputedBucketPolicyLeavesTheTlsCheckUndecided() {
        plan.get("raw-policy").set("policy", PlannedResource.COMPUTED);
        PolicyReport report = Violations.evaluate(plan);

        assertEquals(List.of(), report.violationsOf("SEC-S3-02"));
        assertEquals(List.of(plan.urn("raw-policy")), report.notEvaluatedOf("SEC-S3-02").stream().map(NotEvaluated::urn).toList());
    }

    @Test
    void theLogicalNameIsWhatFollowsTheLastDoubleColon() {
        assertEquals("build-logs", PolicyReportPrinter.logicalName("urn:pulumi:prod::portfolio::aws:cloudwatch/logGroup:LogGroup::build-logs"));
        assertEquals("x", PolicyReportPrinter.logicalName("::x"));
        assertEquals("plain", PolicyReportPrinter.logicalName("plain"));
    }

    // --- How many rules had something to check ---

    @Test
    void onlyRulesOverTypesThePlanHasApply() {
        TestPlan small = TestPlan.stack("prod");
        CompliantPlan.bucket(small, "raw", "raw-data").protect(true);
        small.add(Types.BUCKET_VERSIONING, "raw-versioning").set("bucket", small.get("raw").id()).set("versioningConfiguration.status", "Enabled");
        PolicyReport report = Violations.evaluate(small);

        // The S3 rules (7), SEC-CF-01 (buckets), OPS-TAG-01 and APPLY-01 (every resource), OPS-TAG-02, OPS-PROT-01.
        assertEquals(12, report.applied(), CompliantPlanTest.print(report));
        assertTrue(PolicyReportPrinter.summary(report).startsWith("policy: 66 rules, 12 applied, "), PolicyReportPrinter.summary(report));
    }

    @Test
    void aRuleThatFindsSomethingAppliedEvenOutsideItsTypes() {
        PolicyRule odd = new Rule("TEST-01", Severity.ADVISORY, Stacks.BOTH, "nothing", "finds on anything", "-", "none",
                List.of("aws:none/none:None")) {
            @Override
            public void check(PlanGraph graph, Findings out) {
                graph.ofType(Types.BUCKET).forEach(b -> out.add(b, "found"));
            }
        };
        TestPlan small = TestPlan.stack("prod");
        small.add(Types.BUCKET, "b");
        assertEquals(1, new PolicyEngine(List.of(odd)).evaluate(small.build()).applied());
        assertEquals(0, new PolicyEngine(List.of(odd)).evaluate(TestPlan.stack("prod").build()).applied());
    }

    @Test
    void aRuleOverEveryResourceAppliesToAnyCloudResourceOnly() {
        PolicyRule everything = new Rule("TEST-02", Severity.ADVISORY, Stacks.BOTH, "every resource", "-", "-", "-") {
            @Override
            public void check(PlanGraph graph, Findings out) {
            }
        };
        assertEquals(0, new PolicyEngine(List.of(everything)).evaluate(TestPlan.stack("prod").build()).applied());
        TestPlan one = TestPlan.stack("prod");
        one.add(Types.VPC, "vpc");
        assertEquals(1, new PolicyEngine(List.of(everything)).evaluate(one.build()).applied());
    }

    // --- Exceptions that expire ---

    static PolicyEngine engineOn(LocalDate day) {
        return new PolicyEngine(StandardRules.all(CompliantPlanTest.TODAY), Clock.fixed(day.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));
    }

    private void privilegedWithException(String value) {
        plan.get("builder").set("environment.privilegedMode", true).tag("policy-exception:SEC-CB-02", value);
    }

    @Test
    void anExceptionAppliesUpToAndIncludingItsLastDay() {
        privilegedWithException("docker-in-docker; until 2026-01-15");
        PolicyReport report = engineOn(LocalDate.of(2026, 1, 15)).evaluate(plan.build());

        assertFalse(report.hasMandatory(), () -> CompliantPlanTest.print(report));
        assertEquals(List.of(new ExceptionUse("SEC-CB-02", plan.urn("builder"), "docker-in-docker", LocalDate.of(2026, 1, 15), false, true)),
                report.exceptions());
        assertTrue(CompliantPlanTest.print(report).contains("SEC-CB-02 on builder: docker-in-docker (suppressed a violation, until 2026-01-15)"));
    }

    @Test
    void pastItsDateAnExceptionNoLongerApplies() {
        privilegedWithException("docker-in-docker; until 2025-11-30");
        PolicyReport report = engineOn(LocalDate.of(2025, 12, 1)).evaluate(plan.build());

        Violation v = report.violationsOf("SEC-CB-02").get(0);
        assertEquals(Severity.MANDATORY, v.severity());
        assertTrue(v.message().endsWith("(exception for SEC-CB-02 on builder expired on 2025-11-30)"), v.message());
        assertEquals(List.of(new ExceptionUse("SEC-CB-02", plan.urn("builder"), "docker-in-docker", LocalDate.of(2025, 11, 30), true, false)),
                report.exceptions());
        assertTrue(CompliantPlanTest.print(report).contains("(exception for SEC-CB-02 on builder expired on 2025-11-30: no longer applies)"));
    }

    @Test
    void aMalformedExpiryIsAMandatoryViolationAndSuppressesNothing() {
        privilegedWithException("docker-in-docker; until 30/11/2026");
        PolicyReport report = Violations.evaluate(plan);

        Violation malformed = assertViolation(plan, "SEC-CB-02", "builder", "until 30/11/2026", "is not a date", "YYYY-MM-DD");
        assertEquals(Severity.MANDATORY, malformed.severity());
        assertEquals(Severity.MANDATORY, assertViolation(plan, "SEC-CB-02", "builder", "privilegedMode true").severity());
        assertTrue(report.exceptions().isEmpty());
    }

    @Test
    void expiryDatesAreReadStrictly() {
        assertEquals(LocalDate.of(2026, 2, 28), ExceptionTag.parse("why; until 2026-02-28").until().orElseThrow());
        assertEquals("why", ExceptionTag.parse("why;until 2026-02-28").reason());
        assertEquals("a reason; with a semicolon", ExceptionTag.parse("a reason; with a semicolon").reason());
        var last = ExceptionTag.parse("needed; until the migration; until 2026-03-01");
        assertEquals("needed; until the migration", last.reason());
        assertEquals(LocalDate.of(2026, 3, 1), last.until().orElseThrow());
        for (String bad : List.of("why; until 2026-02-30", "why; until 2026-2-28", "why; until", "why; UNTIL tomorrow")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ExceptionTag.parse(bad), bad);
            assertTrue(e.getMessage().contains("is not a date"), e.getMessage());
        }
        assertTrue(ExceptionTag.parse("; until 2026-01-01").reason().isEmpty());
    }

    @Test
    void anExpiryWithoutReasonIsStillAnExceptionWithoutReason() {
        privilegedWithException("; until 2099-01-01");
        assertViolation(plan, "SEC-CB-02", "builder", "with no reason");
    }

    // --- The JSON carries the same numbers and the not-evaluated list ---

    @Test
    void theJsonSectionCarriesTheVerdictNumbersAndTheChecksNotEvaluated() throws Exception {
        plan.get("build-logs").set("kmsKeyId", PlannedResource.COMPUTED);
        plan.get("jobs-table").set("pointInTimeRecovery.enabled", false);
        plan.get("worker").set("tracingConfig.mode", "PassThrough");
        PolicyReport report = Violations.evaluate(plan);

        JsonNode policy = new ObjectMapper().readTree(PlanJson.write(plan.build(), report.jsonSection())).get("policy");
        assertEquals(List.of("rules", "applied", "mandatory", "advisory", "exceptions", "violations", "notEvaluated"),
                com.google.common.collect.ImmutableList.copyOf(policy.fieldNames()));
        String line = PolicyReportPrinter.summary(report);
        assertEquals(String.format("policy: %d rules, %d applied, %d mandatory, %d advisory violations, %d exceptions, 1 not evaluated",
                policy.get("rules").asInt(), policy.get("applied").asInt(), policy.get("mandatory").asInt(),
                policy.get("advisory").asInt(), policy.get("exceptions").asInt()), line);
        assertEquals(Map.of("rule", "SEC-CW-02", "urn", plan.urn("build-logs"), "input", "kmsKeyId",
                        "message", "not evaluated: kmsKeyId of build-logs is computed"),
                new ObjectMapper().convertValue(policy.get("notEvaluated").get(0), Map.class));
        assertEquals(List.of("advisory SEC-LAM-05", "mandatory REL-DDB-01"),
                com.google.common.collect.ImmutableList.copyOf(policy.get("violations").elements()).stream()
                        .map(v -> v.get("severity").asText() + " " + v.get("rule").asText()).toList());
    }
}
