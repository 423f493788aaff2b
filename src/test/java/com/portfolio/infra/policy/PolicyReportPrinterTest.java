package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.support.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GIVEN a report WHEN printed THEN mandatory findings lead, prod-only advisories collapse outside prod, fixes name settings. */
class PolicyReportPrinterTest {

    private static final String URN = "urn:pulumi:dev::portfolio::pulumi:pulumi:Stack$portfolio:network:Networking$aws:ec2/routeTable:RouteTable::";

    private static Violation advisory(String rule, String name, boolean prodOnly) {
        return new Violation(rule, Severity.ADVISORY, URN + name, name + " is off" + (prodOnly ? PolicyReportPrinter.PROD_ONLY : ""),
                "Do the generic thing.");
    }

    private static final PolicyReport REPORT = new PolicyReport(62, 20, List.of(
            advisory("REL-VPC-04", "network-private-rt-1", true),
            advisory("REL-VPC-04", "network-private-rt-2", true),
            advisory("OPS-TAG-02", "network-vpc", false),
            new Violation("SEC-S3-01", Severity.MANDATORY, URN + "raw-data", "raw-data is public", "Block it.")),
            List.of(), List.of());

    private static String print(PolicyReport report, ReportStyle style) {
        var bytes = new ByteArrayOutputStream();
        PolicyReportPrinter.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8), style);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mandatoryFirstAndProdOnlyAdvisoriesInOneLineOutsideVerbose() {
        String text = print(REPORT, new ReportStyle(false, Terminal.PLAIN));

        assertTrue(text.startsWith("SEC-S3-01 [MANDATORY]\n  - raw-data\n"), text);
        assertTrue(text.indexOf("OPS-TAG-02 [ADVISORY]") > text.indexOf("SEC-S3-01"), text);
        assertFalse(text.contains("network-private-rt-1"), text);
        assertTrue(text.contains("\n2 advisories that hold in prod only (2 REL-VPC-04): run with --verbose to list them\n"), text);
        assertTrue(text.endsWith("policy: 62 rules, 20 applied, 1 mandatory, 3 advisory violations, 0 exceptions\n"), text);
    }

    @Test
    void verboseListsThemWithTheSettingThatFixesThem() {
        String text = print(REPORT, new ReportStyle(true, Terminal.PLAIN));

        assertTrue(text.contains("REL-VPC-04 [ADVISORY]\n  - network-private-rt-1\n"), text);
        assertTrue(text.contains("    fix: set `portfolio:natGateways: per-az` in Pulumi.dev.yaml. Do the generic thing.\n"), text);
        assertTrue(text.contains("OPS-TAG-02 [ADVISORY]\n  - network-vpc\n    urn: " + URN + "network-vpc\n    network-vpc is off\n"
                + "    fix: Do the generic thing.\n"), "a rule no setting decides keeps its own fix: " + text);
        assertFalse(text.contains("run with --verbose"), text);
    }

    @Test
    void colourOnlyWhenTheTerminalTakesIt() {
        assertFalse(print(REPORT, new ReportStyle(true, Terminal.PLAIN)).contains("\u001b["));
        String coloured = print(REPORT, new ReportStyle(true, new Terminal(true)));
        assertTrue(coloured.contains("[\u001b[1;31mMANDATORY\u001b[0m]"), coloured);
        assertTrue(coloured.lines().anyMatch(l -> l.startsWith("policy: ")), "the verdict line starts with policy: even in colour");
    }
}
