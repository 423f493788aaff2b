package com.portfolio.infra.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * moto 5 answers CodeBuild (an AWS-JSON 1.1 service) with ISO-8601 timestamp strings where AWS
 * sends epoch seconds; SDK 2.57 then fails with "Input timestamp string must be no longer than 20
 * characters". This test-only interceptor rewrites such values to epoch seconds.
 *
 * <p>A client built in this JVM adds it itself ({@link MotoServer#codeBuild()}); a program started
 * in another JVM gets it through {@link #classPathEntry}. Public, with a public constructor, because
 * the SDK instantiates classpath-listed interceptors by reflection.
 */
public final class MotoTimestampFix implements ExecutionInterceptor {

    /** Where the SDK's CodeBuild client builders look for extra interceptors on the class path. */
    static final String CODEBUILD_INTERCEPTORS = "software/amazon/awssdk/services/codebuild/execution.interceptors";

    public MotoTimestampFix() {
    }

    /**
     * Writes a class path folder under {@code dir} that makes every CodeBuild client of a JVM given
     * it (and this class) apply this fix: for a program under test that builds its own clients.
     *
     * @return the folder to add to that JVM's class path
     */
    public static Path classPathEntry(Path dir) throws IOException {
        Path listing = dir.resolve(CODEBUILD_INTERCEPTORS);
        Files.createDirectories(listing.getParent());
        Files.writeString(listing, MotoTimestampFix.class.getName() + "\n");
        return dir;
    }

    private static final Pattern ISO_VALUE = Pattern.compile(
            ":\\s*\"(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}))\"");

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes executionAttributes) {
        return context.responseBody().map(body -> {
            try (body) {
                String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = ISO_VALUE.matcher(json);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    Instant instant = OffsetDateTime.parse(m.group(1)).toInstant();
                    String seconds = instant.getEpochSecond() + "." + String.format("%03d", instant.getNano() / 1_000_000);
                    m.appendReplacement(out, ": " + seconds);
                }
                m.appendTail(out);
                return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
