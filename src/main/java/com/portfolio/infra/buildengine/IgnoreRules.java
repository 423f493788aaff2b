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

    /**
     * Caches, VCS metadata, environments and metadata tools generate: never source, at any depth.
     * {@code *.egg-info/} is here rather than anchored because setuptools writes it beside the
     * code, e.g. {@code src/<pkg>.egg-info/} in a src layout.
     */
    public static final List<String> ANY_DEPTH = List.of(
            ".git/", "__pycache__/", "*.pyc", ".pytest_cache/", "node_modules/", "*.egg-info/", ".venv/");

    /**
     * The package's own build outputs, anchored to its root: {@code build/} and {@code dist/} are
     * also ordinary folder names inside sources ({@code src/mypkg/dist/}), which must be built.
     */
    public static final List<String> ROOT_ONLY = List.of("/build/", "/dist/");

    /** Every built-in pattern, in gitignore syntax. */
    public static final List<String> BUILT_IN = java.util.stream.Stream.concat(ANY_DEPTH.stream(), ROOT_ONLY.stream())
            .toList();

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
