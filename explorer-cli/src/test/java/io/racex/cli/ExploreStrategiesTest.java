package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExploreStrategiesTest {
    record Run(int exit, JsonNode json, String err) {}

    static Run racex(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--format");
        all.add("json");
        int code = RacexCommand.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        JsonNode json = out.toString().isBlank() ? null : new ObjectMapper().readTree(out.toString());
        return new Run(code, json, err.toString());
    }

    static String token(Run r) {
        return r.json().get("counterexample").get("schedule").asText();
    }

    @Test
    void pctAndRandomPrintTheSameMinimalScheduleAsExhaustive() throws Exception {
        Run exhaustive = racex("explore", "transfer-memory", "--strategy", "exhaustive");
        Run pct = racex("explore", "transfer-memory", "--strategy", "pct", "--seed", "1");
        Run random = racex("explore", "transfer-memory", "--strategy", "random", "--seed", "1");
        assertEquals("v1:1.1.2.2.2.2.1.1", token(exhaustive));
        assertEquals(token(exhaustive), token(pct));
        assertEquals(token(exhaustive), token(random));
        for (Run r : List.of(pct, random)) {
            assertEquals(RacexCommand.VIOLATION, r.exit());
            assertEquals(1, r.json().get("counterexample").get("preemptions").asInt());
            assertEquals(1, r.json().get("seed").asLong());
            assertEquals(false, r.json().get("complete").asBoolean());
        }
        assertEquals("pct", pct.json().get("strategy").asText());
        // a sampling strategy stops at its first violation; the minimizer gives the canonical schedule anyway
        assertEquals("stopped at the first violation", pct.json().get("completeness").asText());
        assertTrue(pct.json().get("schedules").asLong() < 1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"transfer-memory", "append-memory", "counter-memory", "find-and-update"})
    void everyStrategyFindsTheSeedBugWithItsDefaults(String sample) throws Exception {
        for (String strategy : List.of("exhaustive", "naive", "bounded", "pct", "random")) {
            Run r = racex("explore", sample, "--strategy", strategy);
            assertEquals(RacexCommand.VIOLATION, r.exit(), strategy + " on " + sample + ": " + r.err());
            assertEquals("violation", r.json().get("verdict").asText());
        }
    }

    @Test
    void theSameSeedGivesTheSameReportAndAnotherSeedStillFindsTheBug() throws Exception {
        Run a = racex("explore", "counter-memory", "--strategy", "pct", "--seed", "9", "--schedules", "20");
        Run b = racex("explore", "counter-memory", "--strategy", "pct", "--seed", "9", "--schedules", "20");
        Run c = racex("explore", "counter-memory", "--strategy", "random", "--seed", "12345", "--schedules", "50");
        assertEquals(token(a), token(b));
        assertEquals(9, a.json().get("seed").asLong());
        assertEquals(RacexCommand.VIOLATION, c.exit());
    }

    @Test
    void rejectsAZeroDepthWithOneLine() throws Exception {
        Run r = racex("explore", "transfer-memory", "--strategy", "pct", "--depth", "0");
        assertEquals(RacexCommand.BAD_INPUT, r.exit());
        assertEquals("racex: the PCT depth must be at least 1, was 0", r.err().strip());
    }
}
