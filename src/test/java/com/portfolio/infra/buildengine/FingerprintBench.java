package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fingerprint throughput inside a warm JVM (JVM start-up excluded), for
 * {@code benchmarks/fingerprint-throughput.sh}. Prints one line per directory:
 * {@code <dir> files=<n> bytes=<b> best_seconds=<s> mb_per_s=<r> fingerprint=<hex>}.
 *
 * <p>Usage: {@code FingerprintBench <runs> <dir>...}; one untimed warm-up run precedes the timed ones.
 */
public final class FingerprintBench {

    private FingerprintBench() {
    }

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        try (Fingerprinter fingerprinter = new Fingerprinter()) {
            for (int i = 1; i < args.length; i++) {
                Path dir = Path.of(args[i]);
                List<SourceFile> files = PackageFiles.list(dir);
                long bytes = files.stream().mapToLong(f -> size(f.absolutePath())).sum();
                String hex = fingerprinter.compute(dir, ExtraInputs.none()).hex(); // warm-up
                long best = Long.MAX_VALUE;
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    String again = fingerprinter.compute(dir, ExtraInputs.none()).hex(); // includes listing
                    best = Math.min(best, System.nanoTime() - start);
                    if (!again.equals(hex)) {
                        throw new IllegalStateException("fingerprint of " + dir + " changed between runs");
                    }
                }
                long listStart = System.nanoTime();
                PackageFiles.list(dir);
                double listSeconds = (System.nanoTime() - listStart) / 1e9;
                double seconds = best / 1e9;
                System.out.printf("%s files=%d bytes=%d best_seconds=%.3f (listing %.3f) mb_per_s=%.1f fingerprint=%s%n",
                        dir, files.size(), bytes, seconds, listSeconds, bytes / 1e6 / seconds, hex);
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
