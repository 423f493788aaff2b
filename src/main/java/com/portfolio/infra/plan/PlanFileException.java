package com.portfolio.infra.plan;

/**
 * A file given as a plan that cannot be read as one: the message names the file, what was found
 * and what was expected.
 */
public final class PlanFileException extends RuntimeException {
    public PlanFileException(String message) {
        super(message);
    }

    public PlanFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
