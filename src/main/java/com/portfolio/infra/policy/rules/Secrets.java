package com.portfolio.infra.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises credentials held in plain text in environment variables and user data:
 * <ul>
 *   <li>a value in a known token format, whatever the variable is called ({@link #TOKENS});</li>
 *   <li>a URL that carries a password ({@code postgres://user:pass@host});</li>
 *   <li>a variable whose name says KEY, SECRET, TOKEN or PASSWORD, unless its value is a reference
 *       to a credential (an ARN, an SSM parameter path, a name ending in _ARN, _NAME, _PARAMETER,
 *       _PARAM, _ID), a URL without a password, a number or boolean, or shorter than
 *       {@value #SHORTEST_SECRET} characters (a key count, a TTL, a flag).</li>
 * </ul>
 */
final class Secrets {
    private Secrets() {
    }

    static final int SHORTEST_SECRET = 6;

    /** Token formats that are credentials wherever they appear, by what they are. */
    static final List<Map.Entry<String, Pattern>> TOKENS = List.of(
            Map.entry("an AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b")),
            Map.entry("a GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})")),
            Map.entry("a Slack token", Pattern.compile("\\bxox[abp]-[A-Za-z0-9-]{10,}")),
            Map.entry("a private key", Pattern.compile("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")),
            Map.entry("a JSON Web Token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,}")),
            Map.entry("a Stripe live key", Pattern.compile("\\b[sr]k_live_[A-Za-z0-9]{16,}")));
    /** {@code scheme://user:password@host}, the password being no substitution. */
    private static final Pattern URL_PASSWORD = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:([^/\\s@$%{][^/\\s@]*)@");
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://\\S*$");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(KEY|SECRET|TOKEN|PASSWORD).*");
    private static final Pattern REFERENCE_NAME = Pattern.compile("(?i).*_(ARN|NAME|PARAMETER|PARAM|ID)$");
    private static final Pattern NUMBER_OR_BOOLEAN = Pattern.compile("(?i)-?\\d+(\\.\\d+)?|true|false|yes|no|on|off");
    /** {@code NAME=literal} or {@code export NAME="literal"} where the value is no substitution. */
    private static final Pattern SCRIPT_ASSIGNMENT = Pattern.compile(
            "(?im)^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*['\"]?([^'\"$\\s][^'\"\\s]*)");

    /** What credential {@code value} is, if it is one whatever its name: a known token or a URL password. */
    static Optional<String> knownCredential(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (var token : TOKENS) {
            if (token.getValue().matcher(value).find()) {
                return Optional.of(token.getKey());
            }
        }
        return URL_PASSWORD.matcher(value).find() ? Optional.of("a password in a URL") : Optional.empty();
    }

    static boolean isPlaintextCredential(String name, String value) {
        if (knownCredential(value).isPresent()) {
            return true;
        }
        if (value == null || !SECRET_NAME.matcher(name).matches() || REFERENCE_NAME.matcher(name).matches()) {
            return false;
        }
        String v = value.strip();
        return v.length() >= SHORTEST_SECRET && !v.startsWith("arn:") && !v.startsWith("/")
                && !URL.matcher(v).matches() && !NUMBER_OR_BOOLEAN.matcher(v).matches();
    }

    /** What a shell script assigns or holds literally that is a credential: token kinds and variable names. */
    static List<String> inScript(String script) {
        List<String> found = new ArrayList<>();
        knownCredential(script).ifPresent(found::add);
        var m = SCRIPT_ASSIGNMENT.matcher(script);
        while (m.find()) {
            if (isPlaintextCredential(m.group(1), m.group(2)) && !found.contains(m.group(1))) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
