package com.portfolio.infra.web;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The API as a CloudFront origin, from its endpoint URL ({@code https://abc123.execute-api.us-east-1.amazonaws.com},
 * or with a stage path). CloudFront takes the host as the origin's domain and a stage path as
 * its origin path, and the browser sees the endpoint's origin ({@code https://host}).
 *
 * @param domainName the endpoint's host
 * @param originPath the endpoint's path without a trailing slash ({@code /prod}), or "" for none
 */
public record ApiOrigin(String domainName, String originPath) {

    /** @throws IllegalArgumentException when the endpoint is not an https URL with a host and nothing after its path */
    public static ApiOrigin parse(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem(endpoint, "not a URL"), e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(problem(endpoint, "not an https URL with a host"));
        }
        if (uri.getPort() != -1 || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(problem(endpoint, "has a port, query, fragment or user"));
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return new ApiOrigin(uri.getHost(), path);
    }

    /** What a browser calls the API's origin, for the content security policy. */
    public String browserOrigin() {
        return "https://" + domainName;
    }

    private static String problem(String endpoint, String detail) {
        return "the API endpoint \"" + endpoint + "\" is " + detail
                + "; expected an https URL such as https://abc123.execute-api.us-east-1.amazonaws.com";
    }
}
