package com.portfolio.infra.lambdas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The function folders under a root ({@code routes/}, {@code functions/}): each subfolder is one
 * function and must hold its {@code handler.py} and definition file. Only {@code tests},
 * {@code __pycache__} and hidden folders are not functions.
 */
public final class FunctionFolders {

    public static final String HANDLER = "handler.py";
    /** Folder names become part of the function's name (and its log group's and role's). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,28}");
    static final Set<String> NOT_FUNCTIONS = Set.of("tests", "__pycache__");

    private FunctionFolders() {
    }

    /** A function's folder and its definition file. */
    public record Folder(String name, Path dir, Path definitionFile, String shown) {
    }

    /**
     * The function folders of {@code root}, sorted by name, each with its definition file; every
     * problem (bad name, missing file) is added to {@code problems} and that folder left out.
     *
     * @param shownRoot how the root is named in messages, e.g. {@code routes}
     */
    public static List<Folder> list(Path root, String shownRoot, String definitionFile, List<String> problems) {
        if (!Files.isDirectory(root)) {
            problems.add(shownRoot + ": no such folder at " + root.toAbsolutePath() + "; expected one folder per function");
            return List.of();
        }
        List<Path> dirs;
        try (Stream<Path> children = Files.list(root)) {
            dirs = children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        var folders = new ArrayList<Folder>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            if (NOT_FUNCTIONS.contains(name) || name.startsWith(".")) {
                continue;
            }
            String shown = shownRoot + "/" + name;
            int before = problems.size();
            if (!NAME.matcher(name).matches()) {
                problems.add(shown + ": folder name \"" + name + "\" (" + name.length() + " characters); expected 1 to 28 "
                        + "lowercase letters, digits and hyphens (it becomes part of the function's name)");
            }
            for (String required : List.of(definitionFile, HANDLER)) {
                if (!Files.isRegularFile(dir.resolve(required))) {
                    problems.add(shown + ": " + required + " is missing; expected every folder of " + shownRoot
                            + " to hold " + definitionFile + " and " + HANDLER);
                }
            }
            if (problems.size() == before) {
                folders.add(new Folder(name, dir, dir.resolve(definitionFile), shown + "/" + definitionFile));
            }
        }
        return folders;
    }
}
