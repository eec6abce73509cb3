package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySamplesTest {
    @Test
    void transferReportsLostUpdateOfABesideTheSerialOutcome() {
        Counterexample c = Racex.explore(SampleCatalog.get("transfer-memory")).assertViolation();
        assertEquals(1, c.preemptions());
        Object a = c.observed().state().get("a");
        assertTrue(a.equals(150) || a.equals(200), "a=" + a);
        assertEquals(1, c.allowed().size());
        assertEquals("a=250 b=100 c=100", c.allowed().get(0).outcome().stateText());
        assertEquals("lost update", c.anomaly().orElseThrow().name());
    }

    @Test
    void appendObservesMsgAaBesideMsgAaa() {
        Counterexample c = Racex.explore(SampleCatalog.get("append-memory")).assertViolation();
        assertEquals("msg aa", c.observed().state().get("msg"));
        assertEquals("msg aaa", c.allowed().get(0).outcome().state().get("msg"));
        assertEquals(1, c.preemptions());
    }

    @Test
    void counterLosesAnIncrement() {
        Counterexample c = Racex.explore(SampleCatalog.get("counter-memory")).assertViolation();
        assertEquals(1, c.observed().state().get("x"));
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
    void loginTokensFindsTwoLoginsWithOneToken() {
        Counterexample c = Racex.explore(SampleCatalog.get("login-tokens-memory")).assertViolation();
        long distinct = c.observed().results().values().stream().map(r -> r.value()).distinct().count();
        assertTrue(distinct < 3, "tokens " + c.observed().results());
    }

    @Test
    void sharedTransactionClosesTheOtherTasksConnection() {
        Counterexample c = Racex.explore(SampleCatalog.get("shared-transaction-memory")).assertViolation();
        assertTrue(c.observed().results().values().stream().anyMatch(r -> String.valueOf(r.value()).contains("already closed")),
                c.observed().resultsText());
    }

    @Test
    void unknownNameIsATypedError() {
        RacexException e = Assertions.assertThrows(RacexException.class, () -> SampleCatalog.get("no-such-scenario"));
        assertTrue(e.getMessage().contains("racex list"), e.getMessage());
    }
}
