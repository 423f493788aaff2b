package com.portfolio.infra.buildengine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceZipTest {

    private static final Map<String, String> TREE = new LinkedHashMap<>();

    static {
        TREE.put("zeta/last.py", "z = 1\n");
        TREE.put("requirements.txt", "numpy==2.1.0\n");
        TREE.put("alpha/first.py", "a = 1\n");
        TREE.put("alpha/beta/mid.py", "m = 1\n");
        TREE.put("__pycache__/junk.pyc", "ignored");
    }

    private static byte[] zip(Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceZip.write(PackageFiles.list(dir), out);
        return out.toByteArray();
    }

    @Test
    void sameTreeWrittenDifferentlyGivesIdenticalBytes() throws Exception {
        Path first = TreeWriter.write(TREE, 1);
        Path second = TreeWriter.write(TREE, 99);
        try {
            for (Path dir : List.of(first, second)) {
                TreeWriter.put(dir, "run.sh", "#!/bin/sh\n");
                Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
            }
            TreeWriter.touch(first.resolve("run.sh"), 5);
            TreeWriter.touch(second.resolve("run.sh"), 500_000_000);
            assertArrayEquals(zip(first), zip(second));
        } finally {
            TreeWriter.delete(first);
            TreeWriter.delete(second);
        }
    }

    @Test
    void entriesAreSortedWithFixedTimesAndTheIgnoredFilesLeftOut() throws Exception {
        Path dir = TreeWriter.write(TREE, 7);
        try {
            List<String> names = new ArrayList<>();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip(dir)))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    names.add(e.getName());
                    assertEquals(java.time.LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal(), e.getName());
                }
            }
            assertEquals(List.of("alpha/beta/mid.py", "alpha/first.py", "requirements.txt", "zeta/last.py"), names);
        } finally {
            TreeWriter.delete(dir);
        }
    }

    @Test
    void modesKeepTheExecutableBitAndLinksStayLinks(@TempDir Path dir, @TempDir Path out) throws Exception {
        TreeWriter.put(dir, "plain.txt", "x");
        TreeWriter.put(dir, "run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("plain.txt"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("plain.txt"));
        Path zipFile = out.resolve("source.zip");
        SourceZip.create(dir, zipFile);
        try (ZipFile zip = ZipFile.builder().setPath(zipFile).get()) {
            ZipArchiveEntry plain = zip.getEntry("plain.txt");
            ZipArchiveEntry script = zip.getEntry("run.sh");
            ZipArchiveEntry link = zip.getEntry("link");
            assertEquals(0100644, plain.getUnixMode());
            assertEquals(0100755, script.getUnixMode());
            assertEquals(true, link.isUnixSymlink());
            assertEquals("plain.txt", new String(zip.getInputStream(link).readAllBytes()));
        }
    }
}
