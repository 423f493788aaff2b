package com.portfolio.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.policy.PolicyEngine;
import com.portfolio.infra.policy.PolicyRule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule table is generated from the rules, and the committed doc is the table of today's rules. */
class RuleTableTest {

    static final Path DOC = Path.of("docs/POLICY-RULES.md");

    private static String rules(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "rules";
        System.arraycopy(args, 0, all, 1, args.length);
        assertEquals(0, Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
                err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCommittedRuleTableIsTheOneTheRulesGenerate() throws Exception {
        String generated = RuleTable.markdown(PolicyEngine.standard().rules());
        String committed = Files.readString(DOC).replace("\r\n", "\n");
        assertTrue(committed.equals(generated), DOC + " is stale: the rules changed since it was generated. Regenerate it with `"
                + RuleTable.REGENERATE + "` (or, with a fresh jar, `java -jar target/portfolio-infra.jar rules --markdown > " + DOC
                + "`) and commit it.");
    }

    @Test
    void theMarkdownVerbPrintsTheDoc() {
        assertEquals(RuleTable.markdown(PolicyEngine.standard().rules()), rules("--markdown"));
    }

    @Test
    void thePlainTableHasOneLinePerRuleWithItsColumns() {
        List<PolicyRule> engineRules = PolicyEngine.standard().rules();
        List<String> lines = rules().lines().toList();

        assertEquals(engineRules.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            PolicyRule rule = engineRules.get(i);
            String line = lines.get(i);
            assertTrue(line.matches("^" + rule.id() + " +" + rule.severity().name().toLowerCase() + " +" + rule.stacks().name().toLowerCase()
                    + " +.*"), line);
            assertTrue(line.contains(rule.resources() + ": " + rule.invariant() + ". Fix: " + rule.fix()), line);
        }
        assertTrue(lines.get(0).startsWith("SEC-S3-01     mandatory  both  s3 BucketV2: exactly one BucketPublicAccessBlock"), lines.get(0));
    }

    @Test
    void theDocHasOneRowPerRuleAndNamesTheRulesThatAllowAnException() {
        String doc = RuleTable.markdown(PolicyEngine.standard().rules());
        List<String> rows = doc.lines().filter(l -> l.matches("^\\| [A-Z]+(?:-[A-Z0-9]+)?-\\d+ \\|.*")).toList();

        assertEquals(PolicyEngine.standard().rules().stream().map(PolicyRule::id).toList(),
                rows.stream().map(r -> r.split(" \\| ")[0].substring(2)).toList());
        assertTrue(rows.stream().allMatch(r -> r.split("(?<!\\\\)\\|").length == 8), "seven cells in every row");
        assertTrue(doc.contains("(today: SEC-CB-02)"), doc);
    }

    @Test
    void markdownInTheRulesTextStaysAsWritten() {
        assertEquals("no \\*KEY\\*, a\\|b, CKV2\\_AWS\\_6, &lt;name&gt;", RuleTable.cell("no *KEY*, a|b, CKV2_AWS_6, <name>"));
    }

    @Test
    void anUnknownArgumentIsRefused() {
        var err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[] {"rules", "--md"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("error: unknown option \"--md\"; rules takes --markdown, --help\n" + RulesCommand.USAGE + "\n", err.toString(StandardCharsets.UTF_8));
    }
}
