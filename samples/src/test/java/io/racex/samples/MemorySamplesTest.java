package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.explore.Counterexample;
import io.racex.explore.ExplorationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySamplesTest {
    @Test
    void transferReportsLostUpdateOfABesideTheSerialOutcome() {
        Counterexample c = Racex.explore(SampleCatalog.get("transfer")).assertViolation();
        assertEquals(1, c.preemptions());
        Object a = c.observed().state().get("a");
        assertTrue(a.equals(150) || a.equals(200), "a=" + a);
        assertEquals(1, c.allowed().size());
        assertEquals("a=250 b=100 c=100", c.allowed().get(0).outcome().stateText());
        assertEquals("lost update", c.anomaly().orElseThrow().name());
    }

    @Test
    void appendObservesMsgAaBesideMsgAaa() {
        Counterexample c = Racex.explore(SampleCatalog.get("append")).assertViolation();
        assertEquals("msg aa", c.observed().state().get("msg"));
        assertEquals("msg aaa", c.allowed().get(0).outcome().state().get("msg"));
        assertEquals(1, c.preemptions());
    }

    @Test
    void counterLosesAnIncrement() {
        Counterexample c = Racex.explore(SampleCatalog.get("counter")).assertViolation();
        assertEquals(1, c.observed().state().get("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"transfer", "append", "counter"})
    void failureReplaysToTheSameFailure(String name) {
        Scenario<?> s = SampleCatalog.get(name);
        Counterexample c = Racex.explore(s).assertViolation();
        ExplorationResult again = Racex.replay(SampleCatalog.get(name), c.token());
        Counterexample r = again.counterexample().orElseThrow(() -> new AssertionError("replay passed"));
        assertEquals(c.observed(), r.observed());
        assertEquals(c.violation().kind(), r.violation().kind());
        assertEquals(c.execution().steps(), r.execution().steps());
        assertEquals(c.token(), r.token());
    }

    @ParameterizedTest
    @ValueSource(strings = {"transfer-fixed", "append-fixed", "counter-fixed"})
    void fixedVersionPassesACompleteSearch(String name) {
        ExplorationResult r = Racex.explore(SampleCatalog.get(name)).assertLinearizable();
        assertTrue(r.complete(), r.completeness());
        assertFalse(r.failed());
    }

    @Test
    void everyListedSampleResolves() {
        for (SampleCatalog.Entry e : SampleCatalog.entries()) {
            if (!e.name().endsWith("-N")) {
                assertEquals(e.name(), SampleCatalog.get(e.name()).name());
            }
        }
    }

    @Test
    void unknownNameIsATypedError() {
        RacexException e = Assertions.assertThrows(RacexException.class, () -> SampleCatalog.get("no-such-scenario"));
        assertTrue(e.getMessage().contains("racex list"), e.getMessage());
    }
}
