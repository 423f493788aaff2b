package com.portfolio.infra.policy;

import static com.portfolio.infra.policy.Violations.assertNoViolation;
import static com.portfolio.infra.policy.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.policy.rules.StandardRules;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaAndEventRulesTest {
    final TestPlan plan = CompliantPlan.build("prod");

    @Test
    void deprecatedRuntimeViolatesLam01() {
        plan.get("api-handler").set("runtime", "nodejs16.x");
        assertViolation(plan, "SEC-LAM-01", "api-handler", "runtime nodejs16.x is deprecated or unknown", "java21");
    }

    @Test
    void aRuntimePastItsEndOfSupportDateViolatesLam01() {
        plan.get("api-handler").set("runtime", "nodejs20.x");
        var before = new PolicyEngine(StandardRules.all(LocalDate.of(2026, 4, 29))).evaluate(plan.build());
        var after = new PolicyEngine(StandardRules.all(LocalDate.of(2026, 4, 30))).evaluate(plan.build());

        assertTrue(before.violationsOf("SEC-LAM-01").isEmpty());
        assertTrue(after.violationsOf("SEC-LAM-01").get(0).message().contains("reached end of support on 2026-04-30"));
    }

    @Test
    void plaintextSecretInEnvironmentViolatesLam01() {
        plan.get("worker").set("environment.variables", Map.of("DB_PASSWORD", "hunter2", "SECRET_ARN", "arn:aws:secretsmanager:x"));
        assertViolation(plan, "SEC-LAM-01", "worker", "DB_PASSWORD holds a credential");
    }

    @Test
    void wildcardPrincipalViolatesLam02() {
        plan.get("health-permission").set("principal", "*").unset("sourceArn");
        assertViolation(plan, "SEC-LAM-02", "health-permission", "principal *");
        assertViolation(plan, "SEC-LAM-02", "health-permission", "no sourceArn");
    }

    @Test
    void missingMemoryViolatesLam03() {
        plan.get("health").unset("memorySize");
        assertViolation(plan, "REL-LAM-03", "health", "no memorySize");
    }

    @Test
    void reservedConcurrencyIsRequiredOnlyInProd() {
        plan.get("health").unset("reservedConcurrentExecutions");
        assertViolation(plan, "REL-LAM-03", "health", "reservedConcurrentExecutions is unset in prod");

        TestPlan dev = CompliantPlan.build("dev");
        dev.get("health").unset("reservedConcurrentExecutions");
        assertNoViolation(dev, "REL-LAM-03");
    }

    @Test
    void functionInOneZoneViolatesLam04() {
        plan.get("worker").set("vpcConfig.subnetIds", List.of(plan.get("private-a").id()));
        assertViolation(plan, "REL-LAM-04", "worker", "1 availability zone(s) [us-east-1a]");
    }

    @Test
    void functionInPublicSubnetViolatesLam04() {
        plan.get("worker").set("vpcConfig.subnetIds", List.of(plan.get("public-a").id(), plan.get("private-b").id()));
        assertViolation(plan, "REL-LAM-04", "worker", "public-a-id", "tier public");
    }

    @Test
    void passThroughTracingViolatesLam05AsAdvisory() {
        plan.get("worker").set("tracingConfig.mode", "PassThrough");
        assertEquals(Severity.ADVISORY, assertViolation(plan, "SEC-LAM-05", "worker", "PassThrough", "Active").severity());
    }

    @Test
    void eventTargetWithoutDlqOrRetryViolatesAsync01() {
        plan.get("spot-to-worker").unset("deadLetterConfig").unset("retryPolicy");
        assertViolation(plan, "REL-ASYNC-01", "spot-to-worker", "no deadLetterConfig.arn");
        assertViolation(plan, "REL-ASYNC-01", "spot-to-worker", "no explicit retryPolicy");
    }

    @Test
    void asyncInvokedFunctionWithoutFailureSinkViolatesAsync01() {
        plan.without("worker-async");
        assertViolation(plan, "REL-ASYNC-01", "worker", "invoked asynchronously");
    }

    @Test
    void aFunctionDlqIsAFailureSinkToo() {
        plan.get("worker-async").unset("destinationConfig");
        plan.get("worker").set("deadLetterConfig.targetArn", plan.get("jobs-dlq").arn());
        assertNoViolation(plan, "REL-ASYNC-01");
    }

    @Test
    void spotWithoutRebalanceRuleViolatesEvb02() {
        plan.get("spot-interruption").set("eventPattern",
                "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\"}");
        assertViolation(plan, "REL-EVB-02", "trainer-lt", "EC2 Instance Rebalance Recommendation");
    }

    @Test
    void spotRuleWithWrongSourceViolatesEvb02() {
        plan.get("spot-interruption").set("eventPattern",
                "{\"source\":[\"aws.ec2spot\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\",\"EC2 Instance Rebalance Recommendation\"]}");
        assertViolation(plan, "REL-EVB-02", "spot-interruption", "expected source aws.ec2");
    }

    @Test
    void noSpotCapacityNeedsNoRule() {
        plan.without("spot-to-worker").without("spot-interruption").get("trainer-lt").unset("instanceMarketOptions");
        assertNoViolation(plan, "REL-EVB-02");
    }
}
