package io.racex.cli;

import static io.racex.cli.ExploreStrategiesTest.racex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.cli.ExploreStrategiesTest.Run;
import org.junit.jupiter.api.Test;

class ExploreSplitTest {
    @Test
    void shardsOfAnExhaustiveSearchAddUpToItsTraces() throws Exception {
        long total = 0;
        for (int k = 1; k <= 3; k++) {
            Run r = racex("explore", "lastzero-5", "--strategy", "exhaustive", "--shard", k + "/3");
            assertEquals(RacexCommand.OK, r.exit(), r.err());
            assertTrue(r.json().get("complete").asBoolean());
            assertTrue(r.json().get("completeness").asText().startsWith("shard " + k + "/3 complete"));
            total += r.json().get("schedules").asLong();
        }
        assertEquals(64, total);
    }

    @Test
    void twoWorkersRunTheSameExecutionsAsOne() throws Exception {
        Run one = racex("explore", "lastzero-5");
        Run two = racex("explore", "lastzero-5", "--workers", "2");
        assertEquals(64, one.json().get("schedules").asLong());
        assertEquals(one.json().get("schedules"), two.json().get("schedules"));
        assertEquals(one.json().get("completeness"), two.json().get("completeness"));
        Run bug = racex("explore", "transfer-memory", "--workers", "2");
        assertEquals(RacexCommand.VIOLATION, bug.exit());
        assertEquals("v1:1.1.2.2.2.2.1.1", ExploreStrategiesTest.token(bug));
    }

    @Test
    void badSplitOptionsAreUsageErrors() throws Exception {
        for (String[] args : new String[][] {
            {"explore", "lastzero-3", "--shard", "3/2"},
            {"explore", "lastzero-3", "--shard", "half"},
            {"explore", "lastzero-3", "--workers", "0"},
            {"explore", "lastzero-3", "--strategy", "pct", "--workers", "2"},
        }) {
            Run r = racex(args);
            assertEquals(RacexCommand.BAD_INPUT, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }
}
