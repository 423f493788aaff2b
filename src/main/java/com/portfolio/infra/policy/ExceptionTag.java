package com.portfolio.infra.policy;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of a {@code policy-exception:<RULE-ID>} tag: {@code <reason>} or
 * {@code <reason>; until YYYY-MM-DD} (the last {@code ; until} of the value). The exception applies
 * up to and including that day.
 *
 * @param reason why the exception is needed
 * @param until  the last day it applies, if it expires
 */
public record ExceptionTag(String reason, Optional<LocalDate> until) {
    private static final Pattern UNTIL = Pattern.compile("^(.*);\\s*until\\b\\s*(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    /** Reads a tag value; a malformed expiry is refused with what was found and what is expected. */
    public static ExceptionTag parse(String value) {
        Matcher m = UNTIL.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            return new ExceptionTag(value == null ? "" : value.strip(), Optional.empty());
        }
        String date = m.group(2).strip();
        try {
            return new ExceptionTag(m.group(1).strip(), Optional.of(LocalDate.parse(date, DAY)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its expiry \"until " + date + "\" is not a date; expected \"<reason>; until YYYY-MM-DD\", e.g. \"image build needs Docker; until 2026-11-30\"");
        }
    }

    /** Whether the exception no longer applies on {@code today}. */
    public boolean expiredOn(LocalDate today) {
        return until.map(today::isAfter).orElse(false);
    }
}
