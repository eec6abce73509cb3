package io.racex.samples.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Execution;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.Schedule;
import io.racex.Step;
import io.racex.Strategy;
import io.racex.Termination;
import io.racex.junit.RacexDatabase;
import io.racex.junit.RacexTest;
import io.racex.junit.RacexTests;
import io.racex.report.TextReport;
import io.racex.store.java.JavaExplorer;
import io.racex.store.jdbc.Databases;
import io.racex.strategy.Dpor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service's Java threads calling plain-JDBC repositories on racex's data source
 * ({@code @RacexTest} + {@code @RacexDatabase}): the repository's statements and commits are steps
 * of the same exploration as the threads' Java steps. The fixtures are {@link WithdrawRaces}; on
 * PostgreSQL and MariaDB the tests are skipped when the server does not answer (failed with CI=true).
 */
class RepositoryRacexTest {
    private static final Map<String, Class<?>> FIXTURES = Map.of("h2", WithdrawRaces.class,
            "postgresql", WithdrawRaces.OnPostgres.class, "mariadb", WithdrawRaces.OnMariaDb.class);

    private static Class<?> fixture(String kind) {
        Databases.require(kind);
        return FIXTURES.get(kind);
    }

    private static JavaExplorer.Outcome run(Class<?> fixture, String method, Strategy strategy, Schedule replay) throws Exception {
        return RacexTests.explore(fixture, WithdrawRaces.class.getDeclaredMethod(method), Options.defaults(), () -> strategy, replay);
    }

    private static ExplorationResult explore(Class<?> fixture, String method) throws Exception {
        ExplorationResult r = run(fixture, method, new Dpor(), null).result();
        // the figures for the record: how many executions and how long, per database
        System.out.println("[racex] " + fixture.getSimpleName() + "." + method + ": " + r.schedules() + " executions, "
                + r.elapsedNanos() / 1_000_000 + " ms, " + (r.failed() ? "violation" : r.completeness()));
        return r;
    }

    /** The report of a lost withdrawal: the assertion on the balance failed, the SQL steps of both threads are in it. */
    private static String lostWithdrawal(Class<?> fixture, String method) throws Exception {
        ExplorationResult r = explore(fixture, method);
        assertTrue(r.failed(), method + " must lose a withdrawal");
        String report = TextReport.renderForTest(r);
        assertTrue(report.contains("exception (lost update"), report);
        assertTrue(report.contains("AssertionFailedError: balance after withdrawing 90 of 100 ==> expected: <10>"), report);
        // both started threads read the balance of 100, before either one's withdrawal committed: one is lost
        assertEquals(2, report.split("SELECT balance FROM account WHERE id = 1 -> 100", -1).length - 1, report);
        assertTrue(report.contains("T2 Thread-0") && report.contains("T3 Thread-1"), report);
        return report;
    }

