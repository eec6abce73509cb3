package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rows:, expect: and COMMIT steps run on a plain H2 connection (no exploration: an unmet expect is thrown). */
class ThreadProgramChecksTest {
    static final AtomicInteger DB = new AtomicInteger();
    Connection c;
    Connection other;

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:h2:mem:threadchecks" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        c = DriverManager.getConnection(url);
        other = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
        other.close();
    }

    /** Runs thread 1 of a file whose setup creates t(id, v) with rows (1, 10), (2, 20), (3, 30); its steps start at line 8. */
    Object run(String threadOptions, String steps) throws SQLException {
        String yaml = "setup:\n  - CREATE TABLE t (id INT PRIMARY KEY, v INT)\n  - INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)\n"
                + "  - CREATE TABLE log (n INT)\n"
                + "threads:\n  - name: one\n" + threadOptions + "    steps:\n" + steps + "  - [SELECT 1]\nserializable: true\n";
        ScenarioFile f = ScenarioFile.parse(yaml, "t.race.yaml");
        try (Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS"); // a test may run several threads, each from the initial state
            for (String sql : f.setup()) {
                s.execute(sql);
            }
        }
        return new ThreadProgram(f.threads().get(0), 1, f.source(), Optional.empty()).run(c);
    }

    long count(String sql) throws SQLException {
        try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rowsBindsEveryValueOfTheFirstColumnAndAListParameterBecomesOneValueEach() throws SQLException {
        Object result = run("", """
                      - sql: SELECT id, v FROM t WHERE v >= 20 ORDER BY id DESC
                        rows: ids
                        into: [first, firstv]
                      - sql: SELECT COUNT(*) FROM t WHERE id IN (:ids)
                        into: n
                      - sql: SELECT id FROM t WHERE v > 100
                        rows: none
                      - sql: SELECT COUNT(*) FROM t WHERE id IN (:none)
                        into: zero
                      - sql: SELECT 1
                        when: none is empty
                        into: ran
                """);
        assertEquals(Map.of("ids", List.of(3, 2), "first", 3, "firstv", 30, "n", 2L, "none", List.of(), "zero", 0L, "ran", 1),
                result);
    }

    @Test
    void rowsOfAnUnorderedQueryAreSortedSoTheResultDoesNotDependOnTheDatabasesOrder() throws SQLException {
        Object result = run("", """
                      - sql: SELECT v FROM t WHERE id IN (3, 1)
                        rows: vs
                """);
        assertEquals(Map.of("vs", List.of(10, 30)), result);
    }

    @Test
    void aMetExpectPassesAndAnUnmetOneSaysWhatWasReadAndExpected() throws SQLException {
        run("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: 10
                      - sql: SELECT v FROM t WHERE id IN (2, 1)
                        expect: [20, 10]
                      - sql: SELECT id, v FROM t ORDER BY id
                        expect: [[1, 10], [2, 20], [3, 30]]
                      - sql: SELECT v FROM t WHERE id = 9
                        expect: null
                      - sql: UPDATE t SET v = v WHERE id < 3
                        expect: 2
                """);
        assertEquals("t.race.yaml:10: T1 read 10, expected 11", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: 10
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: 11
                """)).getMessage());
    }

    @Test
    void anOrderedExpectComparesInOrderAndAScalarOneWantsOneRow() throws SQLException {
        assertEquals("t.race.yaml:8: T1 read [10, 20], expected [20, 10]", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id < 3 ORDER BY id
                        expect: [20, 10]
                """)).getMessage());
        assertEquals("t.race.yaml:8: T1 read 2 rows [10, 20], expected 10", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id < 3 ORDER BY id
                        expect: 10
                """)).getMessage());
        assertEquals("t.race.yaml:8: T1 read no row, expected 10", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id = 7
                        expect: 10
                """)).getMessage());
    }

    @Test
    void aStepFailingAsExpectedRollsTheTransactionBackAndTheThreadGoesOnInANewOne() throws SQLException {
        Object result = run("    transaction: true\n", """
                      - INSERT INTO log VALUES (1)
                      - sql: INSERT INTO t VALUES (1, 99)
                        expect: error 23505
                        into: inserted
                      - INSERT INTO log VALUES (2)
                """);
        assertEquals(java.util.Collections.singletonMap("inserted", null), result);
        assertEquals(1, count("SELECT COUNT(*) FROM log WHERE n = 2"), "the step after the expected error ran and committed");
        assertEquals(0, count("SELECT COUNT(*) FROM log WHERE n = 1"), "the transaction of the expected error was rolled back");
    }

    @Test
    void anErrorClassMatchesAndASuccessOrAnotherErrorIsUnmet() throws SQLException {
        run("", """
                      - sql: INSERT INTO t VALUES (1, 99)
                        expect: error 23
                """);
        assertEquals("t.race.yaml:8: T1 succeeded (1 row), expected error 23505", assertThrows(RacexException.class, () -> run("", """
                      - sql: INSERT INTO t VALUES (4, 40)
                        expect: error 23505
                """)).getMessage());
        RacexException other = assertThrows(RacexException.class, () -> run("", """
                      - sql: INSERT INTO t VALUES (1, 99)
                        expect: error 40001
                """));
        assertTrue(other.getMessage().startsWith("t.race.yaml:8: T1 failed with 23505: Unique index or primary key violation"),
                other.getMessage());
        assertTrue(other.getMessage().endsWith(", expected error 40001"), other.getMessage());
    }

    @Test
    void anyErrorDoesNotCoverAMistakeInTheSql() throws SQLException {
        RacexException e = assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT nosuch FROM t
                        expect: error
                """));
        assertTrue(e.getMessage().startsWith("t.race.yaml:8: the database rejected the SQL: Column \"NOSUCH\" not found"),
                e.getMessage());
    }

    @Test
    void aCommitStepCommitsAtOnceAndARetryRunsOnlyTheFailedTransactionAgain() throws SQLException {
        // log has no key: every run of the first transaction adds a row; the second transaction always fails with 23505
        SQLException e = assertThrows(SQLException.class, () -> run("    transaction: true\n    retry: {on: [23505], attempts: 3}\n", """
                      - INSERT INTO log VALUES (:thread)
                      - COMMIT
                      - INSERT INTO t VALUES (1, 1)
                """));
        assertEquals("23505", e.getSQLState());
        assertEquals(1, count("SELECT COUNT(*) FROM log"), "the committed transaction ran once, not once per attempt");
    }

    @Test
    void aRollbackStepUndoesOnlyItsOwnTransaction() throws SQLException {
        run("    transaction: true\n", """
                      - INSERT INTO log VALUES (1)
                      - COMMIT
                      - INSERT INTO log VALUES (2)
                      - ROLLBACK
                      - INSERT INTO log VALUES (3)
                """);
        assertEquals(2, count("SELECT COUNT(*) FROM log WHERE n IN (1, 3)"));
        assertEquals(0, count("SELECT COUNT(*) FROM log WHERE n = 2"));
    }

    @Test
    void anErrorAStepExpectsIsNotRetried() throws SQLException {
        Object result = run("    transaction: true\n    retry: {on: [23505], attempts: 3}\n", """
                      - INSERT INTO log VALUES (1)
                      - sql: INSERT INTO t VALUES (1, 99)
                        expect: error 23505
                      - sql: SELECT COUNT(*) FROM log
                        into: logged
                """);
        assertEquals(Map.of("logged", 0L), result, "one attempt, rolled back once; a retry would have run the next steps again");
        assertEquals(0, count("SELECT COUNT(*) FROM log"));
    }

    @Test
    void oneOfHoldsWhenAnyOptionDoes() throws SQLException {
        run("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: {one of: [9, 10]}
                      - sql: SELECT v FROM t WHERE id < 3 ORDER BY id
                        expect: {one of: [[1, 2], [10, 20]]}
                      - sql: UPDATE t SET v = v WHERE id = 1
                        expect: {one of: [0, 1]}
                """);
        assertEquals("t.race.yaml:8: T1 read 10, expected one of [11, 12]", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: {one of: [11, 12]}
                """)).getMessage());
        assertEquals("t.race.yaml:8: T1 read [10, 20], expected one of [[11, 20], [10]]",
                assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id < 3 ORDER BY id
                        expect: {one of: [[11, 20], [10]]}
                """)).getMessage());
    }

    @Test
    void expectANameComparesWithWhatAnEarlierStepBound() throws SQLException {
        run("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        into: first
                      - sql: SELECT id FROM t WHERE v > 15
                        rows: big
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: :first
                      - sql: SELECT id FROM t WHERE v > 15 ORDER BY id DESC
                        expect: :big
                """);
        assertEquals("t.race.yaml:11: T1 read [2], expected :big ([2, 3])", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT id FROM t WHERE v > 15
                        rows: big
                      - DELETE FROM t WHERE id = 3
                      - sql: SELECT id FROM t WHERE v > 15
                        expect: :big
                """)).getMessage());
        assertEquals("t.race.yaml:11: T1 read 11, expected :first (10)", assertThrows(RacexException.class, () -> run("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        into: first
                      - UPDATE t SET v = 11 WHERE id = 1
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: :first
                """)).getMessage());
    }

    @Test
    void oneOfMayListErrorsBesideValues() throws SQLException {
        Object result = run("", """
                      - sql: INSERT INTO t VALUES (1, 99)
                        expect: {one of: [1, error 23505]}
                      - sql: INSERT INTO t VALUES (4, 40)
                        expect: {one of: [1, error 23505]}
                      - sql: SELECT COUNT(*) FROM t
                        into: n
                """);
        assertEquals(Map.of("n", 4L), result);
        assertEquals("t.race.yaml:8: T1 changed 1 row, expected one of [0, error 40001]",
                assertThrows(RacexException.class, () -> run("", """
                      - sql: INSERT INTO t VALUES (4, 40)
                        expect: {one of: [0, error 40001]}
                """)).getMessage());
    }
}
