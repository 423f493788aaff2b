package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The build input of one package: every non-ignored file under its directory, sorted by relative
 * POSIX path (compared as strings, i.e. by UTF-16 code unit, the same on every machine).
 * Empty directories carry no content and are not listed. Symbolic links are listed, not followed.
 */
public final class PackageFiles {

    private PackageFiles() {
    }

    /** Lists the files of {@code packageDir}, failing with the path if it is not a directory. */
    public static List<SourceFile> list(Path packageDir) {
        List<SourceFile> files = new ArrayList<>();
        walk(packageDir, files::add);
        files.sort(BY_PATH);
        return List.copyOf(files);
    }

    /** Sort order of every listing: relative POSIX path, compared as a string. */
    public static final Comparator<SourceFile> BY_PATH = Comparator.comparing(SourceFile::relativePath);

    /**
     * Hands each non-ignored file to {@code sink} in walk order (not sorted), so callers can start
     * hashing while the walk goes on.
     */
    public static void walk(Path packageDir, Consumer<SourceFile> sink) {
        if (!Files.isDirectory(packageDir)) {
            throw new IllegalArgumentException("Package directory " + packageDir.toAbsolutePath()
                    + " does not exist or is not a directory; expected the folder holding the package's sources");
        }
        Path root = packageDir.toAbsolutePath().normalize();
        int rootLength = root.toString().length();
        String separator = root.getFileSystem().getSeparator();
        IgnoreRules rules = IgnoreRules.forPackage(root);
        try {
            // No FOLLOW_LINKS: links are reported to visitFile as links, never walked into.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    return rules.isIgnored(relative(dir), true)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isSymbolicLink() && !attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE; // sockets, fifos, devices: not source
                    }
                    String rel = relative(file);
                    if (!rules.isIgnored(rel, false)) {
                        SourceFile.Kind kind = attrs.isSymbolicLink() ? SourceFile.Kind.SYMLINK
                                : isExecutable(file, attrs) ? SourceFile.Kind.EXECUTABLE : SourceFile.Kind.REGULAR;
                        sink.accept(new SourceFile(rel, file, kind));
                    }
                    return FileVisitResult.CONTINUE;
                }

                // The walk yields paths under root: cutting the prefix is cheaper than relativize().
                // Separators differ by OS; the fingerprint must not.
                private String relative(Path path) {
                    String rel = path.toString().substring(rootLength + 1);
                    return separator.equals("/") ? rel : rel.replace(separator, "/");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list package directory " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean isExecutable(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs instanceof PosixFileAttributes posix) { // the walk already read the mode: no second stat
            return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        }
        try {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return false; // no POSIX modes (Windows): treat as regular, as a git checkout there would
        }
    }
}
