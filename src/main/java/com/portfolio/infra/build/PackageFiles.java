package com.portfolio.infra.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        if (!Files.isDirectory(packageDir)) {
            throw new IllegalArgumentException("Package directory " + packageDir.toAbsolutePath()
                    + " does not exist or is not a directory; expected the folder holding the package's sources");
        }
        Path root = packageDir.toAbsolutePath().normalize();
        IgnoreRules rules = IgnoreRules.forPackage(root);
        List<SourceFile> files = new ArrayList<>();
        try {
            // No FOLLOW_LINKS: links are reported to visitFile as links, never walked into.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    return rules.isIgnored(relative(root, dir), true)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(root, file);
                    if (attrs.isSymbolicLink()) {
                        if (!rules.isIgnored(rel, false)) {
                            files.add(new SourceFile(rel, file, SourceFile.Kind.SYMLINK));
                        }
                    } else if (attrs.isRegularFile() && !rules.isIgnored(rel, false)) {
                        files.add(new SourceFile(rel, file, isExecutable(file)
                                ? SourceFile.Kind.EXECUTABLE : SourceFile.Kind.REGULAR));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list package directory " + root + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(SourceFile::relativePath));
        return List.copyOf(files);
    }

    private static String relative(Path root, Path path) {
        // Path separators differ by OS; the fingerprint must not.
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static boolean isExecutable(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return false; // no POSIX modes (Windows): treat as regular, as a git checkout there would
        }
    }
}
