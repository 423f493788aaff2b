package com.portfolio.infra.config;

import java.util.List;

/** Every problem found in a stack's configuration, one actionable line each. */
public final class SettingsException extends RuntimeException {

    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
