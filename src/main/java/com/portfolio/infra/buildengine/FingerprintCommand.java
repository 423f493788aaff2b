package com.portfolio.infra.buildengine;

import com.portfolio.infra.support.CommandLine;
import com.portfolio.infra.support.CommandLine.Option;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fingerprint <dir> [--files] [--stack <stack>]}: prints a package's fingerprint, and with
 * {@code --files} each file's path and hash and each recipe input's hash and value, to answer
 * "why did it rebuild?" by reading or diffing two listings. Without {@code --stack} the value is that of the files alone; with it, the stack's
 * build recipe (buildspec, image, versions) is mixed in as a deployment does, so the value is the
 * one the plan and {@code pulumi up} report, and {@code --files} also lists each recipe input.
 */
public final class FingerprintCommand {

    static final CommandLine COMMAND = new CommandLine("fingerprint", "<package folder>", 1, 1, """
            Prints a build package's fingerprint: the value an update looks for a build marker of.
            With --files, each file's hash and kind, then each build-recipe input's hash and value:
            diff two listings to see why a package rebuilt. Without --stack the files alone are
            hashed; with it the stack's recipe (buildspec, image, versions) is mixed in, as a
            deployment does, so the value is the one the plan and `pulumi up` report.""",
            List.of(Option.flag("files", null, "list each file and each recipe input with its hash"),
                    Option.value("stack", 's', "<stack>", "mix in the build recipe of this stack")),
            List.of("0  printed", "1  the folder could not be read", "2  bad usage, not a package folder, or a bad stack"),
            List.of("java -jar target/portfolio-infra.jar fingerprint ml-packages/trainkit --stack dev --files",
                    "java -jar target/portfolio-infra.jar fingerprint lambda-layer -s prod --files > before.txt  (change, run again, diff)"));

    public static final String USAGE = COMMAND.usage();

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
        CommandLine.Parsed parsed;
        try {
            parsed = COMMAND.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (parsed.help()) {
            out.print(COMMAND.help());
            return 0;
        }
        boolean listFiles = parsed.flag("files");
        String stack = parsed.value("stack").orElse(null);
        Path dir = Path.of(parsed.positional().get(0));
        if (!Files.isDirectory(dir)) {
            err.println("error: '" + dir + "' is not a directory (resolved to " + dir.toAbsolutePath()
                    + "); expected a package folder such as ml-packages/<pkg>");
            return 2;
        }
        ExtraInputs inputs;
        try {
            inputs = stack == null ? ExtraInputs.none() : recipes.of(dir, stack);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try (Fingerprinter fingerprinter = new Fingerprinter()) {
            Fingerprint fingerprint = fingerprinter.compute(dir, inputs);
            out.println(fingerprint.hex());
            if (listFiles) {
                for (FileHash file : fingerprint.files()) {
                    out.println(file.sha256() + "  " + file.kind().name().toLowerCase() + "  " + file.path());
                }
                inputs.values().forEach((name, value) -> out.print(recipeInputLine(name, value)));
            }
            return 0;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * A recipe input's hash, name and value: a one-line value beside its name, a longer one (the
     * buildspec) below it, each line prefixed with {@code | }, so a diff of two listings shows
     * the line that changed.
     */
    static String recipeInputLine(String name, String value) {
        String head = ContentHasher.sha256Hex(value) + "  input  " + name;
        if (!value.contains("\n") && !value.contains("\r")) {
            return head + " = " + value + "\n";
        }
        var text = new StringBuilder(head).append(":\n");
        value.lines().forEach(line -> text.append("    | ").append(line).append('\n'));
        return text.toString();
    }
}
