package com.portfolio.infra;

import java.io.PrintStream;

/**
 * How a defect (exit {@link ExitCodes#CRASHED}) is reported: one line saying what failed and why,
 * the chain of causes below it, and the stack trace only with {@code --verbose}, for whoever
 * fixes it. A user who hits it needs the first line; a trace of a hundred frames hides it.
 */
final class Failure {

    private Failure() {
    }

    /**
     * @param what  what failed, e.g. {@code policy rule SEC-S3-01 failed on stack dev: ...}
     * @param cause the exception, or null
     * @return {@link ExitCodes#CRASHED}
     */
    static int report(String what, Throwable cause, PrintStream err, boolean verbose) {
        err.println("error: " + what);
        if (cause != null) {
            int depth = 0;
            for (Throwable c = cause.getCause(); c != null && depth < 5; c = c.getCause() == c ? null : c.getCause(), depth++) {
                err.println("  caused by: " + c);
            }
            if (verbose) {
                cause.printStackTrace(err);
            } else {
                err.println("  (a defect of the tool or the program; run again with --verbose for the stack trace)");
            }
        }
        return ExitCodes.CRASHED;
    }
}
