package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.Racex;
import io.racex.explore.ExplorationResult;
import io.racex.report.JsonReport;
import io.racex.report.TextReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden files of the reports of the SQL find-and-update on H2: long SQL cells wrap, the rows a
 * SELECT returned show. Regenerate with {@code -Dracex.golden.update=true} and review the diff.
 */
class SqlReportGoldenTest {
    static String normalize(String s) {
        return s.replaceAll("(?m)^  time\\s+\\d+ ms\\s+", "  time  N ms  ")
                .replaceAll("\"elapsedMillis\" : \\d+", "\"elapsedMillis\" : 0")
                .replaceAll("\"racex\" : \"[^\"]*\"", "\"racex\" : \"VERSION\"");
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden").resolve(name);
        String normalized = normalize(actual);
        if (Boolean.getBoolean("racex.golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, normalized, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), normalized, "golden file " + file);
    }

    @Test
    void textReportOfFindAndUpdateOnH2() throws IOException {
        ExplorationResult r = Racex.explore(SampleCatalog.get("find-and-update")).run();
        assertGolden("find-and-update.txt", TextReport.render(r));
    }

    @Test
    void jsonReportOfFindAndUpdateOnH2() throws IOException {
        ExplorationResult r = Racex.explore(SampleCatalog.get("find-and-update")).run();
        assertGolden("find-and-update.json", JsonReport.render(r));
    }
}
