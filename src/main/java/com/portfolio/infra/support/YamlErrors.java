package com.portfolio.infra.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A YAML syntax error as editors and compilers show one: {@code file:line:column: problem}, then
 * the offending line and a caret under the column, from the parser's mark (lines and columns
 * counted from 1, as editors do). Without a mark, the parser's own message on one line.
 */
public final class YamlErrors {

    private YamlErrors() {
    }

    /**
     * @param file  the file as the user should see it named
     * @param text  the text that was parsed, to show the offending line from
     */
    public static String describe(Path file, String text, YamlEngineException error) {
        if (error instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
            Mark mark = marked.getProblemMark().get();
            List<String> lines = new ArrayList<>();
            String context = marked.getContext();
            String contextAt = marked.getContextMark()
                    .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            lines.add(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": not valid YAML: "
                    + marked.getProblem().strip() + (context == null ? "" : " (" + context.strip() + contextAt + ")"));
            String line = text.lines().skip(mark.getLine()).findFirst().orElse("");
            lines.add(line);
            lines.add(caretIndent(line, mark.getColumn()) + "^");
            return String.join("\n", lines);
        }
        return file + ": not valid YAML: " + error.getMessage().strip().replace('\n', ' ');
    }

    /** The caret's indent: the line's own tabs are kept so the caret lines up under them. */
    private static String caretIndent(String line, int column) {
        var indent = new StringBuilder();
        for (int i = 0; i < column; i++) {
            indent.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return indent.toString();
    }
}
