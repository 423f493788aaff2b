package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Deterministic zip of a package's build input: the same file set as its {@link Fingerprint},
 * entries sorted by path, every timestamp 1980-01-01 00:00, modes fixed to 0644 / 0755
 * (executable bit kept) and links stored as links (mode 0120777, target as content, which is
 * how Info-ZIP and CodeBuild's unzip restore them). Same tree, same bytes.
 *
 * <p>Written with Commons Compress rather than {@code java.util.zip}: the JDK's public zip API
 * cannot set an entry's external attributes, so the executable bit would be lost. File contents
 * are stored as they are on disk (CRLF is normalised only for the fingerprint).
 */
public final class SourceZip {

    private static final int REGULAR_MODE = 0100644;
    private static final int EXECUTABLE_MODE = 0100755;
    private static final int SYMLINK_MODE = 0120777;

    private SourceZip() {
    }

    /** Zips the non-ignored files of {@code packageDir} into {@code zipFile}, replacing it. */
    public static void create(Path packageDir, Path zipFile) {
        try (OutputStream out = Files.newOutputStream(zipFile)) {
            write(PackageFiles.list(packageDir), out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write source zip " + zipFile + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code files} (as listed by {@link PackageFiles}) as a zip to {@code out}, leaving it open. */
    public static void write(List<SourceFile> files, OutputStream out) throws IOException {
        // The writer turns the time into DOS date fields in the JVM's zone: take the instant that
        // is 1980-01-01 00:00 in that zone so the stored fields are the same on every machine.
        long fixedTime = LocalDateTime.of(1980, 1, 1, 0, 0)
                .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new NonClosing(out));
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.setEncoding(StandardCharsets.UTF_8.name());
        for (SourceFile file : files.stream()
                .sorted(java.util.Comparator.comparing(SourceFile::relativePath)).toList()) {
            ZipArchiveEntry entry = new ZipArchiveEntry(file.relativePath());
            entry.setTime(fixedTime);
            entry.setMethod(ZipArchiveEntry.DEFLATED);
            switch (file.kind()) {
                case REGULAR -> entry.setUnixMode(REGULAR_MODE);
                case EXECUTABLE -> entry.setUnixMode(EXECUTABLE_MODE);
                case SYMLINK -> entry.setUnixMode(SYMLINK_MODE);
            }
            zip.putArchiveEntry(entry);
            if (file.kind() == SourceFile.Kind.SYMLINK) {
                zip.write(Files.readSymbolicLink(file.absolutePath()).toString()
                        .replace(file.absolutePath().getFileSystem().getSeparator(), "/")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                Files.copy(file.absolutePath(), zip);
            }
            zip.closeArchiveEntry();
        }
        zip.finish();
        zip.close();
    }

    /** Lets the zip writer close its stream without closing the caller's. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
