package io.racex.samples;

import static io.racex.testing.Golden.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.ExplorationResult;
import io.racex.Racex;
import io.racex.report.HtmlReport;
import io.racex.report.MermaidReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden files of the pictures of the seed samples: the HTML page of find-and-update (whole
 * statements, the rows read, the state after each step, the database in the header) and the
 * Mermaid diagrams whose values say why each failed. Write them with
 * {@code -Dracex.golden.update=true} and review the diff ({@link io.racex.testing.Golden}).
 */
class PictureGoldenTest {
    @Test
    void htmlOfFindAndUpdateShowsTheWholeStatementTheRowReadAndTheDatabase() {
        ExplorationResult r = Racex.explore(SampleCatalog.get("find-and-update")).run();
        String html = HtmlReport.render(r);
        assertGolden("find-and-update.html", html);
        String text = html.replace("&#39;", "'");
        assertTrue(text.contains("SELECT * FROM message WHERE time = TIMESTAMP '2009-01-01 00:00:00'</span>"), text);
        assertTrue(text.contains("-&gt; ('msg a', '2009-01-01 00:00:00')</span>"), text);
        assertTrue(text.contains("ran on <b>h2 (private in-memory), connections start at isolation READ COMMITTED"), text);
        // the state after step 3, T2's UPDATE: the committed row changed, in bold
        assertTrue(text.contains("id=\"state-3\""), text);
        assertTrue(text.matches("(?s).*id=\"state-3\"[^>]*><b>message='msg aa'</b>.*"), text);
    }

    @Test
    void mermaidOfFindAndUpdate() {
        assertGolden("find-and-update.mmd", MermaidReport.render(Racex.explore(SampleCatalog.get("find-and-update")).run()));
    }

    @Test
    void mermaidOfCounterShowsTwoDifferentAllowedOutcomesByTheirResults() {
        String mmd = MermaidReport.render(Racex.explore(SampleCatalog.get("counter")).run());
        assertGolden("counter.mmd", mmd);
        List<String> allowed = mmd.lines().filter(l -> l.contains(": allowed ")).toList();
        assertEquals(allowed.size(), allowed.stream().distinct().count(), "each allowed outcome once:\n" + mmd);
        assertTrue(mmd.contains("Note over T1: increment() returns 1"), mmd);
    }

    @Test
    void mermaidOfLogoutValidationShowsTheValueValidateReturned() {
        String mmd = MermaidReport.render(Racex.explore(SampleCatalog.get("logout-validation")).run());
        assertGolden("logout-validation.mmd", mmd);
        assertTrue(mmd.contains("validate(tok-1) returns 'valid: null'"), mmd);
        assertTrue(mmd.contains("observed sessions={} [T1: validate(tok-1) -> valid: null]"), mmd);
    }
}
