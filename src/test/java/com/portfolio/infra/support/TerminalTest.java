package com.portfolio.infra.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only on a terminal that shows it, and never with NO_COLOR. */
class TerminalTest {

    @Test
    void colourOnlyOnAnInteractiveCapableTerminalWithoutNoColor() {
        assertTrue(Terminal.decide(true, Map.of("TERM", "xterm-256color")).colour());
        assertFalse(Terminal.decide(false, Map.of("TERM", "xterm-256color")).colour(), "piped or redirected");
        assertFalse(Terminal.decide(true, Map.of("TERM", "dumb")).colour());
        assertFalse(Terminal.decide(true, Map.of()).colour(), "no TERM");
        assertFalse(Terminal.decide(true, Map.of("TERM", "xterm", "NO_COLOR", "1")).colour());
        assertTrue(Terminal.decide(true, Map.of("TERM", "xterm", "NO_COLOR", "")).colour(), "an empty NO_COLOR does not opt out");
    }

    @Test
    void plainTextHasNoEscapes() {
        assertEquals("MANDATORY", Terminal.PLAIN.red("MANDATORY"));
        assertEquals("\u001b[1;31mMANDATORY\u001b[0m", new Terminal(true).red("MANDATORY"));
    }
}
