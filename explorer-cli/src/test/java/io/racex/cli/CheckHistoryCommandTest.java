package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code racex check-history}: exit codes, one-line errors, and golden files of the text and JSON
 * reports on a small bank history. A golden file never writes itself: a missing or different one
 * fails; {@code -Dracex.golden.update=true} writes them, to be reviewed in the diff.
 */
class CheckHistoryCommandTest {
    static final Path HISTORIES = Path.of("src/test/resources/histories");
    static final Path DATA = Path.of("../core/src/test/resources/histories");
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final String BANK = HISTORIES.resolve("bank-withdraw.jsonl").toString();
    static final String BANK_OK = HISTORIES.resolve("bank-ok.jsonl").toString();

    static RacexCommandTest.Run racex(String... args) {
        return RacexCommandTest.racex(args);
    }

    static String normalize(String s) {
        return s.replaceAll("(?m)^(  time\\s+)\\d+ ms +", "$1N ms  ")
                .replaceAll("\"elapsedMillis\" : \\d+", "\"elapsedMillis\" : 0")
                .replaceAll("\"racex\" : \"[^\"]*\"", "\"racex\" : \"VERSION\"");
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        String normalized = normalize(actual);
        if (Boolean.getBoolean("racex.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, normalized, StandardCharsets.UTF_8);
        }
        if (!Files.exists(file)) {
            fail("golden file " + file + " is missing: run with -Dracex.golden.update=true and review it");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), normalized, "golden file " + file);
    }

    @Test
    void textReportOfAViolationMatchesItsGoldenFile() throws IOException {
        RacexCommandTest.Run r = racex("check-history", BANK, "--model", "bank", "--init", "{\"acct\": 100}");
        assertEquals(1, r.code(), r.err());
        assertGolden("check-history-bank.txt", r.out());
    }

    @Test
    void jsonReportOfAViolationMatchesItsGoldenFile() throws IOException {
        RacexCommandTest.Run r = racex("check-history", BANK, "--model", "bank", "--init", "{\"acct\": 100}", "--format", "json");
        assertEquals(1, r.code(), r.err());
        assertGolden("check-history-bank.json", r.out());
    }

    @Test
    void textReportOfALinearizableHistoryMatchesItsGoldenFile() throws IOException {
        RacexCommandTest.Run r = racex("check-history", BANK_OK, "--model", "bank", "--init", "{\"acct\": 100}");
        assertEquals(0, r.code(), r.err());
        assertGolden("check-history-bank-ok.txt", r.out());
    }

    @Test
    void htmlReportIsOneSelfContainedPageWithTheFailingOperationMarked() {
        RacexCommandTest.Run r = racex("check-history", BANK, "--model", "bank", "--init", "{\"acct\": 100}", "--format", "html");
        assertEquals(1, r.code(), r.err());
        String html = r.out();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"), "a timeline");
        assertFalse(html.contains("<script"));
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"), "no external resources");
        // the second withdrawal cannot be placed: red, with the reason in its tooltip
        assertTrue(html.contains("cannot be placed next: withdraw of 60 succeeded but account &quot;acct&quot; holds only 40"), html);
        assertTrue(html.contains("fill=\"#fed7d7\" stroke=\"#9b2c2c\""), "the first operation left to return is outlined");
        assertTrue(html.contains("stroke-dasharray"), "the pending deposit is dashed");
    }

    @Test
    void reportGoesToAFileWithOneLineOnTheTerminal(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.html");
        RacexCommandTest.Run r = racex("check-history", BANK, "--model", "bank", "--init", "{\"acct\": 100}", "--format", "html", "-o", out.toString());
        assertEquals(1, r.code());
        assertEquals("racex: not-linearizable; report written to " + out, r.out().strip());
        assertTrue(Files.readString(out).contains("<svg"));
    }

    @Test
    void keyValueFilesExitWithTheVerdictInTheirName() {
        for (String name : List.of("c01-ok", "c01-bad", "c10-ok", "c10-bad", "c50-ok", "c50-bad")) {
            RacexCommandTest.Run r = racex("check-history", DATA.resolve("kv/" + name + ".txt").toString(), "--model", "kv");
            assertEquals(name.endsWith("ok") ? 0 : 1, r.code(), name + ": " + r.err());
        }
        assertEquals(1, racex("check-history", DATA.resolve("kv/c10-bad.txt").toString(), "--model", "kv", "--no-split").code());
    }

    @Test
    void etcdLogsGetAVerdict() {
        assertEquals(1, racex("check-history", DATA.resolve("jepsen-etcd/etcd_000.log").toString(), "--model", "register").code());
        assertEquals(0, racex("check-history", DATA.resolve("jepsen-etcd/etcd_002.log").toString(), "--model", "register").code());
        assertEquals(0, racex("check-history", DATA.resolve("jepsen-etcd/etcd_095.log").toString(), "--model", "register").code(), "empty");
    }

    @Test
    void badInputExitsTwoWithOneLineNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("trunc.txt");
        List<String> lines = Files.readAllLines(DATA.resolve("kv/c01-ok.txt"));
        Files.writeString(truncated, String.join("\n", lines.subList(0, 4)) + "\n" + lines.get(4).substring(0, 30) + "{:process 0, :type :ok\n");
        assertBadInput(truncated + ":5: column ", "check-history", truncated.toString(), "--model", "kv");

        Path noCall = dir.resolve("nocall.jsonl");
        Files.writeString(noCall, "{\"type\":\"call\",\"client\":\"a\",\"op\":\"read\"}\n{\"type\":\"return\",\"client\":\"b\",\"result\":1}\n");
        assertBadInput(noCall + ":2: a return with no call: client b has no call open", "check-history", noCall.toString(), "--model", "register");

        Path unknownOp = dir.resolve("op.jsonl");
        Files.writeString(unknownOp, "{\"type\":\"call\",\"client\":\"a\",\"op\":\"pop\"}\n");
        assertBadInput(unknownOp + ":1: unknown operation 'pop' for the register model", "check-history", unknownOp.toString(), "--model", "register");

        assertBadInput("unknown model 'stack'", "check-history", BANK, "--model", "stack");
        assertBadInput(dir.resolve("missing.jsonl") + ": no such file", "check-history", dir.resolve("missing.jsonl").toString(), "--model", "kv");
        assertBadInput("--init is not JSON", "check-history", BANK, "--model", "bank", "--init", "{acct");
        assertEquals(2, racex("check-history", BANK, "--model", "bank", "--format", "xml").code());
        assertEquals(2, racex("check-history", BANK).code(), "--model is required");
    }

    private static void assertBadInput(String start, String... args) {
        RacexCommandTest.Run r = racex(args);
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("racex: " + start), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aSearchThatRunsOutOfTimeExitsFour(@TempDir Path dir) throws IOException {
        // key "0" of c50-bad alone: refuting it takes millions of configurations
        Path hard = dir.resolve("key0.txt");
        List<String> key0 = Files.readAllLines(DATA.resolve("kv/c50-bad.txt")).stream().filter(l -> l.contains(":key \"0\"")).toList();
        Files.writeString(hard, String.join("\n", key0) + "\n");
        RacexCommandTest.Run r = racex("check-history", hard.toString(), "--model", "kv", "--timeout", "0.3");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.out().startsWith("racex: UNKNOWN: "), r.out());
    }
}
