package com.portfolio.infra.policy.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises credentials held in plain text in environment variables and user data. A variable
 * whose name says KEY, SECRET, TOKEN or PASSWORD holds a credential unless it holds a reference to
 * one (an ARN, an SSM parameter path, or a name ending in _ARN, _NAME, _PARAMETER, _PARAM, _ID).
 */
final class Secrets {
    private Secrets() {
    }

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(KEY|SECRET|TOKEN|PASSWORD).*");
    private static final Pattern REFERENCE_NAME = Pattern.compile("(?i).*_(ARN|NAME|PARAMETER|PARAM|ID)$");
    /** An AWS access key id. */
    private static final Pattern ACCESS_KEY = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}");
    /** {@code NAME=literal} or {@code export NAME="literal"} where NAME says secret and the value is no substitution. */
    private static final Pattern SCRIPT_ASSIGNMENT = Pattern.compile(
            "(?im)^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*['\"]?([^'\"$\\s][^'\"\\s]*)");

    static boolean isPlaintextCredential(String name, String value) {
        if (value == null || value.isBlank() || !SECRET_NAME.matcher(name).matches()) {
            return ACCESS_KEY.matcher(value == null ? "" : value).find();
        }
        if (ACCESS_KEY.matcher(value).find()) {
            return true;
        }
        return !(value.startsWith("arn:") || value.startsWith("/") || REFERENCE_NAME.matcher(name).matches());
    }

    /** The names of variables in a shell script that assign a credential literally. */
    static List<String> inScript(String script) {
        List<String> found = new java.util.ArrayList<>();
        if (ACCESS_KEY.matcher(script).find()) {
            found.add("an AWS access key id");
        }
        var m = SCRIPT_ASSIGNMENT.matcher(script);
        while (m.find()) {
            if (isPlaintextCredential(m.group(1), m.group(2))) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
