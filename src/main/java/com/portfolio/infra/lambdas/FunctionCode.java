package com.portfolio.infra.lambdas;

import com.portfolio.infra.buildengine.PackageFiles;
import com.portfolio.infra.buildengine.SourceFile;
import com.portfolio.infra.buildengine.SourceZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A function's deployment package: the build engine's deterministic zip of its folder (same
 * files as the folder's fingerprint, fixed timestamps and modes), so an unchanged folder gives the
 * same bytes, the same {@code sourceCodeHash} and no update. The zip is stored under its own
 * SHA-256, where the engine reads it while the program runs.
 *
 * @param zipFile        the zip on disk
 * @param sha256Base64   SHA-256 of the zip, base64, as Lambda reports {@code CodeSha256}
 * @param sha256Hex      the same in hex
 * @param zipBytes       size of the zip
 * @param unzippedBytes  total size of the files once unzipped (Lambda's 250 MB limit counts this)
 */
public record FunctionCode(Path zipFile, String sha256Base64, String sha256Hex, long zipBytes, long unzippedBytes) {

    /** Where zips are kept by default: the system's temporary folder. */
    public static final Path DEFAULT_STORE = Path.of(System.getProperty("java.io.tmpdir"), "portfolio-function-code");

    /** Zips {@code folder} into {@code store}, reusing the file when the same bytes are already there. */
    public static FunctionCode of(Path folder, Path store) {
        List<SourceFile> files = PackageFiles.list(folder);
        var bytes = new ByteArrayOutputStream();
        long unzipped = 0;
        try {
            SourceZip.write(files, bytes);
            for (SourceFile file : files) {
                unzipped += file.kind() == SourceFile.Kind.SYMLINK
                        ? Files.readSymbolicLink(file.absolutePath()).toString().getBytes(StandardCharsets.UTF_8).length
                        : Files.size(file.absolutePath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip the function folder " + folder + ": " + e.getMessage(), e);
        }
        byte[] zip = bytes.toByteArray();
        byte[] digest = sha256(zip);
        String hex = HexFormat.of().formatHex(digest);
        Path target = store.resolve(hex + ".zip");
        try {
            if (!Files.exists(target) || Files.size(target) != zip.length) {
                Files.createDirectories(store);
                // Written beside, then moved: a concurrent run never reads half a zip.
                Path partial = Files.createTempFile(store, hex, ".partial");
                Files.write(partial, zip);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the zip of " + folder + " in " + store + ": " + e.getMessage(), e);
        }
        return new FunctionCode(target, Base64.getEncoder().encodeToString(digest), hex, zip.length, unzipped);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * What {@code DEPLOYED_VERSION} says: 12 hex digits of a hash over this code and the layer's
     * content fingerprint, so it changes exactly when either does.
     */
    public String deployedVersion(String layerFingerprint) {
        byte[] digest = sha256((sha256Hex + ":" + layerFingerprint).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 12);
    }
}
