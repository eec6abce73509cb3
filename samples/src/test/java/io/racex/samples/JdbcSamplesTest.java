package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Databases;
import io.racex.report.TextReport;
import io.racex.Step;
import io.racex.store.StepKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcSamplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void findAndUpdateLosesAnAppendInFourSteps(String kind) {
        Counterexample c = Racex.explore(SampleCatalog.get("find-and-update", Databases.require(kind))).assertViolation();
        assertEquals(List.of(StepKind.QUERY, StepKind.QUERY, StepKind.UPDATE, StepKind.UPDATE),
                c.execution().steps().stream().map(Step::kind).toList());
        assertEquals("msg aa", c.observed().state().get("message"));
        assertEquals("lost update", c.anomaly().orElseThrow().name());
    }

    @Test
    void theTextReportShowsTheLostUpdateBesideTheAllowedOutcome() {
        ExplorationResult r = Racex.explore(SampleCatalog.get("find-and-update")).run();
        String text = TextReport.render(r);
        assertTrue(text.contains("observed  message='msg aa'"), text);
        assertTrue(text.contains("allowed   message='msg aaa'"), text);
        assertTrue(text.contains("lost update"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void bothFixesPassEverySchedule(String kind) {
        Database db = Databases.require(kind);
        for (String fixed : List.of("find-and-update-serializable", "find-and-update-for-update", "lock-wait", "lock-order-deadlock-fixed")) {
            ExplorationResult r = Racex.explore(SampleCatalog.get(fixed, db)).assertNoViolation();
            assertTrue(r.complete(), fixed + ": " + r.completeness());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void lockOrderDeadlockEndsInTheDatabasesDeadlockError(String kind) {
        Counterexample c = Racex.explore(SampleCatalog.get("lock-order-deadlock", Databases.require(kind))).assertViolation();
        assertTrue(c.observed().resultsText().contains("SQLTransactionRollbackException"), c.observed().resultsText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void theRepositorysOwnStatementsAreStepsAndLoseAWithdrawal(String kind) {
        Counterexample c = Racex.explore(SampleCatalog.get("withdraw-repository", Databases.require(kind))).assertViolation();
        // both withdrawals succeeded from a balance of 100: one is lost
        assertEquals("T1: withdraw(1, 100) -> true, T2: withdraw(1, 100) -> true", c.observed().resultsText());
        List<String> targets = c.execution().steps().stream().map(Step::target).toList();
        assertTrue(targets.contains("SELECT balance FROM account WHERE id = 1"), targets.toString());
        assertTrue(targets.contains("UPDATE account SET balance = 0 WHERE id = 1"), targets.toString());
        assertTrue(c.execution().steps().stream().anyMatch(s -> s.kind() == StepKind.COMMIT), targets.toString());
        ExplorationResult fixed = Racex.explore(SampleCatalog.get("withdraw-repository-fixed", Databases.require(kind))).assertNoViolation();
        assertTrue(fixed.complete(), fixed.completeness());
    }

    @Test
    void databaseSamplesAreListedAndInMemoryOnesRefuseADatabase() {
        assertTrue(SampleCatalog.usesDatabase("find-and-update"));
        assertFalse(SampleCatalog.usesDatabase("transfer-memory"));
        Scenario<?> s = SampleCatalog.get("find-and-update", Database.h2());
        assertEquals("find-and-update", s.name());
        RacexException e = assertThrows(RacexException.class, () -> SampleCatalog.get("transfer-memory", Database.h2()));
        assertTrue(e.getMessage().contains("--db applies only to database samples"), e.getMessage());
    }
}
