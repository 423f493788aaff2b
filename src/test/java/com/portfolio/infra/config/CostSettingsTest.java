package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** portfolio:monthlyBudget, portfolio:budgetEmail and portfolio:usageAssumptions: defaults and refusals. */
class CostSettingsTest {

    private static StackSettings parse(String stack, String... keyValues) {
        var raw = new HashMap<String, RawValue>();
        raw.put("aws:region", RawValue.plain("us-east-1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], RawValue.plain(keyValues[i + 1]));
        }
        return StackSettingsParser.parse("portfolio", stack, new RawConfig(raw), Path.of("."));
    }

    private static List<String> problems(String... keyValues) {
        return assertThrows(SettingsException.class, () -> parse("dev", keyValues)).problems();
    }

    @Test
    void theBudgetDefaultsByEnvironmentAndNoAddressMeansNoBudget() {
        assertEquals(40, parse("dev").cost().monthlyBudgetUsd());
        assertEquals(200, parse("prod", "portfolio:natGateways", "per-az").cost().monthlyBudgetUsd());
        assertNull(parse("dev").cost().budgetEmail());
        assertEquals(75, parse("dev", "portfolio:monthlyBudget", "75").cost().monthlyBudgetUsd());
    }

    @Test
    void assumptionsDefaultAndAreOverriddenOneByOne() {
        var usage = parse("dev", "portfolio:usageAssumptions", "{\"natDataGb\": 50, \"trainingInstanceHours\": \"7.5\"}").cost().usage();
        assertEquals(50, usage.get("natDataGb"));
        assertEquals(7.5, usage.get("trainingInstanceHours"));
        assertEquals(CostSettings.UsageAssumptions.DEFAULTS.get("apiRequests"), usage.get("apiRequests"));
    }

    @Test
    void badValuesAreRefusedWithTheKeyTheValueAndWhatIsExpected() {
        assertEquals(List.of("portfolio:monthlyBudget: got \"0\"; expected a whole number of US dollars a month from 1 to 1000000 "
                + "(default 200 in a production stack, 40 otherwise)"), problems("portfolio:monthlyBudget", "0"));
        assertEquals(List.of("portfolio:budgetEmail: got \"me at example.com\" (not an e-mail address); expected an e-mail address "
                + "such as me@example.com for the budget's alerts (default: none, no budget)"),
                problems("portfolio:budgetEmail", "me at example.com"));
        String names = "[apiRequests, buildMinutes, cdnDataGb, dynamoReads, dynamoStorageGb, dynamoWrites, efsStorageGb, "
                + "endpointDataGb, lambdaGbSeconds, logIngestGb, natDataGb, notifications, queueRequests, s3StorageGb, "
                + "siteRequests, stateTransitions, trainingInstanceHours]";
        assertEquals(List.of("portfolio:usageAssumptions: unknown assumption \"natGb\"; expected a map of monthly quantities, "
                + "numbers of 0 or more, by name: " + names), problems("portfolio:usageAssumptions", "{\"natGb\": 5}"));
        assertEquals(List.of("portfolio:usageAssumptions: natDataGb got \"-1\"; expected a number of 0 or more"),
                problems("portfolio:usageAssumptions", "{\"natDataGb\": -1}"));
        assertEquals(List.of("portfolio:usageAssumptions: got \"[1]\"; expected a map of monthly quantities, numbers of 0 or more, "
                + "by name: " + names), problems("portfolio:usageAssumptions", "[1]"));
    }

    @Test
    void anUnknownAssumptionNameIsADefectWithTheKnownNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> CostSettings.UsageAssumptions.defaults().get("gpuHours"));
        assertEquals(true, e.getMessage().startsWith("no usage assumption named gpuHours; known: [apiRequests,"), e.getMessage());
    }
}
