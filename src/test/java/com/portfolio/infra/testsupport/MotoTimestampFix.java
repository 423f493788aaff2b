package com.portfolio.infra.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 */
final class MotoTimestampFix implements ExecutionInterceptor {

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
