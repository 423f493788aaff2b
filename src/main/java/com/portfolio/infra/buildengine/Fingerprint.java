package com.portfolio.infra.buildengine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Content address of one package's build: SHA-256 over its files and the extra build inputs.
 *
 * @param hex   64 lower-case hex digits
 * @param files each file's relative path and hash, sorted by path
 */
public record Fingerprint(String hex, List<FileHash> files) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Fingerprint {
        requireHex(hex);
        files = List.copyOf(files);
    }

    /** Fails with the value if {@code hex} is not a 64-digit lower-case SHA-256. */
    public static String requireHex(String hex) {
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("Fingerprint '" + hex + "' is not 64 lower-case hex digits");
        }
        return hex;
    }

    @Override
    public String toString() {
        return hex;
    }
}
