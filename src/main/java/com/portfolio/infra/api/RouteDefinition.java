package com.portfolio.infra.api;

import com.portfolio.infra.lambdas.FunctionDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route of the API, from {@code routes/<name>/route.json}.
 *
 * @param name       the folder's name, which names the function
 * @param folder     the folder, zipped as the function's code
 * @param shown      how the definition file is named in messages
 * @param method     {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param path       starts with {@code /api/}; {@code {name}} segments are path parameters
 * @param auth       who may call it
 * @param function   memory, timeout and the access its function needs
 */
public record RouteDefinition(String name, Path folder, String shown, String method, String path, Auth auth,
                              FunctionDefinition function) {

    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** Who may call a route. */
    public enum Auth {
        /** Anyone: no authorization. */
        PUBLIC("public", "NONE"),
        /** Requests signed with SigV4 by a principal IAM allows; API Gateway checks the signature. */
        IAM("iam", "AWS_IAM");

        private final String word;
        private final String authorizationType;

        Auth(String word, String authorizationType) {
            this.word = word;
            this.authorizationType = authorizationType;
        }

        public String word() {
            return word;
        }

        /** The route's {@code authorizationType} in API Gateway. */
        public String authorizationType() {
            return authorizationType;
        }

        public static List<String> words() {
            return java.util.Arrays.stream(values()).map(Auth::word).toList();
        }

        public static Auth of(String word) {
            return java.util.Arrays.stream(values()).filter(a -> a.word.equals(word)).findFirst().orElseThrow();
        }
    }

    /** A path segment that is a parameter, e.g. {@code {slug}}. */
    static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** A literal path segment. */
    static final Pattern LITERAL = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** API Gateway's route key, e.g. {@code GET /api/projects/{slug}}. */
    public String routeKey() {
        return method + " " + path;
    }

    /**
     * Why {@code path} is not a route path, or null when it is: {@code /api/} then literal
     * segments and {@code {name}} parameters, each parameter once, no trailing slash.
     */
    static String pathProblem(String path) {
        if (!path.startsWith("/api/")) {
            return "does not start with /api/";
        }
        if (path.endsWith("/")) {
            return "ends with /";
        }
        var names = new java.util.HashSet<String>();
        for (String segment : path.substring(1).split("/", -1)) {
            Matcher parameter = PARAMETER.matcher(segment);
            if (parameter.matches()) {
                if (!names.add(parameter.group(1))) {
                    return "names the parameter {" + parameter.group(1) + "} twice";
                }
            } else if (!LITERAL.matcher(segment).matches()) {
                return "has the segment \"" + segment + "\", which is neither lowercase letters, digits, '.', '_', '-' "
                        + "nor a {name} parameter";
            }
        }
        return null;
    }
}
