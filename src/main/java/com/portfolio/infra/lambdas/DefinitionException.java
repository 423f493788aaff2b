package com.portfolio.infra.lambdas;

import java.util.List;

/**
 * Every problem found in the definition files of a folder of functions (routes or event
 * handlers), one line each: the file, the field, the value received and what is expected.
 */
public final class DefinitionException extends RuntimeException {

    private final List<String> problems;

    public DefinitionException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
