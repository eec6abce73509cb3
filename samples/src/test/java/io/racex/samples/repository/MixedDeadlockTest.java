package io.racex.samples.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Execution;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.Schedule;
import io.racex.Strategy;
import io.racex.Termination;
import io.racex.junit.RacexTests;
import io.racex.report.TextReport;
import io.racex.store.jdbc.Databases;
import io.racex.strategy.Dpor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A deadlock that mixes a Java monitor and a database row lock ({@link MixedDeadlocks}): one thread
 * holds the monitor and waits in the database for the other's row lock, the other waits for the
 * monitor. Neither the Java model nor the database sees the whole cycle; racex reports it as a
 * deadlock naming both waits, as soon as no thread can move, not at the step time-out (10 s) or the
 * database's lock time-out. On PostgreSQL and MariaDB the tests are skipped when the server does
 * not answer (failed with CI=true).
 */
class MixedDeadlockTest {
    private static final Map<String, Class<?>> FIXTURES = Map.of("h2", MixedDeadlocks.class,
            "postgresql", MixedDeadlocks.OnPostgres.class, "mariadb", MixedDeadlocks.OnMariaDb.class);

    /** The report's detail: the cycle through the monitor and the row lock, then the test body's join. */
    static final String CYCLE = "cycle: T2 Thread-0 holds monitor of Account@1 and waits in the database for T3 Thread-1;"
            + " T3 Thread-1 waits for monitor of Account@1, held by T2 Thread-0; T1 main waits to join Thread-0";

    private static ExplorationResult run(Class<?> fixture, Strategy strategy, Schedule replay) throws Exception {
        return RacexTests.explore(fixture, MixedDeadlocks.class.getDeclaredMethod("monitorThenRow"), Options.defaults(),
                () -> strategy, replay).result();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aMonitorAndARowLockInACycleAreReportedAsADeadlock(String kind) throws Exception {
        Databases.require(kind);
        Class<?> fixture = FIXTURES.get(kind);
        Recording strategy = new Recording(new Dpor());
        long start = System.nanoTime();
        ExplorationResult r = run(fixture, strategy, null);
        long ms = (System.nanoTime() - start) / 1_000_000;
        // for the record, not asserted: the deadlock is decided from the lock view, not by a timer
        System.out.println("[racex] mixed deadlock on " + kind + ": " + r.schedules() + " executions, " + ms + " ms");
        String report = TextReport.renderForTest(r);
        assertTrue(r.failed(), report);
        Execution found = r.counterexample().orElseThrow().execution();
        assertEquals(Termination.DEADLOCK, found.termination(), report);
        assertEquals(CYCLE, found.detail(), report);
        assertTrue(report.contains("racex: VIOLATION in " + fixture.getSimpleName() + ".monitorThenRow: deadlock"), report);
        assertFalse(report.contains("did not reach its next step") || report.contains("none was released"), report);

        // every execution either completed or deadlocked, none timed out: after a deadlock the store's end
        // rolled back the open transaction (which also freed the thread waiting in the database), so the
        // next execution found no row lock left behind
        boolean deadlocked = false;
        boolean completedAfter = false;
        for (Execution e : strategy.executions) {
            assertTrue(e.termination() == Termination.DEADLOCK || e.termination() == Termination.COMPLETED, e.toString());
            if (e.termination() == Termination.DEADLOCK) {
                assertEquals(CYCLE, e.detail());
                deadlocked = true;
            } else if (deadlocked) {
                completedAfter = true;
            }
        }
        assertTrue(deadlocked && completedAfter, "a deadlock, then a completed execution: " + strategy.executions);

        // same schedule, same execution: the replay deadlocks the same way, with the same steps
        for (int i = 0; i < 2; i++) {
            ExplorationResult again = run(fixture, new Dpor(), found.schedule());
            assertTrue(again.failed(), kind);
            Execution e = again.counterexample().orElseThrow().execution();
            assertEquals(Termination.DEADLOCK, e.termination());
            assertEquals(CYCLE, e.detail());
            assertEquals(found.steps().toString(), e.steps().toString());
        }
    }

    /**
     * A thread that ends with its transaction open keeps its row lock until the execution ends: the
     * test body's update waits in the database for a thread that will never move. A deadlock naming
     * the thread that left it open, at once, not the step time-out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aTransactionLeftOpenByAThreadThatEndedIsReportedAsADeadlock(String kind) throws Exception {
        Databases.require(kind);
        long start = System.nanoTime();
        ExplorationResult r = RacexTests.explore(FIXTURES.get(kind), MixedDeadlocks.class.getDeclaredMethod("leftOpen"),
                Options.defaults(), Dpor::new, null).result();
        System.out.println("[racex] transaction left open on " + kind + ": " + r.schedules() + " executions, "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        String report = TextReport.renderForTest(r);
        assertTrue(r.failed(), report);
        Execution found = r.counterexample().orElseThrow().execution();
        assertEquals(Termination.DEADLOCK, found.termination(), report);
        assertEquals("T1 main waits in the database for T2 Thread-0, which ended without ending its transaction",
                found.detail(), report);
    }
}
