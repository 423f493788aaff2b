package com.portfolio.infra.config;

/**
 * One config value as the stack holds it, before validation.
 *
 * @param text   the value's text; structured values (lists, objects) are JSON text, as the Pulumi
 *               engine hands them to programs. {@code null} for a secret whose value is unknown
 *               (a {@code secure:} value read from a stack file, which the plan cannot decrypt).
 * @param secret whether the value is a secret
 */
public record RawValue(String text, boolean secret) {

    public static RawValue plain(String text) {
        return new RawValue(text, false);
    }

    public static RawValue unknownSecret() {
        return new RawValue(null, true);
    }

    public boolean isKnown() {
        return text != null;
    }
}
