package com.portfolio.infra.buildengine;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fingerprint <dir> [--files] [--stack <stack>]}: prints a package's fingerprint, and with
 * {@code --files} each file's path and hash, to answer "why did it rebuild?" by diffing two
 * listings. Without {@code --stack} the value is that of the files alone; with it, the stack's
 * build recipe (buildspec, image, versions) is mixed in as a deployment does, so the value is the
 * one the plan and {@code pulumi up} report, and {@code --files} also lists each recipe input.
 */
public final class FingerprintCommand {

    public static final String USAGE = "usage: fingerprint <package-dir> [--files] [--stack <stack>]";

    /** The build recipe of a package in a stack; throws IllegalArgumentException saying why there is none. */
    @FunctionalInterface
    public interface Recipes {
        ExtraInputs of(Path packageDir, String stack);
    }

    private FingerprintCommand() {
    }

    /** Without stack recipes: {@code --stack} is refused. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, (dir, stack) -> {
            throw new IllegalArgumentException("--stack is not available here");
        });
    }

    /** @return 0 on success, 2 on a usage error, 1 when the directory cannot be read */
    public static int run(String[] args, PrintStream out, PrintStream err, Recipes recipes) {
        List<String> positional = new ArrayList<>();
        boolean listFiles = false;
        String stack = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--files")) {
                listFiles = true;
            } else if (arg.equals("--stack")) {
                if (i + 1 >= args.length) {
                    err.println("fingerprint: --stack needs a stack name. " + USAGE);
                    return 2;
                }
                stack = args[++i];
            } else if (arg.startsWith("-")) {
                err.println("fingerprint: unknown option '" + arg + "'; expected --files or --stack. " + USAGE);
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
        ExtraInputs inputs;
        try {
            inputs = stack == null ? ExtraInputs.none() : recipes.of(dir, stack);
        } catch (IllegalArgumentException e) {
            err.println("fingerprint: " + e.getMessage());
            return 2;
        }
        try (Fingerprinter fingerprinter = new Fingerprinter()) {
            Fingerprint fingerprint = fingerprinter.compute(dir, inputs);
            out.println(fingerprint.hex());
            if (listFiles) {
                for (FileHash file : fingerprint.files()) {
                    out.println(file.sha256() + "  " + file.kind().name().toLowerCase() + "  " + file.path());
                }
                inputs.values().forEach((name, value) -> out.println(ContentHasher.sha256Hex(value) + "  input  " + name));
            }
            return 0;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("fingerprint: " + e.getMessage());
            return 1;
        }
    }
}
