package com.portfolio.infra.policy;

import java.util.regex.Pattern;

/**
 * Reads a JSON-Schema {@code pattern} (ECMAScript flavour, as the CloudFormation registry schemas
 * write them) into a Java {@link Pattern} that accepts exactly the same strings.
 *
 * <p>A schema pattern is a search, not a whole match: use {@link java.util.regex.Matcher#find()}.
 * The flavours differ where these schemas need it:
 * <ul>
 *   <li>{@code [} inside a class is a literal in ECMAScript and opens a nested class in Java
 *       (EC2's group-description pattern {@code [...@[\]+=...]} would not even compile);
 *       {@code &&} inside a class is an intersection in Java;</li>
 *   <li>{@code $} matches only at the very end in ECMAScript, also before a final line break in
 *       Java ({@code "name\n"} would pass); {@code \Z} (which cfn-lint's own patches use, read
 *       with Python's meaning) is the very end too;</li>
 *   <li>{@code \s} includes the Unicode spaces (no-break space, ...) in ECMAScript, only ASCII
 *       whitespace in Java; {@code .} excludes U+0085 in Java but not in ECMAScript;</li>
 *   <li>a {@code {} that starts no quantifier is a literal in ECMAScript and an error in Java;
 *       {@code []} matches nothing and {@code [^]} anything in ECMAScript.</li>
 * </ul>
 */
public final class EcmaRegex {

    /** ECMAScript's WhiteSpace and LineTerminator characters, for use inside a character class. */
    private static final String SPACES = "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
    private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

    private EcmaRegex() {
    }

    public static Pattern compile(String ecmaPattern) {
        return Pattern.compile(toJava(ecmaPattern));
    }

    /** The Java regex syntax for an ECMAScript pattern; fails on constructs it cannot carry over. */
    public static String toJava(String ecma) {
        var out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < ecma.length(); i++) {
            char c = ecma.charAt(i);
            if (c == '\\') {
                if (i + 1 >= ecma.length()) {
                    throw new IllegalArgumentException("pattern ends with a lone backslash: " + ecma);
                }
                char next = ecma.charAt(++i);
                switch (next) {
                    case 's' -> out.append(inClass ? SPACES : "[" + SPACES + "]");
                    case 'S' -> {
                        if (inClass) {
                            throw new IllegalArgumentException("\\S inside a character class is not supported: " + ecma);
                        }
                        out.append("[^").append(SPACES).append(']');
                    }
                    case 'Z' -> out.append(inClass ? "Z" : "\\z");
                    case 'u' -> {
                        if (i + 1 < ecma.length() && ecma.charAt(i + 1) == '{') {
                            throw new IllegalArgumentException("\\u{...} escapes are not supported: " + ecma);
                        }
                        out.append("\\u");
                    }
                    case 'p', 'P' -> {
                        // Unicode property escapes (\p{L}, \p{Print}): Java reads them as cfn-lint's regex engine does.
                        int close = ecma.indexOf('}', i);
                        if (i + 1 >= ecma.length() || ecma.charAt(i + 1) != '{' || close < 0) {
                            throw new IllegalArgumentException("\\" + next + " needs a {property}: " + ecma);
                        }
                        out.append('\\').append(ecma, i, close + 1);
                        i = close;
                    }
                    case 'c', '0' -> throw new IllegalArgumentException("\\" + next + " escapes are not supported: " + ecma);
                    default -> out.append('\\').append(next);
                }
                continue;
            }
            if (inClass) {
                switch (c) {
                    case ']' -> {
                        inClass = false;
                        out.append(']');
                    }
                    case '[', '&' -> out.append('\\').append(c);
                    default -> out.append(c);
                }
                continue;
            }
            switch (c) {
                case '[' -> {
                    if (ecma.startsWith("[]", i)) {
                        out.append("(?!)");
                        i += 1;
                    } else if (ecma.startsWith("[^]", i)) {
                        out.append("[\\s\\S]");
                        i += 2;
                    } else {
                        inClass = true;
                        out.append('[');
                        if (i + 1 < ecma.length() && ecma.charAt(i + 1) == '^') {
                            out.append('^');
                            i++;
                        }
                        // A ']' right after '[' or '[^' closes an empty class in ECMAScript, handled above.
                    }
                }
                case '$' -> out.append("\\z");
                case '.' -> out.append("[^\\n\\r\\u2028\\u2029]");
                case '{' -> {
                    var quantifier = QUANTIFIER.matcher(ecma).region(i, ecma.length());
                    if (quantifier.lookingAt()) {
                        out.append(quantifier.group());
                        i = quantifier.end() - 1;
                    } else {
                        out.append("\\{");
                    }
                }
                case '}' -> out.append("\\}");
                default -> out.append(c);
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("unclosed character class: " + ecma);
        }
        return out.toString();
    }
}
