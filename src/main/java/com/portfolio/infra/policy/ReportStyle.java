package com.portfolio.infra.policy;

import com.portfolio.infra.support.Terminal;

/**
 * How a report is printed.
 *
 * @param verbose  list every finding, including the advisories that hold in prod only (otherwise
 *                 collapsed into one line outside prod)
 * @param terminal whether to colour severities
 */
public record ReportStyle(boolean verbose, Terminal terminal) {

    /** Everything listed, no colour: for files and tests. */
    public static final ReportStyle FULL = new ReportStyle(true, Terminal.PLAIN);
}
