package com.portfolio.infra;

/**
 * What the verbs that judge a plan ({@code plan}, {@code check}, {@code diff}) exit with. Each
 * code means one thing, so that CI can tell a broken stack from a broken tool.
 */
final class ExitCodes {
    /** The plan meets every mandatory rule. */
    static final int OK = 0;
    /** The plan has at least one mandatory policy violation, and nothing else went wrong. */
    static final int POLICY_VIOLATION = 1;
    /** Bad usage, configuration or input file: the message says what was wrong and what was expected. */
    static final int BAD_INPUT = 2;
    /** The program, a policy rule or a printer failed: a defect, reported with its error. */
    static final int CRASHED = 3;

    private ExitCodes() {
    }
}
