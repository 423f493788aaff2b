package com.portfolio.infra.buildengine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of one file's build-relevant content, streamed through a fixed buffer so large files
 * never sit in memory.
 *
 * <p><b>Text vs binary</b> (the rule git uses): a file is text when its first 8 KiB hold no NUL
 * byte. Text has every CRLF replaced by LF before hashing, so a Windows checkout
 * ({@code core.autocrlf=true}) fingerprints like a Linux one; a lone CR is kept. Binary files are
 * hashed byte for byte. UTF-16 text contains NULs and is therefore treated as binary.
 *
 * <p><b>Symbolic links</b> are hashed as their target text with '/' separators, never followed.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
final class ContentHasher {

    static final int TEXT_PROBE_BYTES = 8 * 1024;
    private static final int BUFFER_BYTES = 1 << 20;

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final MessageDigest digest = sha256();

    byte[] hash(SourceFile file) {
        try {
            if (file.kind() == SourceFile.Kind.SYMLINK) {
                String target = Files.readSymbolicLink(file.absolutePath()).toString()
                        .replace(file.absolutePath().getFileSystem().getSeparator(), "/");
                return digest.digest(target.getBytes(StandardCharsets.UTF_8));
            }
            try (InputStream in = Files.newInputStream(file.absolutePath())) {
                return hashStream(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.absolutePath() + " for fingerprinting: "
                    + e.getMessage(), e);
        }
    }

    private byte[] hashStream(InputStream in) throws IOException {
        digest.reset();
        int filled = fill(in, 0, TEXT_PROBE_BYTES);
        boolean text = !containsNul(buffer, filled);
        LineEndingFilter crlf = text ? new LineEndingFilter(digest) : null;
        int n = filled < TEXT_PROBE_BYTES ? filled : filled + fill(in, filled, buffer.length - filled);
        while (n > 0) {
            if (text) {
                crlf.update(buffer, n);
            } else {
                digest.update(buffer, 0, n);
            }
            n = fill(in, 0, buffer.length);
        }
        if (text) {
            crlf.finish();
        }
        return digest.digest();
    }

    /** Reads until {@code len} bytes are in the buffer at {@code off} or the stream ends. */
    private int fill(InputStream in, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(buffer, off + total, len - total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    private static boolean containsNul(byte[] bytes, int length) {
        int limit = Math.min(length, TEXT_PROBE_BYTES);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The SHA-256 of a text's UTF-8 bytes, as 64 hex digits. */
    static String sha256Hex(String text) {
        return java.util.HexFormat.of().formatHex(sha256().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Feeds a digest with CRLF turned into LF, also when the pair straddles two buffers. */
    private static final class LineEndingFilter {
        private final MessageDigest digest;
        private boolean pendingCr;

        LineEndingFilter(MessageDigest digest) {
            this.digest = digest;
        }

        void update(byte[] b, int n) {
            int start = 0;
            if (pendingCr) {
                pendingCr = false;
                if (b[0] != '\n') {
                    digest.update((byte) '\r');
                }
            }
            for (int i = 0; i < n; i++) {
                if (b[i] == '\r') {
                    digest.update(b, start, i - start);
                    if (i + 1 < n) {
                        if (b[i + 1] != '\n') {
                            digest.update((byte) '\r');
                        }
                        start = i + 1;
                    } else {
                        pendingCr = true;
                        start = n;
                    }
                }
            }
            digest.update(b, start, n - start);
        }

        void finish() {
            if (pendingCr) {
                digest.update((byte) '\r');
            }
        }
    }
}
