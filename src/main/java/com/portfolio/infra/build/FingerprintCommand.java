package com.portfolio.infra.build;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fingerprint <dir> [--files]}: prints the fingerprint a package would be built under, and
 * with {@code --files} each file's path and hash, to answer "why did it rebuild?" by diffing two
 * listings. Extra build inputs are not mixed in here (they live in the stack's config), so the
 * value is that of the files alone.
 */
public final class FingerprintCommand {

    public static final String USAGE = "usage: fingerprint <package-dir> [--files]";

    private FingerprintCommand() {
    }

    /** @return 0 on success, 2 on a usage error, 1 when the directory cannot be read */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        boolean listFiles = false;
        for (String arg : args) {
            if (arg.equals("--files")) {
                listFiles = true;
            } else if (arg.startsWith("-")) {
                err.println("fingerprint: unknown option '" + arg + "'; expected --files. " + USAGE);
                return 2;
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != 1) {
            err.println("fingerprint: expected exactly one package directory, got " + positional.size()
                    + (positional.isEmpty() ? "" : " " + positional) + ". " + USAGE);
            return 2;
        }
        Path dir = Path.of(positional.get(0));
        if (!Files.isDirectory(dir)) {
            err.println("fingerprint: '" + dir + "' is not a directory (resolved to " + dir.toAbsolutePath()
                    + "); expected a package folder such as ml-packages/<pkg>");
            return 2;
        }
        try (Fingerprinter fingerprinter = new Fingerprinter()) {
            Fingerprint fingerprint = fingerprinter.compute(dir, ExtraInputs.none());
            out.println(fingerprint.hex());
            if (listFiles) {
                for (FileHash file : fingerprint.files()) {
                    out.println(file.sha256() + "  " + file.kind().name().toLowerCase() + "  " + file.path());
                }
            }
            return 0;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("fingerprint: " + e.getMessage());
            return 1;
        }
    }
}
