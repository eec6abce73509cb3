package io.racex.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.Racex;
import io.racex.TestScenarios;
import io.racex.explore.ExplorationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden files for every report format, normalized so they do not depend on timing or version.
 * Regenerate with {@code -Dracex.golden.update=true} and review the diff.
 */
class ReportGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden");

    static String normalize(String s) {
        return s.replaceAll("(?m)^  time\\s+\\d+ ms\\s+", "  time  N ms  ")
                .replaceAll("\"elapsedMillis\" : \\d+", "\"elapsedMillis\" : 0")
                .replaceAll("\"racex\" : \"[^\"]*\"", "\"racex\" : \"VERSION\"");
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        String normalized = normalize(actual);
        if (Boolean.getBoolean("racex.golden.update") || !Files.exists(file)) {
            Files.createDirectories(DIR);
            Files.writeString(file, normalized, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), normalized, "golden file " + file);
    }

    @Test
    void textReportOfTransferCounterexample() throws IOException {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        assertGolden("transfer.txt", TextReport.render(r));
    }

    @Test
    void jsonReportOfTransferCounterexample() throws IOException {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        assertGolden("transfer.json", JsonReport.render(r));
    }

    @Test
    void mermaidDiagramOfTransferCounterexample() throws IOException {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        assertGolden("transfer.mmd", MermaidReport.render(r));
    }

    @Test
    void htmlReportOfTransferCounterexample() throws IOException {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        String html = HtmlReport.render(r);
        assertGolden("transfer.html", html);
        // self-contained: no scripts, no external resources
        org.junit.jupiter.api.Assertions.assertFalse(html.contains("<script"));
        org.junit.jupiter.api.Assertions.assertFalse(html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    }

    @Test
    void textReportOfAPass() throws IOException {
        ExplorationResult r = Racex.explore(TestScenarios.incThenGet(io.racex.Spec.LINEARIZABLE)).maxSchedules(3).run();
        assertGolden("pass-incomplete.txt", TextReport.render(r));
    }
}
