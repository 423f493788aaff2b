package com.portfolio.infra.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a website build ({@code website/dist}) as the objects to upload: key, Content-Type,
 * Cache-Control and content hash, in upload order.
 *
 * <p>Vite writes every file it fingerprints into {@code assets/} with the content hash in its name
 * ({@code assets/index-B1x2y3z4.js}) and nothing else there; files of {@code website/public/} keep
 * their names and land at the root. So a key under {@code assets/} never changes content and is
 * cached for a year ({@code immutable}: browsers do not even revalidate it on reload), while every
 * other file may change under the same name and is {@code no-cache}: browsers and CloudFront
 * revalidate it on each request (an ETag match costs a 304), so a deploy shows at once.
 */
public final class SiteFiles {

    public static final String ASSETS_PREFIX = "assets/";
    public static final String ENTRY = "index.html";
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    public static final String REVALIDATE = "no-cache";

    /**
     * The role of a file, in upload order: a deploy uploads every hashed asset before the files
     * that may reference them, and {@code index.html}, which references the new entry chunk,
     * last, so no visitor ever gets HTML that names an asset not uploaded yet.
     */
    public enum Kind {
        HASHED_ASSET, OTHER, ENTRY
    }

    /**
     * @param key          the S3 key: the path below the build folder, with {@code /}
     * @param path         the file
     * @param kind         its role
     * @param contentType  the Content-Type to serve it with
     * @param cacheControl the Cache-Control to serve it with
     * @param md5          hex MD5 of the content: S3's ETag of a single-part upload, so a change
     *                     (here, or to the object in S3) shows as a diff, and an unchanged file
     *                     stays unchanged
     */
    public record SiteFile(String key, Path path, Kind kind, String contentType, String cacheControl, String md5) {
    }

    private SiteFiles() {
    }

    public static Kind kindOf(String key) {
        if (key.equals(ENTRY)) {
            return Kind.ENTRY;
        }
        return key.startsWith(ASSETS_PREFIX) ? Kind.HASHED_ASSET : Kind.OTHER;
    }

    public static String cacheControlOf(Kind kind) {
        return kind == Kind.HASHED_ASSET ? IMMUTABLE : REVALIDATE;
    }

    /** Every regular file below {@code dist}, hashed assets first, {@code index.html} last, each group by key. */
    public static List<SiteFile> list(Path dist) {
        try (Stream<Path> files = Files.walk(dist)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> {
                        String key = dist.relativize(path).toString().replace('\\', '/');
                        Kind kind = kindOf(key);
                        return new SiteFile(key, path, kind, ContentTypes.of(key), cacheControlOf(kind), md5(path));
                    })
                    .sorted(Comparator.comparing(SiteFile::kind).thenComparing(SiteFile::key))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the website build " + dist + ": " + e.getMessage(), e);
        }
    }

    private static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            var digest = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
