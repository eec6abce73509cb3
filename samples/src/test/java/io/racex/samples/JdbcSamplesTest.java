package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.explore.Counterexample;
import io.racex.explore.ExplorationResult;
import io.racex.jdbc.Database;
import io.racex.report.TextReport;
import io.racex.runtime.Step;
import io.racex.store.StepKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcSamplesTest {
    /** H2 always; PostgreSQL and MariaDB when they answer (skipped otherwise, failed when CI=true). */
    static Database require(String kind) {
        int port = kind.equals("postgresql") ? 5432 : kind.equals("mariadb") ? 3306 : 0;
        if (port != 0) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            } catch (IOException e) {
                String msg = (kind.equals("postgresql") ? "PostgreSQL" : "MariaDB") + " not reachable at 127.0.0.1:" + port;
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(msg + " and CI=true: the database tests must run in CI, not be skipped");
                }
                Assumptions.abort(msg + ": skipped");
            }
        }
        return Database.parse(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void findAndUpdateLosesAnAppendInFourSteps(String kind) {
        Counterexample c = Racex.explore(SampleCatalog.get("find-and-update", require(kind))).assertViolation();
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
        Database db = require(kind);
        for (String fixed : List.of("find-and-update-serializable", "find-and-update-for-update", "lock-wait", "lock-order-deadlock-fixed")) {
            ExplorationResult r = Racex.explore(SampleCatalog.get(fixed, db)).assertNoViolation();
            assertTrue(r.complete(), fixed + ": " + r.completeness());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void lockOrderDeadlockEndsInTheDatabasesDeadlockError(String kind) {
        Counterexample c = Racex.explore(SampleCatalog.get("lock-order-deadlock", require(kind))).assertViolation();
        assertTrue(c.observed().resultsText().contains("SQLTransactionRollbackException"), c.observed().resultsText());
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
