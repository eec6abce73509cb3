package io.racex.report;

import io.racex.store.memory.Memory;
import static io.racex.testing.Golden.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.racex.Operation;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.TestScenarios;
import io.racex.ExplorationResult;
import io.racex.store.memory.MemoryAccess;
import io.racex.testing.Golden;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files for every report format, normalized so they do not depend on timing or version
 * ({@link Golden}; write them with {@code -Dracex.golden.update=true} and review the diff).
 */
class ReportGoldenTest {
    @Test
    void textReportOfTransferCounterexampleEndsWithTheReplayAnnotation() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        String text = TextReport.render(r);
        assertGolden("transfer.txt", text);
        // a scenario defined in Java is replayed by annotating its test, not by a racex command that cannot find it
        assertTrue(text.strip().endsWith("@Replay(\"v1:1.1.2.2.2.2.1.1\")"), text);
        assertFalse(text.contains("racex replay"), text);
    }

    @Test
    void jsonReportOfTransferCounterexample() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        assertGolden("transfer.json", JsonReport.render(r));
    }

    @Test
    void mermaidDiagramOfTransferCounterexample() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        assertGolden("transfer.mmd", MermaidReport.render(r));
    }

    @Test
    void htmlReportOfTransferCounterexampleIsSelfContained() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        String html = HtmlReport.render(r);
        assertGolden("transfer.html", html);
        // one file: its script and style inline, nothing loaded from anywhere
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"(https?:)?//.*"), "no external resources");
        assertFalse(html.contains("<link") || html.contains("@import") || html.contains("url(http"), "no external styles");
        assertTrue(html.contains("<script>") && html.contains("ArrowRight"), "the step-through control is inline");
    }

    @Test
    void htmlReportShowsTheValuesTheStateAfterEachStepAndMarksTheLostUpdatesSteps() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        String html = HtmlReport.render(r);
        io.racex.Counterexample c = r.counterexample().orElseThrow();
        // T1 read a (step 2), T2 wrote a (step 5), T1 overwrote it (step 7): 0-based 1, 4, 6
        assertEquals(java.util.List.of(1, 4, 6), c.anomaly().orElseThrow().steps());
        assertEquals(c.execution().steps().size() + 1, c.states().size(), "the initial state and one after each step");
        assertEquals(c.execution().finalState(), c.states().get(c.states().size() - 1));
        assertTrue(html.contains("<span class=\"role\">1. read</span>"), html);
        assertTrue(html.contains("<a href=\"#step-5\">overwritten write (step 5, T2)</a>"), html);
        assertTrue(html.contains("id=\"step-7\" data-step=\"7\" data-thread=\"1\" data-role=\"3\""), html);
        assertTrue(html.contains("<span class=\"value\">&lt;- 150</span>"), html);
        assertTrue(html.contains("id=\"state-5\""), html);
    }

    @Test
    void mermaidEscapesWithEntityCodesInsteadOfRewriting() {
        assertEquals("a#59; b #35;1", MermaidReport.clean("a; b #1"));
        assertEquals("SELECT 1#59; SELECT 2", MermaidReport.clean("SELECT 1;\nSELECT 2"), "a line break is a space");
    }

    @Test
    void mermaidShowsEachDistinctAllowedOutcomeOnceWithItsResults() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        String mmd = MermaidReport.render(r);
        long allowed = mmd.lines().filter(l -> l.contains("Note over T1,S: allowed")).count();
        assertEquals(HtmlReport.distinct(r.counterexample().orElseThrow().allowed()).size(), allowed, mmd);
    }

    @Test
    void textReportOfAPass() {
        ExplorationResult r = Racex.explore(TestScenarios.incThenGet(Spec.LINEARIZABLE)).maxSchedules(3).run();
        assertGolden("pass-incomplete.txt", TextReport.render(r));
    }

    @Test
    void replayOfAPassingScheduleShowsItsSteps() {
        ExplorationResult r = Racex.replay(TestScenarios.transfer(), "v1:1.1.1.1.2.2.2.2");
        assertFalse(r.failed());
        String text = TextReport.render(r);
        assertGolden("transfer-replay-pass.txt", text);
        assertTrue(text.contains("write a <- 250"), text);
        assertTrue(text.contains("replayed 1 schedule"), text);
    }

    @Test
    void replayOfAFailingScheduleSaysItWasReplayedNotMinimized() {
        ExplorationResult r = Racex.replay(TestScenarios.transfer(), "v1:1.2.1.2.2.2.1.1");
        assertTrue(r.failed());
        assertGolden("transfer-replay-fail.txt", TextReport.render(r));
    }

    /** T1 spins until T2 sets the flag; T2 only starts once T1 is preempted, so without a preemption T1 spins forever. */
    static Scenario<MemoryAccess> spin() {
        return Memory.scenario("spin")
                .initial(s -> s.cell("flag", 0))
                .thread(Operation.action("await flag", m -> {
                    while (m.readInt("flag") == 0) {
                        Thread.onSpinWait();
                    }
                }))
                .thread(Operation.action("set flag", m -> m.write("flag", 1)))
                .spec(Spec.INVARIANTS_ONLY)
                .build();
    }

    @Test
    void livelockReportShowsTheCycleOnceAndSaysTheSearchStopped() {
        ExplorationResult r = Racex.explore(spin()).maxSteps(200).run();
        assertFalse(r.complete(), r.completeness());
        assertTrue(r.completeness().startsWith("stopped at the first execution that exceeded the step bound"), r.completeness());
        String text = TextReport.render(r);
        assertGolden("spin-livelock.txt", text);
        assertTrue(text.contains("steps 2 to 200 repeat step 1 over and over"), text);
        assertTrue(text.lines().count() < 40, "the 200 steps are not all printed:\n" + text);
        assertTrue(MermaidReport.render(r).lines().count() < 20, "nor drawn");
    }

    /** Both threads read the counter, then compare-and-set it: the second CAS can fail (and its inc says so). */
    static Scenario<MemoryAccess> casCounter() {
        return Memory.scenario("cas-counter")
                .initial(s -> s.cell("x", 0))
                .thread(Operation.of("inc", m -> {
                    int v = m.readInt("x");
                    return m.compareAndSet("x", v, v + 1);
                }))
                .thread(Operation.of("inc", m -> {
                    int v = m.readInt("x");
                    return m.compareAndSet("x", v, v + 1);
                }))
                .build();
    }

    @Test
    void compareAndSetStepsShowExpectedNewAndWhetherTheySucceeded() throws Exception {
        ExplorationResult r = Racex.replay(casCounter(), "v1:1.2.1.2");
        String text = TextReport.render(r);
        assertGolden("cas-replay.txt", text);
        assertTrue(text.contains("cas x 0 -> 1 (set)"), text);
        assertTrue(text.contains("cas x 0 -> 1 (failed: found 1)"), text);
        // the second compare-and-set fails, so T2's inc returns false: no serial order gives that
        assertTrue(r.failed());
        JsonNode step = new ObjectMapper().readTree(JsonReport.render(r)).at("/counterexample/steps/3");
        assertEquals("{\"expected\":0,\"update\":1,\"found\":1,\"succeeded\":false}", step.get("value").toString());
    }

    @Test
    void theCommandLineSaysHowToReplayWhenItCan() {
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        String text = TextReport.render(r, ReplayHint.command("racex replay transfer --max-steps 20"));
        assertTrue(text.strip().endsWith("racex replay transfer --max-steps 20 --schedule v1:1.1.2.2.2.2.1.1"), text);
    }

    @Test
    void aMissingGoldenFileFailsWithInstructionsInsteadOfBeingWritten() {
        String update = System.clearProperty(Golden.UPDATE); // as in a plain run, even while the others are being written
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Golden.assertGolden("no-such-file.txt", "x"));
            assertTrue(e.getMessage().contains("-Dracex.golden.update=true"), e.getMessage());
            assertFalse(java.nio.file.Files.exists(Golden.DIR.resolve("no-such-file.txt")), "a plain run writes no golden file");
        } finally {
            if (update != null) {
                System.setProperty(Golden.UPDATE, update);
            }
        }
    }
}
