package com.portfolio.infra.support;

import java.util.Map;

/**
 * Whether to colour what is printed: only on an interactive terminal that can show colour, and
 * never when the user opted out with {@code NO_COLOR} (https://no-color.org: any non-empty value).
 * Piped or redirected output stays plain so that logs and {@code grep} see no escape codes.
 */
public record Terminal(boolean colour) {

    public static final Terminal PLAIN = new Terminal(false);

    private static final String RESET = "\u001b[0m";

    /** The terminal this process writes to. */
    public static Terminal current() {
        return decide(System.console() != null, System.getenv());
    }

    /** @param interactive whether standard input and output are a terminal ({@code System.console() != null}) */
    public static Terminal decide(boolean interactive, Map<String, String> environment) {
        String term = environment.get("TERM");
        String noColour = environment.get("NO_COLOR");
        boolean optedOut = noColour != null && !noColour.isEmpty();
        boolean capable = term != null && !term.isEmpty() && !term.equals("dumb");
        return new Terminal(interactive && capable && !optedOut);
    }

    public String red(String text) {
        return paint("1;31", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }

    public String green(String text) {
        return paint("32", text);
    }

    public String bold(String text) {
        return paint("1", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
