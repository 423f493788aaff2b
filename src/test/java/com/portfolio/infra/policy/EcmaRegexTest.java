package com.portfolio.infra.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema patterns read in Java accept what ECMAScript accepts. Each expected answer is what
 * {@code new RegExp(pattern).test(input)} printed under Node.js for the same pair, except where
 * the schemas use Python's regex syntax (cfn-lint evaluates them with Python's regex module): the
 * {@code \Z} rows, where the escape means "end of input" (ECMAScript would read a literal Z and
 * refuse every valid log group name), and the {@code \p{...}} rows (ECMAScript needs the u flag).
 */
class EcmaRegexTest {

    private static final String GROUP_DESCRIPTION = "^([a-z,A-Z,0-9,. _\\-:/()#,@[\\]+=&;\\{\\}!$*])*$";
    private static final String ACCESS_POINT_PATH = "^(\\/|(\\/(?!\\.)+[^$#<>;`|&?{}^*/\\n]+){1,4})$";
    private static final String LAYER_NAME = "^(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+$";
    private static final String QUALIFIER = "^\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9$_-]{1,129}$";

    static Stream<Arguments> answersOfEcmaScript() {
        return Stream.of(
                Arguments.of(GROUP_DESCRIPTION, "EFS mount targets: NFS from the training platform's security groups only", false),
                Arguments.of(GROUP_DESCRIPTION, "EFS mount targets: NFS from the training platform security groups only", true),
                Arguments.of(GROUP_DESCRIPTION, "rules [a] {b} & c=d; e+f! $g*", true),
                Arguments.of(GROUP_DESCRIPTION, "ends with a newline\n", false),
                Arguments.of(GROUP_DESCRIPTION, "tab\there", false),
                Arguments.of("^[\\w+=,.@-]+$", "portfolio-dev-role", true),
                Arguments.of("^[\\w+=,.@-]+$", "role\n", false),
                Arguments.of("^[\\w+=,.@-]+$", "r\u00f4le", false),
                Arguments.of("^[^\\s]+$", "app.handler", true),
                Arguments.of("^[^\\s]+$", "app.\u00a0handler", false),
                Arguments.of("^[^\\s]+$", "app.\u2003handler", false),
                Arguments.of("^[.\\-_/#A-Za-z0-9]{1,512}\\Z", "/aws/lambda/portfolio-dev-api", true),
                Arguments.of("^[.\\-_/#A-Za-z0-9]{1,512}\\Z", "/aws/lambda/api\n", false),
                Arguments.of(ACCESS_POINT_PATH, "/training-data", true),
                Arguments.of(ACCESS_POINT_PATH, "/.ssh", false),
                Arguments.of(ACCESS_POINT_PATH, "/a/b/c/d/e", false),
                Arguments.of(ACCESS_POINT_PATH, "/data&more", false),
                Arguments.of(LAYER_NAME, "portfolio-dev-shared", true),
                Arguments.of(LAYER_NAME, "shared layer!", false),
                Arguments.of(LAYER_NAME, "!!!", false),
                Arguments.of("^(alias/)[a-zA-Z0-9:/_-]+$", "alias/portfolio-dev", true),
                Arguments.of("^(alias/)[a-zA-Z0-9:/_-]+$", "portfolio-dev", false),
                Arguments.of(QUALIFIER, "$LATEST", true),
                Arguments.of(QUALIFIER, "live", true),
                Arguments.of(QUALIFIER, "%%%", false),
                Arguments.of("[\\.\\-_/#A-Za-z0-9]+", "/aws/lambda/x", true),
                Arguments.of("[\\.\\-_/#A-Za-z0-9]+", "%%%", false),
                Arguments.of("^[a-zA-Z0-9-_]{1,64}$", "spa-rewrite", true),
                Arguments.of("^[a-zA-Z0-9-_]{1,64}$", "spa rewrite", false),
                Arguments.of("^[^:]", "AWS/SQS", true),
                Arguments.of("^[^:]", ":custom", false),
                Arguments.of("^[0-7]{3,4}$", "0750", true),
                Arguments.of("^[0-7]{3,4}$", "0789", false),
                Arguments.of("^(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)$", "/service-role/", true),
                Arguments.of("^(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)$", "service-role", false),
                Arguments.of("^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*$",
                        "Lets VPC Flow Logs write to portfolio-dev's flow log group", true),
                Arguments.of("^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*$", "emoji \u2603", false),
                Arguments.of("a{", "a{", true),
                Arguments.of("x{2}", "axxb", true),
                Arguments.of("^a.c$", "a\u0085c", true),
                Arguments.of("^a.c$", "a\nc", false),
                Arguments.of("[]", "anything", false),
                Arguments.of("^[^]$", "\n", true),
                // Property escapes as cfn-lint's engine (Python's regex module) reads them; ECMAScript needs the u flag.
                Arguments.of("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$", "policy-exception:SEC-CB-02", true),
                Arguments.of("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$", "needs Docker, for image builds", false),
                Arguments.of("^\\p{Print}+$", "scale-out", true),
                Arguments.of("^\\p{Print}+$", "tab\there", false));
    }

    @ParameterizedTest(name = "{0} on \"{1}\" is {2}")
    @MethodSource("answersOfEcmaScript")
    void javaAcceptsWhatEcmaScriptAccepts(String pattern, String input, boolean expected) {
        assertEquals(expected, EcmaRegex.compile(pattern).matcher(input).find(), () -> EcmaRegex.toJava(pattern));
    }

    @Test
    void theGroupDescriptionPatternDoesNotCompileAsJavaWithoutTranslation() {
        assertThrows(java.util.regex.PatternSyntaxException.class, () -> java.util.regex.Pattern.compile(GROUP_DESCRIPTION));
    }

    @Test
    void constructsWithoutAJavaEquivalentAreRefusedByName() {
        var error = assertThrows(IllegalArgumentException.class, () -> EcmaRegex.toJava("^[\\S]+$"));
        assertEquals("\\S inside a character class is not supported: ^[\\S]+$", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EcmaRegex.toJava("[abc"));
        assertThrows(IllegalArgumentException.class, () -> EcmaRegex.toJava("\\u{1F600}"));
    }
}
