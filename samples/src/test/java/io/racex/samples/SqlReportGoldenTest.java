package io.racex.samples;

import static io.racex.testing.Golden.assertGolden;

import io.racex.Racex;
import io.racex.ExplorationResult;
import io.racex.report.JsonReport;
import io.racex.report.TextReport;
import org.junit.jupiter.api.Test;

/**
 * Golden files of the reports of the SQL find-and-update on H2: long SQL cells wrap, the rows a
 * SELECT returned show. A missing golden file fails ({@link io.racex.testing.Golden}); write them
 * with {@code -Dracex.golden.update=true} and review the diff.
 */
class SqlReportGoldenTest {
    @Test
    void textReportOfFindAndUpdateOnH2() {
        ExplorationResult r = Racex.explore(SampleCatalog.get("find-and-update")).run();
        assertGolden("find-and-update.txt", TextReport.render(r));
    }

    @Test
    void jsonReportOfFindAndUpdateOnH2() {
        ExplorationResult r = Racex.explore(SampleCatalog.get("find-and-update")).run();
        assertGolden("find-and-update.json", JsonReport.render(r));
    }
}
