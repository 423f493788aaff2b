package com.portfolio.infra.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One thing AWS checks about one input when it creates or updates a resource.
 *
 * @param family   which kind of rule it is, for reports
 * @param path     the Pulumi input path: dotted names, {@code []} for every element of a list,
 *                 {@code {key}} / {@code {value}} for every key / value of a map
 * @param expected what AWS accepts, for messages, e.g. {@code at most 255 characters}
 * @param source   where the rule comes from, e.g. {@code AWS::EC2::SecurityGroup.GroupDescription}
 * @param check    the problem with a value, or empty when the value is fine or the rule does not
 *                 apply to a value of its type
 */
public record InputConstraint(Family family, String path, String expected, String source,
                              Function<Object, Optional<String>> check) {

    /** The kinds of rule, as the report counts them. */
    public enum Family {
        SCHEMA_PATTERN("schema patterns"),
        SCHEMA_LENGTH("schema lengths"),
        SCHEMA_ENUM("schema enums"),
        SCHEMA_RANGE("schema numeric ranges"),
        SCHEMA_ITEMS("schema item counts"),
        NAMING("naming rules the schemas lack"),
        QUOTAS("size quotas"),
        AUTO_NAME("auto-names"),
        TAGS("tag limits"),
        CROSS_FIELD("cross-field rules");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The problem with {@code value}, if this rule applies to it and it breaks the rule. */
    public Optional<String> problem(Object value) {
        return check.apply(value);
    }

    /** The same rule at another path (an auto-name is checked as the name it becomes). */
    public InputConstraint at(String otherPath) {
        return new InputConstraint(family, otherPath, expected, source, check);
    }

    // ---- the checks, each applying only to values of its kind ----

    /** A JSON-Schema pattern: ECMAScript flavour, matched anywhere in the string. */
    public static InputConstraint schemaPattern(String path, String ecmaPattern, String source) {
        Pattern pattern = EcmaRegex.compile(ecmaPattern);
        return new InputConstraint(Family.SCHEMA_PATTERN, path, "the pattern " + ecmaPattern, source,
                value -> value instanceof String s && !pattern.matcher(s).find()
                        ? Optional.of("does not match") : Optional.empty());
    }

    /** A whole-string Java regex, described in words for messages. */
    public static InputConstraint matching(Family family, String path, String javaRegex, String expected, String source) {
        Pattern pattern = Pattern.compile(javaRegex);
        return new InputConstraint(family, path, expected, source,
                value -> value instanceof String s && !pattern.matcher(s).matches()
                        ? Optional.of("has characters or a form AWS refuses") : Optional.empty());
    }

    /** A string's length in characters (code points), within {@code [min, max]}; null bounds are open. */
    public static InputConstraint length(Family family, String path, Integer min, Integer max, String source) {
        return new InputConstraint(family, path, bounds(min, max, "characters"), source, value -> {
            if (!(value instanceof String s)) {
                return Optional.empty();
            }
            int length = s.codePointCount(0, s.length());
            return (min != null && length < min) || (max != null && length > max)
                    ? Optional.of("is " + length + " characters long") : Optional.empty();
        });
    }

    /** One of a fixed set of values; applies only to values of a type the set holds. */
    public static InputConstraint oneOf(String path, List<Object> allowed, String source) {
        return new InputConstraint(Family.SCHEMA_ENUM, path, "one of " + abbreviate(allowed), source, value -> {
            boolean comparable = allowed.stream().anyMatch(a -> sameKind(a, value));
            boolean found = allowed.stream().anyMatch(a -> equal(a, value));
            return comparable && !found ? Optional.of("is not one of the accepted values") : Optional.empty();
        });
    }

    /** A number within {@code [min, max]}; null bounds are open. */
    public static InputConstraint range(Family family, String path, Double min, Double max, String source) {
        return new InputConstraint(family, path, bounds(min, max, null), source, value -> {
            if (!(value instanceof Number n)) {
                return Optional.empty();
            }
            double d = n.doubleValue();
            return (min != null && d < min) || (max != null && d > max)
                    ? Optional.of("is out of range") : Optional.empty();
        });
    }

    /** A list's number of elements within {@code [min, max]}; null bounds are open. */
    public static InputConstraint items(String path, Integer min, Integer max, String source) {
        return new InputConstraint(Family.SCHEMA_ITEMS, path, bounds(min, max, "elements"), source, value -> {
            if (!(value instanceof List<?> list)) {
                return Optional.empty();
            }
            return (min != null && list.size() < min) || (max != null && list.size() > max)
                    ? Optional.of("has " + list.size() + " elements") : Optional.empty();
        });
    }

    /** A string that must not start with any of {@code prefixes} (compared ignoring case when asked). */
    public static InputConstraint notStartingWith(Family family, String path, List<String> prefixes, boolean ignoreCase,
                                                  String source) {
        return new InputConstraint(family, path, "no prefix " + String.join(" or ", prefixes), source, value -> {
            if (!(value instanceof String s)) {
                return Optional.empty();
            }
            String subject = ignoreCase ? s.toLowerCase(java.util.Locale.ROOT) : s;
            return prefixes.stream().filter(p -> subject.startsWith(ignoreCase ? p.toLowerCase(java.util.Locale.ROOT) : p))
                    .findFirst().map(p -> "starts with " + p);
        });
    }

    /** A string that must not end with any of {@code suffixes}. */
    public static InputConstraint notEndingWith(Family family, String path, List<String> suffixes, String source) {
        return new InputConstraint(family, path, "no suffix " + String.join(" or ", suffixes), source,
                value -> value instanceof String s
                        ? suffixes.stream().filter(s::endsWith).findFirst().map(x -> "ends with " + x)
                        : Optional.empty());
    }

    private static boolean sameKind(Object a, Object b) {
        return (a instanceof Number && b instanceof Number) || (a instanceof String && b instanceof String)
                || (a instanceof Boolean && b instanceof Boolean);
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a.equals(b);
    }

    private static String bounds(Number min, Number max, String unit) {
        String suffix = unit == null ? "" : " " + unit;
        if (min != null && max != null) {
            return min.equals(max) ? "exactly " + Values.show(min.doubleValue()) + suffix
                    : "from " + Values.show(min.doubleValue()) + " to " + Values.show(max.doubleValue()) + suffix;
        }
        if (max != null) {
            return "at most " + Values.show(max.doubleValue()) + suffix;
        }
        return "at least " + Values.show(min.doubleValue()) + suffix;
    }

    /** Long enums (instance families, countries) are shown by their first values. */
    private static String abbreviate(List<Object> values) {
        var shown = values.stream().limit(12).map(String::valueOf).toList();
        return "[" + String.join(", ", shown) + (values.size() > shown.size() ? ", ... " + values.size() + " values" : "") + "]";
    }
}
