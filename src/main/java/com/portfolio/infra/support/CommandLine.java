package com.portfolio.infra.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The options of one verb, parsed the way users know from other tools: {@code --stack dev},
 * {@code --stack=dev} and {@code -s dev} mean the same; {@code -h}/{@code --help} anywhere asks for
 * help; {@code --} ends the options. An option given twice is refused, naming it, whether the
 * values agree or not, so a script never silently gets the last one. Also renders the verb's
 * {@code --help} text from the same declarations, so help and parser cannot drift apart.
 */
public final class CommandLine {

    /**
     * One option.
     *
     * @param name      the long name without dashes, e.g. {@code stack}
     * @param shortName the one-letter alias, or null for none
     * @param valueName what the value is, e.g. {@code <stack>}; null for a flag
     * @param required  whether the verb cannot run without it
     * @param help      one line saying what it does
     */
    public record Option(String name, Character shortName, String valueName, boolean required, String help) {
        public static Option flag(String name, Character shortName, String help) {
            return new Option(name, shortName, null, false, help);
        }

        public static Option value(String name, Character shortName, String valueName, String help) {
            return new Option(name, shortName, valueName, false, help);
        }

        public Option mandatory() {
            return new Option(name, shortName, valueName, true, help);
        }

        boolean takesValue() {
            return valueName != null;
        }

        String spelling() {
            return (shortName == null ? "" : "-" + shortName + ", ") + "--" + name + (takesValue() ? " " + valueName : "");
        }

        String synopsis() {
            String form = (shortName == null ? "--" + name : "-" + shortName) + (takesValue() ? " " + valueName : "");
            return required ? form : "[" + form + "]";
        }
    }

    /** Bad usage: the message names the option or argument and what was expected. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * A parsed command line.
     *
     * @param help       whether {@code -h}/{@code --help} was given (nothing else is then checked)
     * @param values     each given option by long name; a flag's value is {@code "true"}
     * @param positional the arguments that are not options, in order
     */
    public record Parsed(boolean help, Map<String, String> values, List<String> positional) {
        public Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        public boolean flag(String name) {
            return values.containsKey(name);
        }
    }

    private static final Option HELP = Option.flag("help", 'h', "show this help and exit");

    private final String verb;
    private final String arguments;
    private final String description;
    private final List<Option> options;
    private final int minPositional;
    private final int maxPositional;
    private final List<String> exitCodes;
    private final List<String> examples;

    /**
     * @param verb        the verb, e.g. {@code plan}
     * @param arguments   the positional arguments as the synopsis shows them, e.g. {@code <file>}, or ""
     * @param description what the verb does, a few sentences
     */
    public CommandLine(String verb, String arguments, int minPositional, int maxPositional, String description,
                       List<Option> options, List<String> exitCodes, List<String> examples) {
        this.verb = verb;
        this.arguments = arguments;
        this.minPositional = minPositional;
        this.maxPositional = maxPositional;
        this.description = description;
        var all = new ArrayList<>(options);
        all.add(HELP);
        this.options = List.copyOf(all);
        this.exitCodes = List.copyOf(exitCodes);
        this.examples = List.copyOf(examples);
    }

    /** E.g. {@code usage: plan -s <stack> [--json <file>] [-h]}. */
    public String usage() {
        String synopsis = options.stream().map(Option::synopsis).collect(Collectors.joining(" "));
        return "usage: " + verb + (arguments.isEmpty() ? "" : " " + arguments) + " " + synopsis;
    }

    /** The text {@code --help} prints: usage, what the verb does, options, exit codes, examples. */
    public String help() {
        var text = new StringBuilder(usage()).append("\n\n").append(description.strip()).append("\n\nOptions:\n");
        int width = options.stream().mapToInt(o -> o.spelling().length()).max().orElse(0);
        for (Option option : options) {
            text.append(String.format("  %-" + width + "s  %s%s%n", option.spelling(), option.help(),
                    option.required() ? " (required)" : ""));
        }
        if (!exitCodes.isEmpty()) {
            text.append("\nExit codes:\n");
            exitCodes.forEach(line -> text.append("  ").append(line).append('\n'));
        }
        if (!examples.isEmpty()) {
            text.append("\nExamples:\n");
            examples.forEach(line -> text.append("  ").append(line).append('\n'));
        }
        return text.toString().replace("\r\n", "\n");
    }

    /**
     * Parses the arguments after the verb.
     *
     * @throws UsageException for an unknown or repeated option, an option without its value, a
     *                        value given to a flag, a missing required option or the wrong
     *                        number of positional arguments
     */
    public Parsed parse(List<String> args) {
        if (args.stream().takeWhile(a -> !a.equals("--")).anyMatch(a -> a.equals("-h") || a.equals("--help"))) {
            return new Parsed(true, Map.of(), List.of());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> spelledAs = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String spelling = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                spelling = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            Option option = find(spelling).orElseThrow(() -> new UsageException(unknown(arg)));
            String value;
            if (!option.takesValue()) {
                if (inlineValue != null) {
                    throw new UsageException(spelling + " takes no value; got \"" + inlineValue + "\"");
                }
                value = "true";
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size() && isValue(args.get(i + 1))) {
                value = args.get(++i);
            } else {
                throw new UsageException(spelling + " needs a value: " + option.valueName());
            }
            if (option.takesValue() && value.isEmpty()) {
                throw new UsageException(spelling + " needs a value: " + option.valueName() + "; got an empty one");
            }
            String earlier = spelledAs.put(option.name(), spelling);
            if (earlier != null) {
                String before = values.get(option.name());
                throw new UsageException(option.takesValue()
                        ? "--" + option.name() + " is given twice (" + earlier + " \"" + before + "\" and " + spelling + " \""
                        + value + "\"); give it once"
                        : "--" + option.name() + " is given twice (" + earlier + " and " + spelling + "); give it once");
            }
            values.put(option.name(), value);
        }
        for (Option option : options) {
            if (option.required() && !values.containsKey(option.name())) {
                throw new UsageException("--" + option.name() + " is required"
                        + (option.shortName() == null ? "" : " (or -" + option.shortName() + ")"));
            }
        }
        if (positional.size() < minPositional || positional.size() > maxPositional) {
            throw new UsageException(positionalProblem(positional));
        }
        return new Parsed(false, Map.copyOf(values), List.copyOf(positional));
    }

    private String positionalProblem(List<String> positional) {
        String expected = minPositional == maxPositional ? String.valueOf(minPositional)
                : maxPositional == Integer.MAX_VALUE ? "at least " + minPositional : minPositional + " to " + maxPositional;
        String got = positional.isEmpty() ? "none" : positional.size() + " (" + positional.stream()
                .map(p -> "\"" + p + "\"").collect(Collectors.joining(", ")) + ")";
        return verb + " expects " + expected + " argument" + (expected.equals("1") ? "" : "s")
                + (arguments.isEmpty() ? "" : ", " + arguments) + "; got " + got;
    }

    /** The next argument is a value unless it looks like an option; "-" alone is a value (standard output). */
    private static boolean isValue(String next) {
        return next.equals("-") || !next.startsWith("-");
    }

    private Optional<Option> find(String spelling) {
        return options.stream().filter(o -> spelling.equals("--" + o.name())
                || (o.shortName() != null && spelling.equals("-" + o.shortName()))).findFirst();
    }

    private String unknown(String arg) {
        String known = options.stream().map(o -> "--" + o.name()).collect(Collectors.joining(", "));
        return "unknown option \"" + arg + "\"; " + verb + " takes " + known;
    }
}
