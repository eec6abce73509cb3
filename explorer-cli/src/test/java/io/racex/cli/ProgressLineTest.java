package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void showsCountRateElapsedTimeLeftAndViolationsWhenTheTotalIsKnown() {
        assertEquals("racex: 1,200 of 5,000 executions (24%), 600/s, 0:02 elapsed, about 0:07 left, 1 violation",
                ProgressLine.format(1_200, 1, 2 * SECOND, 5_000));
    }

    @Test
    void leavesOutTheEstimateWhenTheTotalIsUnknown() {
        assertEquals("racex: 250,000 executions, 12,500/s, 0:20 elapsed, 3 violations",
                ProgressLine.format(250_000, 3, 20 * SECOND, -1));
    }

    @Test
    void printsHoursOnlyForLongRuns() {
        assertEquals("1:01:05", ProgressLine.clock(3_665));
        assertEquals("59:59", ProgressLine.clock(3_599));
        assertEquals("racex: 0 executions, 0/s, 0:00 elapsed, 0 violations", ProgressLine.format(0, 0, 0, -1));
    }

    @Test
    void namesTheMatrixCellItIsIn() {
        assertEquals("racex: cell 3 of 12: postgresql at READ COMMITTED: 1,200 executions, 600/s, 1:05 elapsed, 1 violation",
                ProgressLine.format("cell 3 of 12: postgresql at READ COMMITTED", 1_200, 1, 2 * SECOND, 65 * SECOND));
    }

    @Test
    void aNewSearchShowsItsLabelAtOnceAfterTheFirstHalfSecond() throws Exception {
        StringWriter sw = new StringWriter();
        try (ProgressLine line = new ProgressLine(new PrintWriter(sw), -1, true)) {
            line.search("cell 1 of 2: h2 at SERIALIZABLE");
            assertEquals("", sw.toString());
            Thread.sleep(ProgressLine.FIRST_NANOS / 1_000_000 + 50);
            line.update(7, 0);
            line.search("cell 2 of 2: h2 at READ COMMITTED"); // drawn at once, though within the refresh interval
        }
        String out = sw.toString();
        assertTrue(out.contains("\rracex: cell 1 of 2: h2 at SERIALIZABLE: 7 executions, "), out);
        assertTrue(out.contains("\rracex: cell 2 of 2: h2 at READ COMMITTED: 0 executions, "), out);
    }

    @Test
    void drawsNothingWhenNotOnATerminal() {
        StringWriter sw = new StringWriter();
        try (ProgressLine line = new ProgressLine(new PrintWriter(sw), 10, false)) {
            line.update(5, 0);
        }
        assertEquals("", sw.toString());
    }

    @Test
    void redrawsInPlaceAndErasesItselfAtTheEnd() throws Exception {
        StringWriter sw = new StringWriter();
        try (ProgressLine line = new ProgressLine(new PrintWriter(sw), -1, true)) {
            line.update(1, 0); // within the first half second: nothing yet
            assertEquals("", sw.toString());
            Thread.sleep(ProgressLine.FIRST_NANOS / 1_000_000 + 50);
            line.update(2, 0);
            line.update(3, 0); // within the refresh interval: skipped
        }
        String out = sw.toString();
        assertTrue(out.startsWith("\rracex: 2 executions, "), out);
        assertTrue(!out.contains("racex: 3 executions"), out);
        assertTrue(out.endsWith("\r"), out);
        assertTrue(!out.contains("\n"), out);
    }
}
