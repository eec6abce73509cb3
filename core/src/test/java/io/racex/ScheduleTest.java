package io.racex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {
    @Test
    void printsOneBasedThreadsWithVersion() {
        assertEquals("v1:1.1.2.2.2.2.1.1", Schedule.of(0, 0, 1, 1, 1, 1, 0, 0).token());
    }

    @Test
    void roundTripsEveryRandomSchedule() {
        // property: parse(token(s)) == s, over random lengths (some past the compression threshold) and thread counts
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 2_000; i++) {
            int len = 1 + rnd.nextInt(80);
            int threads = 1 + rnd.nextInt(12);
            int[] c = new int[len];
            for (int k = 0; k < len; k++) {
                c[k] = rnd.nextInt(5) == 0 ? rnd.nextInt(threads) : (k > 0 ? c[k - 1] : 0);
            }
            Schedule s = new Schedule(c);
            Schedule back = Schedule.parse(s.token());
            assertEquals(s, back, s.token());
            assertArrayEquals(c, back.choices());
        }
    }

    @Test
    void compressesLongRunsOfOneThread() {
        int[] c = new int[30];
        for (int i = 20; i < 30; i++) {
            c[i] = 1;
        }
        assertEquals("v1:1x20.2x10", new Schedule(c).token());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "", "v2:1.2", "v1:", "v1:0.1", "v1:1..2", "v1:1.x3", "v1:1.2x0", "v1:1.-2",
        // no version: a bare "2" is not a prefix of a token
        "2", "1.1.2.2",
        // only ASCII digits: Arabic-Indic, fullwidth and Devanagari digits are digits to Character.isDigit
        "v1:\u0661.\u0662", "v1:\uFF11.\uFF11.\uFF12", "v1:\u0967.\u0968",
        // no leading zeros, no whitespace around or inside, no empty step, no sign
        "v1:01.2", "v1:1.2x04", " v1:1.2", "v1:1.2 ", "v1:1. 2", "v1:1.2.", "v1:+1.2", "V1:1.2", "v1:1x", "v1:12345678"})
    void rejectsMalformedTokensWithOneClearLine(String token) {
        RacexException e = assertThrows(RacexException.class, () -> Schedule.parse(token));
        assertTrue(e.getMessage().startsWith("malformed schedule"), e.getMessage());
        assertTrue(e.getMessage().contains("v1:1.1.2.2"), "says what a token looks like: " + e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void namesTheCharacterThatIsNotAThreadNumber() {
        RacexException e = assertThrows(RacexException.class, () -> Schedule.parse("v1:1.1.x"));
        assertTrue(e.getMessage().contains("'x' at character 8"), e.getMessage());
    }

    @Test
    void saysABadRepeatCountIsARepeatCount() {
        RacexException e = assertThrows(RacexException.class, () -> Schedule.parse("v1:1.2xy"));
        assertTrue(e.getMessage().contains("where a repeat count should be"), e.getMessage());
        e = assertThrows(RacexException.class, () -> Schedule.parse("v1:1.2x0"));
        assertTrue(e.getMessage().contains("a repeat count at character 8 starts with 0"), e.getMessage());
    }

    @Test
    void saysATokenWithoutVersionLacksIt() {
        RacexException e = assertThrows(RacexException.class, () -> Schedule.parse("2"));
        assertTrue(e.getMessage().contains("does not start with v1:"), e.getMessage());
    }

    @Test
    void readsRepeatCounts() {
        assertEquals(Schedule.of(0, 0, 0, 1), Schedule.parse("v1:1x3.2"));
        assertEquals(Schedule.of(0, 1), Schedule.parse("v1:1x1.2"));
    }

    @Test
    void boundsTheStepsBeforeExpandingThem() {
        // 600 x 1000000 steps in 6 KB: refused from its counts, nothing expanded (it would take 2.4 GB)
        String huge = "v1:" + String.join(".", java.util.Collections.nCopies(600, "1x1000000"));
        long start = System.nanoTime();
        RacexException e = assertThrows(RacexException.class, () -> Schedule.parse(huge, 10_000));
        assertTrue(e.getMessage().contains("more than 10000 steps"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "the token is abbreviated in the message: " + e.getMessage());
        assertThrows(RacexException.class, () -> Schedule.parse(huge));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused at once");
        // a token longer than any schedule of the bound is refused from its length alone
        String long1 = "v1:" + "1.".repeat(200) + "1";
        e = assertThrows(RacexException.class, () -> Schedule.parse(long1, 10));
        assertTrue(e.getMessage().contains("characters long"), e.getMessage());
        assertEquals(10, Schedule.parse("v1:1x10", 10).length());
    }

    @Test
    void ordersLexicographically() {
        assertTrue(Schedule.of(0, 1).compareTo(Schedule.of(1, 0)) < 0);
        assertTrue(Schedule.of(0, 0, 1).compareTo(Schedule.of(0, 1, 0)) < 0);
    }
}
