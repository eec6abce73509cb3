package io.racex.samples.repository;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.junit.RacexTests;
import io.racex.report.TextReport;
import io.racex.store.java.JavaExplorer;
import io.racex.store.jdbc.Databases;
import org.junit.jupiter.api.Test;

/**
 * A service's Java threads calling plain-JDBC repositories on racex's data source
 * ({@code @RacexTest} + {@code @RacexDatabase}): the repository's statements and commits are steps
 * of the same exploration as the threads' Java steps.
 */
class RepositoryRacexTest {
    private static ExplorationResult explore(Class<?> fixture, String method) throws Exception {
        JavaExplorer.Outcome o = RacexTests.explore(fixture, WithdrawRaces.class.getDeclaredMethod(method), Options.defaults(), null);
        ExplorationResult r = o.result();
        System.out.println("[racex] " + fixture.getSimpleName() + "." + method + ": " + r.schedules() + " executions, "
                + r.elapsedNanos() / 1_000_000 + " ms, " + (r.failed() ? "FAILED" : r.completeness()));
        return r;
    }

    private static void lostWithdrawal(Class<?> fixture, String method) throws Exception {
        ExplorationResult r = explore(fixture, method);
        assertTrue(r.failed(), method + " must lose a withdrawal");
        String report = TextReport.renderForTest(r);
        System.out.println(report);
        assertTrue(report.contains("SELECT balance FROM account WHERE id = 1"), report);
        assertTrue(report.contains("UPDATE account SET balance = "), report);
    }

    private static void passesComplete(Class<?> fixture, String method) throws Exception {
        ExplorationResult r = explore(fixture, method);
        assertFalse(r.failed(), () -> TextReport.renderForTest(r));
        assertTrue(r.complete(), r.completeness());
    }

    @Test
    void h2TransactionalRepositoryLosesAWithdrawal() throws Exception {
        lostWithdrawal(WithdrawRaces.class, "transactionalWithdrawals");
    }

    @Test
    void h2AutoCommitRepositoryLosesAWithdrawal() throws Exception {
        lostWithdrawal(WithdrawRaces.class, "autoCommitWithdrawals");
    }

    @Test
    void h2FixedRepositoryPassesComplete() throws Exception {
        passesComplete(WithdrawRaces.class, "fixedWithdrawals");
    }
}
