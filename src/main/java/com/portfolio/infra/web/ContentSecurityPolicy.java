package com.portfolio.infra.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The site's Content-Security-Policy: everything from the site's own origin and nothing else
 * (the app ships its scripts, styles, fonts and images; no third-party CDN at run time). The
 * only exception is the API, allowed in {@code connect-src} when the browser would reach it on
 * an origin other than the site's. {@code frame-ancestors 'none'} repeats X-Frame-Options DENY for
 * browsers that honour only CSP.
 */
public final class ContentSecurityPolicy {

    private ContentSecurityPolicy() {
    }

    /**
     * @param siteOrigins the origins the site is served on ({@code https://d123.cloudfront.net}, its domains)
     * @param apiOrigin   the API's origin as the browser sees it, or null when the stack has no API
     */
    public static String of(Collection<String> siteOrigins, String apiOrigin) {
        var directives = new LinkedHashMap<String, String>();
        directives.put("default-src", "'self'");
        directives.put("script-src", "'self'");
        directives.put("style-src", "'self'");
        // data: for the small images Vite inlines into CSS as data URLs.
        directives.put("img-src", "'self' data:");
        directives.put("font-src", "'self'");
        boolean apiElsewhere = apiOrigin != null && !siteOrigins.contains(apiOrigin);
        directives.put("connect-src", apiElsewhere ? "'self' " + apiOrigin : "'self'");
        directives.put("object-src", "'none'");
        directives.put("base-uri", "'self'");
        directives.put("form-action", "'self'");
        directives.put("frame-ancestors", "'none'");
        return directives.entrySet().stream().map(Map.Entry::getKey).map(d -> d + " " + directives.get(d))
                .collect(Collectors.joining("; "));
    }
}
