package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.report.TextReport;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java samples run the real classes: every concurrent test body in
 * {@link io.racex.samples.java.Races} fails when buggy and passes a complete search when fixed,
 * and the reports point at the sample classes' source lines.
 */
class JavaSamplesTest {
    private static final Pattern SOURCE_LINE = Pattern.compile("[A-Za-z]+\\.java:[0-9]+");

    /** Each body, and how many threads it starts. */
    @ParameterizedTest
    @CsvSource({"transfer,2", "counter,2", "append,2", "loginTokens,3", "logoutValidation,2", "connectionPool,3",
            "sharedTransaction,2", "lockOrder,2", "lazyInit,2", "missedSignal,2"})
    void buggyBodyFailsAndFixedBodyPassesComplete(String body, int threads) {
        ExplorationResult buggy = Racex.explore(JavaSamples.body(body, body, threads)).run();
        assertTrue(buggy.failed(), body + ": " + TextReport.render(buggy));
        assertTrue(SOURCE_LINE.matcher(TextReport.render(buggy)).find(), TextReport.render(buggy));
        ExplorationResult fixed = Racex.explore(JavaSamples.body(body + "Fixed", body + "Fixed", threads)).run();
        assertFalse(fixed.failed(), body + "Fixed: " + TextReport.render(fixed));
        assertTrue(fixed.complete(), body + "Fixed: " + fixed.completeness());
    }

    @Test
    void transferIsTheSeedsLostUpdateOnBankFieldsWithTheMemorySamplesSchedule() {
        Counterexample c = Racex.explore(SampleCatalog.get("transfer")).assertViolation();
        assertEquals(1, c.preemptions());
        assertEquals("a=250 b=100 c=100", c.allowed().get(0).outcome().stateText());
        assertEquals("lost update", c.anomaly().orElseThrow().name());
        Counterexample memory = Racex.explore(SampleCatalog.get("transfer-memory")).assertViolation();
        // the same eight steps in the same order: the instrumented class adds none
        assertEquals(memory.token(), c.token());
        String report = TextReport.render(Racex.explore(SampleCatalog.get("transfer")).run());
        for (String s : List.of("read Bank.b (Bank.java:", "write Bank.a (Bank.java:")) {
            assertTrue(report.contains(s), report);
        }
    }

    @Test
    void lockOrderReportsTheDeadlockCycleThroughBothAccountMonitors() {
        String report = TextReport.render(Racex.explore(SampleCatalog.get("lock-order")).run());
        assertTrue(report.contains("deadlock") && report.contains("monitor of Account@1") && report.contains("monitor of Account@2"),
                report);
        assertTrue(report.contains("LockingTransfer.java:"), report);
    }
}
