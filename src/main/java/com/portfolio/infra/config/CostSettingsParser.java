package com.portfolio.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads {@code portfolio:monthlyBudget}, {@code portfolio:budgetEmail} and {@code portfolio:usageAssumptions}. */
final class CostSettingsParser {

    static final int DEFAULT_BUDGET_DEVELOPMENT = 40;
    static final int DEFAULT_BUDGET_PRODUCTION = 200;
    /** AWS Budgets accepts any positive amount; a limit above this is a typo rather than a personal budget. */
    static final int MAX_BUDGET = 1_000_000;
    /** Loose on purpose: AWS Budgets checks deliverability; this catches a missing @ or a stray space. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CostSettingsParser() {
    }

    static CostSettings read(ConfigReader reader, boolean production) {
        int fallback = production ? DEFAULT_BUDGET_PRODUCTION : DEFAULT_BUDGET_DEVELOPMENT;
        int budget = reader.oneOfNumbers("portfolio:monthlyBudget", fallback, n -> n >= 1 && n <= MAX_BUDGET,
                "a whole number of US dollars a month from 1 to " + MAX_BUDGET + " (default " + DEFAULT_BUDGET_PRODUCTION
                        + " in a production stack, " + DEFAULT_BUDGET_DEVELOPMENT + " otherwise)");
        String email = reader.string("portfolio:budgetEmail", null,
                text -> EMAIL.matcher(text).matches() ? Optional.empty() : Optional.of("not an e-mail address"),
                "an e-mail address such as me@example.com for the budget's alerts (default: none, no budget)");
        return new CostSettings(budget, email, usage(reader));
    }

    private static CostSettings.UsageAssumptions usage(ConfigReader reader) {
        String key = "portfolio:usageAssumptions";
        var values = new HashMap<>(CostSettings.UsageAssumptions.DEFAULTS);
        Optional<String> text = reader.text(key);
        if (text.isEmpty() || text.get().isBlank()) {
            return new CostSettings.UsageAssumptions(values);
        }
        String expected = "a map of monthly quantities, numbers of 0 or more, by name: "
                + new TreeSet<>(CostSettings.UsageAssumptions.DEFAULTS.keySet());
        Map<String, Object> given;
        try {
            given = JSON.readValue(text.get(), new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            reader.problem(key + ": got \"" + text.get() + "\"; expected " + expected);
            return new CostSettings.UsageAssumptions(values);
        }
        given.forEach((name, value) -> {
            if (!values.containsKey(name)) {
                reader.problem(key + ": unknown assumption \"" + name + "\"; expected " + expected);
                return;
            }
            // The stack file's text arrives as JSON of the YAML value: 20 and "20" are both numbers here.
            Double number = value instanceof Number n ? n.doubleValue() : parse(String.valueOf(value));
            if (number == null || number < 0 || number.isInfinite() || number.isNaN()) {
                reader.problem(key + ": " + name + " got \"" + value + "\"; expected a number of 0 or more");
                return;
            }
            values.put(name, number);
        });
        return new CostSettings.UsageAssumptions(values);
    }

    private static Double parse(String text) {
        try {
            return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
