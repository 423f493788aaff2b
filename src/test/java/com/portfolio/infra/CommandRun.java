package com.portfolio.infra;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of a verb in-process: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    interface Verb {
        int run(PrintStream out, PrintStream err);
    }

    static CommandRun of(Verb verb) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = verb.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    static CommandRun main(String... args) {
        return of((out, err) -> Main.run(args, out, err));
    }

    /** A verb run with the given policy tools (tests inject failing rules and printers). */
    static CommandRun with(PolicyRun.Tools tools, VerbWithTools verb, String... args) {
        return of((out, err) -> verb.apply(args, out, err, tools));
    }

    interface VerbWithTools {
        int apply(String[] args, PrintStream out, PrintStream err, PolicyRun.Tools tools);
    }

}
