package com.portfolio.infra.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a file that holds a plan: one written by {@code plan --json}, or the output of
 * {@code pulumi preview --json}. Which one it is, is told by its fields.
 */
public final class PlanFiles {

    static final String EXPECTED = "a plan written by `plan --json` (an object with \"project\", \"stack\" and "
            + "\"resources\") or the output of `pulumi preview --json` (an object with \"steps\")";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanFiles() {
    }

    /** Where a plan came from. */
    public enum Format {
        /** written by {@code plan --json}: the offline plan under the mock engine */
        PLAN("offline plan"),
        /** written by {@code pulumi preview --json}: what the real engine would do */
        PREVIEW("pulumi preview");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One file's plan.
     *
     * @param warnings what the reader should know about the file (e.g. a preview that lists only
     *                 changes), one sentence each
     */
    public record PlanFile(Path file, Format format, Plan plan, List<String> warnings) {
    }

    /** @throws PlanFileException when the file cannot be read, is not JSON, or is neither format */
    public static PlanFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PlanFileException(file + ": no such file; expected " + EXPECTED);
        } catch (IOException e) {
            throw new PlanFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(text, file);
    }

    static PlanFile parse(String text, Path file) {
        if (text.isBlank()) {
            throw new PlanFileException(file + ": the file is empty; expected " + EXPECTED);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new PlanFileException(file + ": not JSON (" + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + "); expected " + EXPECTED, e);
        }
        if (PlanJsonReader.looksLikePlan(root)) {
            Plan plan = PlanJsonReader.read(root, file.toString());
            List<String> warnings = PlanJsonReader.lacksOutputs(root)
                    ? List.of("the plan records no computed attributes (ARNs) of its resources: it was written by an older "
                            + "`plan --json`, so rules that follow references by ARN may report what the plan itself did not; "
                            + "write it again with this version")
                    : List.of();
            return new PlanFile(file, Format.PLAN, plan, warnings);
        }
        if (PreviewJsonReader.looksLikePreview(root)) {
            var preview = PreviewJsonReader.read(root, file.toString());
            return new PlanFile(file, Format.PREVIEW, preview.plan(), preview.warnings());
        }
        throw new PlanFileException(file + ": expected " + EXPECTED + ", found " + JsonFields.describe(root));
    }
}
