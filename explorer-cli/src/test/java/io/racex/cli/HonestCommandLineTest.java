package io.racex.cli;

import static io.racex.cli.RacexCommandTest.racex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.racex.cli.RacexCommandTest.Run;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** What the command line says is what happened, and a mistyped or hostile input gets one line and exit 2. */
class HonestCommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The error line of a run that must exit 2 without a stack trace. */
    private static String badInput(String... args) {
        Run r = racex(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        return r.err();
    }

    @Test
    void replayIsNotCalledCompleteInTextOrJson() throws Exception {
        Run text = racex("replay", "transfer", "--schedule", "v1:1.1.2.2.2.2.1.1");
        assertEquals(1, text.code());
        assertFalse(text.out().contains("every schedule was explored"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("  complete +no +replayed 1 schedule")), text.out());
        JsonNode json = JSON.readTree(racex("replay", "transfer", "--schedule", "v1:1.1.2.2.2.2.1.1", "--format", "json").out());
        assertFalse(json.get("complete").asBoolean());
        assertEquals("replayed 1 schedule", json.get("completeness").asText());
    }

    @Test
    void aPassingReplayPrintsItsSteps() {
        Run r = racex("replay", "transfer-memory", "--schedule", "v1:1.1.1.1.2.2.2.2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Replayed schedule: 0 preemptions, 8 steps"), r.out());
        assertTrue(r.out().contains("read b -> 200") && r.out().contains("write a <- 250"), r.out());
    }

    @Test
    void tokensWithoutVersionOrShorterThanTheExecutionExitTwoSayingSo() {
        assertTrue(badInput("replay", "transfer", "--schedule", "2").contains("does not start with v1:"));
        assertTrue(badInput("replay", "transfer", "--schedule", "v1:2").contains("shorter than the execution"));
        assertTrue(badInput("replay", "transfer", "--schedule", "v1:1.1.x").contains("'x'"));
    }

    @Test
    void nonAsciiDigitsExitTwo() {
        assertTrue(badInput("replay", "transfer", "--schedule", "v1:\uFF11.\uFF11.\uFF12.\uFF12.\uFF12.\uFF12.\uFF11.\uFF11")
                .contains("'\uFF11' at character 4"));
        badInput("replay", "transfer", "--schedule", "v1:\u0661.\u0661.\u0662.\u0662.\u0662.\u0662.\u0661.\u0661");
    }

    @Test
    void aHugeTokenExitsTwoAtOnce() {
        String huge = "v1:" + String.join(".", Collections.nCopies(600, "1x1000000"));
        long start = System.nanoTime();
        String err = badInput("replay", "transfer", "--schedule", huge);
        assertTrue(err.contains("more than 10000 steps"), err);
        assertTrue(err.length() < 400, "the token is abbreviated: " + err);
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused before expanding");
    }

    @Test
    void mistypedCommandsSamplesAndOptionsGetASuggestion() {
        assertTrue(badInput("explor", "transfer").contains("did you mean explore"));
        assertTrue(badInput("explore", "tranfser").contains("did you mean transfer"));
        assertTrue(badInput("explore", "lastzer-5").contains("did you mean lastzero-5"));
        assertTrue(badInput("explore", "transfer", "--stratgy", "pct").contains("did you mean --strategy"));
    }

    @Test
    void theReplayLineCarriesTheOptionsThatChangeTheOutcome() throws Exception {
        JsonNode json = JSON.readTree(racex("explore", "lastzero-10", "--max-steps", "20", "--format", "json").out());
        assertEquals("violation", json.get("verdict").asText());
        String replay = json.at("/counterexample/replay").asText();
        assertTrue(replay.startsWith("racex replay lastzero-10 --max-steps 20 --schedule v1:"), replay);
        // pasted as printed, it reproduces the livelock
        String[] args = replay.substring("racex ".length()).split(" ");
        Run again = racex(args);
        assertEquals(1, again.code(), again.err());
        assertTrue(again.out().contains("livelock"), again.out());
        // without the option, the token does not fit: an error, not a silent pass
        String token = json.at("/counterexample/schedule").asText();
        assertTrue(badInput("replay", "lastzero-10", "--schedule", token).contains("shorter than the execution"));
        Run text = racex("explore", "lastzero-10", "--max-steps", "20");
        assertTrue(text.out().contains("racex replay lastzero-10 --max-steps 20 --schedule " + token), text.out());
    }
}
