package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.Environment;
import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.PolicyReport;
import com.portfolio.infra.policy.Severity;
import com.portfolio.infra.policy.Types;
import com.portfolio.infra.policy.Violation;
import com.portfolio.infra.testsupport.TestStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GIVEN the shipped prod stack file copied under another name / WHEN it is read and planned /
 * THEN it is production in every respect: the environment decides, not the name.
 */
class ProductionEnvironmentTest {

    private static final String ENVIRONMENT_LINE = "  portfolio:environment: production\n";

    @TempDir
    Path dir;

    private StackSettingsParser.Parsed copyOfProd(String stack, boolean keepEnvironment) throws Exception {
        String prod = Files.readString(Path.of("Pulumi.prod.yaml"));
        assertTrue(prod.contains(ENVIRONMENT_LINE), "the shipped prod stack sets its environment");
        Path copy = dir.resolve("Pulumi." + stack + ".yaml");
        Files.writeString(copy, keepEnvironment ? prod : prod.replace(ENVIRONMENT_LINE, ""));
        return StackSettingsParser.read("portfolio", stack, RawConfig.fromStackFile(copy), Path.of("."));
    }

    /** "production" by its name's default; the others because the copy says production. */
    @ParameterizedTest
    @ValueSource(strings = {"production", "prod-eu", "staging"})
    void aCopyOfProdUnderAnotherNameIsPlannedAsProduction(String stack) throws Exception {
        var parsed = copyOfProd(stack, !stack.equals("production"));
        assertEquals(List.of(), parsed.warnings());
        Plan plan = TestStacks.plan(parsed.settings());
        assertEquals(Environment.PRODUCTION, plan.environment());

        List<PlannedResource> tables = plan.ofType(Types.TABLE).toList();
        assertFalse(tables.isEmpty());
        for (PlannedResource table : tables) {
            assertTrue(table.protect() && table.retainOnDelete(), table.name() + " protected");
            assertEquals(true, table.inputs().get("deletionProtectionEnabled"), table.name());
        }
        plan.ofType(Types.FILE_SYSTEM).forEach(fs -> assertTrue(fs.protect() && fs.retainOnDelete(), fs.name()));
        assertEquals("ENABLED", plan.ofType(Types.BACKUP_POLICY).findFirst().orElseThrow()
                .input("backupPolicy.status").orElseThrow());
        assertEquals(3, plan.ofType(Types.NAT_GATEWAY).count(), "a NAT gateway in each of the 3 AZs");

        PolicyReport report = PolicyEngine.standard().evaluate(plan);
        assertEquals(0, report.mandatoryCount(), report.violations().toString());
        assertTrue(report.violations().stream().noneMatch(v -> v.message().contains("holds in prod only")));

        // The production-only rule bites: unprotected tables are a mandatory violation here.
        PolicyReport unprotected = PolicyEngine.standard().evaluate(withoutProtection(plan));
        List<Violation> protection = unprotected.violationsOf("OPS-PROT-01");
        assertFalse(protection.isEmpty());
        protection.forEach(v -> assertEquals(Severity.MANDATORY, v.severity(), v.message()));
    }

    @Test
    void aProdNamedStackSetToDevelopmentLosesTheProtectionsAndSaysSo() throws Exception {
        String prod = Files.readString(Path.of("Pulumi.prod.yaml"))
                .replace(ENVIRONMENT_LINE, "  portfolio:environment: development\n");
        Path copy = dir.resolve("Pulumi.prod-eu.yaml");
        Files.writeString(copy, prod);
        var parsed = StackSettingsParser.read("portfolio", "prod-eu", RawConfig.fromStackFile(copy), Path.of("."));
        assertEquals(1, parsed.warnings().size(), parsed.warnings().toString());
        assertTrue(parsed.warnings().get(0).startsWith("stack prod-eu has \"prod\" in its name but is a development stack"));

        Plan plan = TestStacks.plan(parsed.settings());
        assertEquals(Environment.DEVELOPMENT, plan.environment());
        plan.ofType(Types.TABLE).forEach(t -> assertFalse(t.protect(), t.name()));
        assertEquals("DISABLED", plan.ofType(Types.BACKUP_POLICY).findFirst().orElseThrow()
                .input("backupPolicy.status").orElseThrow());
        List<Violation> protection = PolicyEngine.standard().evaluate(plan).violationsOf("OPS-PROT-01");
        assertFalse(protection.isEmpty());
        protection.forEach(v -> assertEquals(Severity.ADVISORY, v.severity(), v.message()));
    }

    private static Plan withoutProtection(Plan plan) {
        List<PlannedResource> resources = plan.resources().stream()
                .map(r -> r.type().equals(Types.TABLE) ? new PlannedResource(r.urn(), r.type(), r.name(), r.id(),
                        r.parentUrn(), r.custom(), r.inputs(), false, false, r.state()) : r)
                .toList();
        return new Plan(plan.project(), plan.stack(), plan.environment(), resources, plan.outputs());
    }
}
