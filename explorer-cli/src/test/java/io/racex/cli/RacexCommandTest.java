package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RacexCommandTest {
    record Run(int code, String out, String err) {}

    static Run racex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RacexCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void exploreTransferExitsOneWithTheSchedule() {
        Run r = racex("explore", "transfer-memory");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("Minimal failing schedule: 1 preemption"), r.out());
        assertTrue(r.out().contains("a=250 b=100 c=100"), r.out());
        assertTrue(r.out().contains("racex replay transfer-memory --schedule v1:"), r.out());
    }

    @Test
    void exploreFixedExitsZeroAndSaysComplete() {
        Run r = racex("explore", "transfer-memory-fixed");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete   yes"), r.out());
    }

    @Test
    void jsonScheduleFedToReplayReproducesTheObservedOutcome() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode explored = m.readTree(racex("explore", "transfer-memory", "--format", "json").out());
        String token = explored.at("/counterexample/schedule").asText();
        Run replay = racex("replay", "transfer-memory", "--schedule", token, "--format", "json");
        assertEquals(1, replay.code());
        JsonNode replayed = m.readTree(replay.out());
        assertEquals(explored.at("/counterexample/observed"), replayed.at("/counterexample/observed"));
        assertEquals(explored.at("/counterexample/steps"), replayed.at("/counterexample/steps"));
    }

    @Test
    void unknownScenarioExitsTwoWithOneLine() {
        Run r = racex("explore", "no-such-scenario");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"));
        assertEquals("", r.out());
    }

    @Test
    void malformedTokenExitsTwoWithOneLine() {
        Run r = racex("replay", "transfer-memory", "--schedule", "garbage");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("racex: malformed schedule 'garbage'"), r.err());
    }

    @Test
    void badOptionValueExitsTwo() {
        assertEquals(2, racex("explore", "transfer-memory", "--max-schedules", "0").code());
        assertEquals(2, racex("explore", "transfer-memory", "--format", "xml").code());
        assertEquals(2, racex("frobnicate").code());
    }

    @Test
    void listShowsEverySampleOnOneLine() {
        Run r = racex("list");
        assertEquals(0, r.code());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("transfer ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("counter-fixed ")), r.out());
    }

    @Test
    void outputOptionWritesTheReportToAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.json");
        Run r = racex("explore", "counter-memory", "--format", "json", "--output", f.toString());
        assertEquals(1, r.code());
        assertEquals("violation", new ObjectMapper().readTree(f.toFile()).get("verdict").asText());
    }

    @Test
    void versionAndHelpExitZero() {
        assertEquals(0, racex("--version").code());
        Run h = racex("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("explore"));
    }
}
