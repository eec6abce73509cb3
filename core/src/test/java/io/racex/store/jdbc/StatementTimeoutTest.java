package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Execution;
import io.racex.ExplorationResult;
import io.racex.Operation;
import io.racex.Options;
import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.Termination;
import io.racex.store.jdbc.file.ScenarioFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A statement that never ends is stopped in the database, reported with its SQL, and leaves nothing running. */
class StatementTimeoutTest {
    /** A statement that runs far longer than any step may, in each database's words. */
    static String endless(String kind) {
        return switch (kind) {
            case "postgresql" -> "SELECT pg_sleep(100)";
            case "mariadb" -> "SELECT SLEEP(100)";
            default -> "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT COUNT(*) FROM r";
        };
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void anExploredStepThatNeverEndsIsReportedWithItsSqlAndCancelledInTheDatabase(String kind) throws Exception {
        Database db = Databases.require(kind);
        String sql = endless(kind);
        Scenario<Connection> s = Scenario.<Connection>on("endless", () -> Fixtures.accountStore(db).build())
                .thread(Operation.action("endless", c -> {
                    try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
                        r.next();
                    }
                }))
                .thread(Operation.action("read", c -> {
                    try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT balance FROM account WHERE id = 1")) {
                        r.next();
                    }
                }))
                .spec(Spec.INVARIANTS_ONLY).invariant("anything", st -> true)
                .build();
        long t0 = System.nanoTime();
        ExplorationResult r = Racex.explore(s).options(Options.defaults().withStepTimeout(Duration.ofSeconds(1))).run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Execution e = r.counterexample().orElseThrow(() -> new AssertionError("no timeout reported")).execution();
        assertEquals(Termination.TIMEOUT, e.termination());
        assertTrue(e.detail().contains("stuck inside its step " + sql), e.detail());
        assertTrue(ms < 30_000, "took " + ms + " ms");
        if (!kind.equals("h2")) {
            assertEquals(0, stillRunning(db, sql), "the statement still runs in the database after the exploration");
        }
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void theDryRunOfAScenarioFileStopsAStatementThatNeverEnds(String kind, @TempDir Path dir) throws Exception {
        Database db = Databases.require(kind);
        Path f = dir.resolve("endless.race.yaml");
        Files.writeString(f, "setup: [\"CREATE TABLE t (n INT)\"]\nthreads:\n  - name: forever\n    steps: [\"" + endless(kind)
                + "\"]\n  - name: read\n    steps: [SELECT n FROM t]\nserializable: true\n");
        RacexException e = assertThrows(RacexException.class, () -> ScenarioFiles.load(f, db));
        assertEquals("endless.race.yaml: thread 'forever': " + endless(kind) + " did not finish within "
                + JdbcStore.serialQueryTimeoutSeconds() + " s when run alone (dry run); racex cancelled it in the database", e.getMessage());
        if (!kind.equals("h2")) {
            assertEquals(0, stillRunning(db, endless(kind)));
        }
    }

    /** Sessions of the database now running {@code sql}, other than the one asking. */
    private static int stillRunning(Database db, String sql) throws Exception {
        String q = db.kind().equals("postgresql")
                ? "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = ? AND pid <> pg_backend_pid()"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO = ? AND ID <> CONNECTION_ID()";
        Thread.sleep(200);
        try (Connection c = db.connect(db.url()); var p = c.prepareStatement(q)) {
            p.setString(1, sql);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
