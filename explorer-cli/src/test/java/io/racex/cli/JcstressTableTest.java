package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.Racex;
import io.racex.samples.SampleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The racex columns of the table in {@code docs/jcstress-vs-racex.md} are what racex computes:
 * for each in-memory seed race, the executions the exhaustive search runs until its first
 * violation, the executions of the whole search, and the minimal schedule's preemptions and
 * steps. (The jcstress columns are measurements of one run, quoted with the output they came
 * from; they vary from run to run.)
 */
class JcstressTableTest {
    static final Path DOC = Path.of("../docs/jcstress-vs-racex.md");

    /** The table's rows: cells split at '|', for rows whose second cell names a racex sample in backquotes. */
    static List<String[]> rows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("| ")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            if (cells.length >= 7 && cells[1].matches("`[a-z-]+-memory`")) {
                rows.add(cells);
            }
        }
        return rows;
    }

    @Test
    void theRacexColumnsAreWhatRacexComputes() throws IOException {
        List<String[]> rows = rows();
        assertEquals(7, rows.size(), "one row per in-memory seed race");
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            String sample = row[1].replace("`", "");
            ExplorationResult first = Racex.explore(SampleCatalog.get(sample))
                    .options(Options.defaults().withStopAtFirstViolation(true)).run();
            ExplorationResult all = Racex.explore(SampleCatalog.get(sample)).run();
            assertTrue(first.failed() && all.failed() && all.complete(), sample);
            Counterexample c = all.counterexample().orElseThrow();
            String minimal = c.preemptions() + " / " + c.execution().steps().size();
            String[] expected = {Long.toString(first.schedules()), Long.toString(all.schedules()), minimal};
            String[] shown = {row[4], row[5], row[6]};
            if (!java.util.Arrays.equals(expected, shown)) {
                wrong.add(sample + ": shown " + String.join(", ", shown) + "; racex computes " + String.join(", ", expected));
            }
        }
        assertTrue(wrong.isEmpty(), DOC + ":\n" + String.join("\n", wrong));
    }
}
