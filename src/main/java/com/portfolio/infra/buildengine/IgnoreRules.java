package com.portfolio.infra.buildengine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Which paths of a package are not build input: the built-in ignores, then the package's
 * {@code .buildignore} in gitignore syntax (matched by JGit's gitignore implementation, so
 * negation, anchoring, {@code **} and directory-only rules behave as in git).
 *
 * <p>Built-in ignores always win: a {@code .buildignore} cannot re-include {@code .git/} or a
 * {@code node_modules/} tree, because those are never source and would make fingerprints depend on
 * the machine. As in git, a file inside an ignored directory cannot be re-included by negation
 * (the directory is not walked).
 */
public final class IgnoreRules {

    /** File in a package's root holding extra ignore patterns. */
    public static final String BUILDIGNORE = ".buildignore";

    /** Caches, VCS metadata and build outputs: never part of what we build from. */
    public static final List<String> BUILT_IN = List.of(
            ".git/", "__pycache__/", "*.pyc", ".pytest_cache/", "node_modules/",
            "build/", "dist/", "*.egg-info/", ".venv/");

    private final IgnoreNode builtIn;
    private final IgnoreNode fromPackage;

    private IgnoreRules(IgnoreNode builtIn, IgnoreNode fromPackage) {
        this.builtIn = builtIn;
        this.fromPackage = fromPackage;
    }

    /** Built-in rules plus {@code <packageDir>/.buildignore} if it exists. */
    public static IgnoreRules forPackage(Path packageDir) {
        Path file = packageDir.resolve(BUILDIGNORE);
        IgnoreNode own = new IgnoreNode();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                own.parse(file.toString(), in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read ignore file " + file + ": " + e.getMessage(), e);
            }
        }
        return new IgnoreRules(parse(String.join("\n", BUILT_IN)), own);
    }

    /**
     * @param relativePath POSIX path relative to the package root
     * @param isDirectory  directory-only rules ({@code build/}) match directories only
     */
    public boolean isIgnored(String relativePath, boolean isDirectory) {
        if (Boolean.TRUE.equals(builtIn.checkIgnored(relativePath, isDirectory))) {
            return true;
        }
        return Boolean.TRUE.equals(fromPackage.checkIgnored(relativePath, isDirectory));
    }

    private static IgnoreNode parse(String rules) {
        IgnoreNode node = new IgnoreNode();
        try {
            node.parse(new ByteArrayInputStream(rules.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
        return node;
    }
}
