package io.racex.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
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

    @Test
    void acceptsTokenWithoutVersionPrefix() {
        assertEquals(Schedule.of(0, 0, 1, 1), Schedule.parse("1.1.2.2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "", "v2:1.2", "v1:", "v1:0.1", "1..2", "1.x3", "1.2x0", "v1:1.-2"})
    void rejectsMalformedTokensWithOneClearLine(String token) {
        RacexException e = assertThrows(RacexException.class, () -> Schedule.parse(token));
        assertTrue(e.getMessage().startsWith("malformed schedule"), e.getMessage());
        assertTrue(e.getMessage().contains("v1:1.1.2.2"), "says what a token looks like: " + e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void ordersLexicographically() {
        assertTrue(Schedule.of(0, 1).compareTo(Schedule.of(1, 0)) < 0);
        assertTrue(Schedule.of(0, 0, 1).compareTo(Schedule.of(0, 1, 0)) < 0);
    }
}
