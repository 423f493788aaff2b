package com.portfolio.infra.buildengine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes {@link Fingerprint}s, hashing files in parallel on a bounded pool.
 *
 * <p>Layout of the hashed stream (version 1); every variable-length field is framed as an 8-byte
 * big-endian length followed by its bytes, so no two different inputs can produce the same stream
 * (a rename, or moving bytes between a path and a content, changes it):
 * <pre>
 *   frame("portfolio-build-fingerprint/v1")
 *   count(extra inputs), then per input sorted by key: frame(key) frame(value)
 *   count(files),        then per file sorted by path: kind tag (1 byte) frame(path) sha256(content)
 * </pre>
 * Never mixed in: mtimes, owners, absolute paths, the order files were created in.
 */
public final class Fingerprinter implements AutoCloseable {

    static final String FORMAT = "portfolio-build-fingerprint/v1";

    private final ExecutorService pool;
    private final ThreadLocal<ContentHasher> hashers = ThreadLocal.withInitial(ContentHasher::new);

    /** @param threads files hashed at once; @default number of processors (see {@link #Fingerprinter()}) */
    public Fingerprinter(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Fingerprint threads is " + threads + "; expected at least 1");
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fingerprint-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Fingerprinter() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Fingerprint of the non-ignored files of {@code packageDir} plus {@code inputs}. */
    public Fingerprint compute(Path packageDir, ExtraInputs inputs) {
        // Hashing starts while the walk is still listing: the two overlap on separate threads.
        List<Pending> pending = new ArrayList<>();
        PackageFiles.walk(packageDir, file -> pending.add(new Pending(file, submit(file))));
        pending.sort(java.util.Comparator.comparing(p -> p.file().relativePath()));
        return combine(pending.stream().map(Pending::file).toList(),
                pending.stream().map(Pending::hash).toList(), inputs);
    }

    /** Fingerprint of an already listed file set (sorted by path, as {@link PackageFiles} gives it). */
    public Fingerprint compute(List<SourceFile> files, ExtraInputs inputs) {
        List<Future<byte[]>> hashes = new ArrayList<>(files.size());
        for (SourceFile file : files) {
            hashes.add(submit(file));
        }
        return combine(files, hashes, inputs);
    }

    private record Pending(SourceFile file, Future<byte[]> hash) {
    }

    private Future<byte[]> submit(SourceFile file) {
        return pool.submit(() -> hashers.get().hash(file));
    }

    private Fingerprint combine(List<SourceFile> files, List<Future<byte[]>> hashes, ExtraInputs inputs) {
        MessageDigest total = ContentHasher.sha256();
        frame(total, FORMAT.getBytes(StandardCharsets.UTF_8));
        count(total, inputs.values().size());
        for (Map.Entry<String, String> e : inputs.values().entrySet()) {
            frame(total, e.getKey().getBytes(StandardCharsets.UTF_8));
            frame(total, e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        count(total, files.size());
        HexFormat hex = HexFormat.of();
        List<FileHash> listed = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            byte[] contentHash = await(hashes.get(i), hashes);
            total.update(file.kind().tag());
            frame(total, file.relativePath().getBytes(StandardCharsets.UTF_8));
            total.update(contentHash);
            listed.add(new FileHash(file.relativePath(), file.kind(), hex.formatHex(contentHash)));
        }
        return new Fingerprint(hex.formatHex(total.digest()), listed);
    }

    private static byte[] await(Future<byte[]> future, List<Future<byte[]>> all) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fingerprinting", e);
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void frame(MessageDigest digest, byte[] bytes) {
        count(digest, bytes.length);
        digest.update(bytes);
    }

    private static void count(MessageDigest digest, long n) {
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(n).array());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
