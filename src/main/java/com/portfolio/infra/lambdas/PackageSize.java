package com.portfolio.infra.lambdas;

import java.util.Locale;

/**
 * A function's unzipped size with its layer's against Lambda's limit on the two together (250 MB,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): a function over it
 * cannot be created, so the program stops; one above 80% is close enough to say so.
 */
public final class PackageSize {

    /** 250 MB as Lambda counts it (MiB). */
    public static final long LIMIT_BYTES = 250L * 1024 * 1024;

    private PackageSize() {
    }

    /** How a function stands against the limit. */
    public enum Verdict { WITHIN, NEAR, OVER }

    /** @param layerBytes the built layer's unzipped size, or null when it is not known before its build */
    public static Verdict verdict(long functionBytes, Long layerBytes) {
        long total = functionBytes + (layerBytes == null ? 0 : layerBytes);
        if (total > LIMIT_BYTES) {
            return Verdict.OVER;
        }
        return total * 5 > LIMIT_BYTES * 4 ? Verdict.NEAR : Verdict.WITHIN; // above 80%, in whole numbers
    }

    /** One line for the plan, e.g. {@code 3.1 KiB + layer 14.2 MiB = 14.2 MiB of 250 MiB (5.7%)}. */
    public static String line(long functionBytes, Long layerBytes) {
        if (layerBytes == null) {
            return show(functionBytes) + " unzipped + layer size unknown until built; limit " + show(LIMIT_BYTES)
                    + (verdict(functionBytes, null) == Verdict.WITHIN ? ""
                    : " (" + percent(functionBytes) + " without the layer)");
        }
        long total = functionBytes + layerBytes;
        String line = show(functionBytes) + " unzipped + layer " + show(layerBytes) + " = " + show(total) + " of "
                + show(LIMIT_BYTES) + " (" + percent(total) + ")";
        return switch (verdict(functionBytes, layerBytes)) {
            case WITHIN -> line;
            case NEAR -> line + ": above 80% of Lambda's limit";
            case OVER -> line + ": over Lambda's limit, the function cannot be created";
        };
    }

    private static String percent(long bytes) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * bytes / LIMIT_BYTES);
    }

    static String show(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
