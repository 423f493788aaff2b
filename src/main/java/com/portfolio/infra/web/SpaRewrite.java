package com.portfolio.infra.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The CloudFront Function that maps client-side routes to {@code /index.html}; its code is {@value #RESOURCE}. */
public final class SpaRewrite {

    public static final String RESOURCE = "spa-rewrite.js";
    public static final String RUNTIME = "cloudfront-js-2.0";

    private SpaRewrite() {
    }

    /** The function's JavaScript source. */
    public static String code() {
        try (InputStream in = SpaRewrite.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + SpaRewrite.class.getPackageName().replace('.', '/')
                        + "/" + RESOURCE + "; rebuild it with `mvn -B -DskipTests package`");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