    private static void passesComplete(Class<?> fixture, String method) throws Exception {
        ExplorationResult r = explore(fixture, method);
        assertFalse(r.failed(), () -> TextReport.renderForTest(r));
        assertTrue(r.complete(), r.completeness());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void transactionalRepositoryLosesAWithdrawal(String kind) throws Exception {
        lostWithdrawal(fixture(kind), "transactionalWithdrawals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void autoCommitRepositoryLosesAWithdrawal(String kind) throws Exception {
        lostWithdrawal(fixture(kind), "autoCommitWithdrawals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void fixedRepositoryPassesComplete(String kind) throws Exception {
        passesComplete(fixture(kind), "fixedWithdrawals");
    }

    /** Same schedule, same execution: the report's token replays the same steps with the same values. */
    @Test
    void theReportsTokenReplaysTheSameExecution() throws Exception {
        ExplorationResult found = explore(WithdrawRaces.class, "transactionalWithdrawals");
        Execution first = found.counterexample().orElseThrow().execution();
        for (int i = 0; i < 2; i++) {
            ExplorationResult again = run(WithdrawRaces.class, "transactionalWithdrawals", new Dpor(), first.schedule()).result();
            assertTrue(again.failed());
            assertEquals(first.steps().toString(), again.counterexample().orElseThrow().execution().steps().toString());
        }
    }

    /**
     * {@code SELECT ... FOR UPDATE}: in some execution one thread's read waits for the other's
     * transaction, and racex runs the other thread meanwhile (the wait ends at its commit), so the
     * exploration completes and passes instead of hanging or timing out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aLockWaitLetsTheOtherThreadRun(String kind) throws Exception {
        Recording strategy = new Recording(new Dpor());
        long start = System.nanoTime();
        ExplorationResult r = run(fixture(kind), "lockingWithdrawals", strategy, null).result();
        System.out.println("[racex] lockingWithdrawals on " + kind + ": " + r.schedules() + " executions, "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertFalse(r.failed(), () -> TextReport.renderForTest(r));
        assertTrue(r.complete(), r.completeness());
        boolean waitedAndOtherRan = false;
        for (Execution e : strategy.executions) {
            assertEquals(Termination.COMPLETED, e.termination(), e.toString());
            List<Step> steps = e.steps();
            for (Step s : steps) {
                if (s.waited() && s.target().contains("FOR UPDATE")) {
                    // between this thread's announcement and its release, the other thread committed
                    for (Step o : steps) {
                        if (o.index() < s.index() && o.thread() != s.thread() && o.target() != null && o.target().startsWith("COMMIT")) {
                            waitedAndOtherRan = true;
                        }
                    }
                }
            }
        }
        assertTrue(waitedAndOtherRan, "no execution had a FOR UPDATE read wait for the other thread's commit");
    }

    /** Opposite transfers: the lock-order deadlock is reported as a deadlock the database broke, not a time-out. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aLockOrderDeadlockIsReportedAsADeadlock(String kind) throws Exception {
        ExplorationResult r = explore(fixture(kind), "oppositeTransfers");
        assertTrue(r.failed(), "opposite transfers must deadlock in some schedule");
        String report = TextReport.renderForTest(r);
        assertTrue(report.contains("exception (deadlock)"), report);
        assertTrue(report.contains("lock cycle T") && report.contains("the database broke it by refusing"), report);
        assertFalse(report.toLowerCase().contains("timeout") || report.contains("did not reach its next step"), report);
    }

    /** Each thread must use its own session: a connection used on another thread fails the test, saying so. */
    @Test
    void aConnectionUsedOnAnotherThreadIsRefused() throws Exception {
        ExplorationResult r = explore(WithdrawRaces.class, "connectionHandedToAnotherThread");
        assertTrue(r.failed());
        String report = TextReport.renderForTest(r);
        assertTrue(report.contains("a connection racex gave thread 1 was used by thread 2"), report);
    }

    /** docs/user-guide.md's example fails with the report the page shows. */
    @Test
    void theUserGuideExampleFailsAsThePageSays() throws Exception {
        ExplorationResult r = RacexTests.explore(WithdrawExample.class, WithdrawExample.class.getDeclaredMethod("withdrawalsAreNotLost"),
                Options.defaults(), null).result();
        assertTrue(r.failed());
        String report = TextReport.renderForTest(r);
        assertTrue(report.startsWith("racex: VIOLATION in WithdrawExample.withdrawalsAreNotLost: exception (lost update, G-single)"), report);
        assertTrue(report.contains("complete: 10 executions = 10 traces"), report);
        // the minimal schedule has T3's UPDATE wait for T2's row lock until T2 commits, as the page shows
        assertTrue(r.counterexample().orElseThrow().execution().steps().stream()
                .anyMatch(st -> st.waited() && st.target().startsWith("UPDATE account SET balance = 70")), report);
    }

    /** The fixed repository straight through JUnit, as a user writes it. */
    @RacexTest
    @RacexDatabase(value = "h2", setup = {WithdrawRaces.TABLE, WithdrawRaces.ROW})
    void fixedRepositoryThroughTheExtension() throws Exception {
        WithdrawRaces.withdrawTwice((ds, id, amount) -> new FixedAccountRepository(ds).withdraw(id, amount));
    }
}
