package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs thread programs on a plain H2 connection, one after another (no exploration). */
class ThreadProgramTest {
    static final AtomicInteger DB = new AtomicInteger();
    Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:h2:mem:threadprogram" + DB.incrementAndGet());
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    Object run(String yaml, int thread) throws SQLException {
        ScenarioFile f = ScenarioFile.parse(yaml, "t.race.yaml");
        try (Statement s = c.createStatement()) {
            for (String sql : f.setup()) {
                s.execute(sql);
            }
        }
        Object last = null;
        for (int t = 0; t <= thread; t++) {
            last = new ThreadProgram(f.threads().get(t), t + 1, f.source(), f.threads().get(t).isolation()).run(c);
        }
        return last;
    }

    Object query(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @Test
    void appendsTwiceWhenRunOneAfterTheOther() throws SQLException {
        Object result = run(ScenarioFileTest.FIND_AND_UPDATE, 1);
        assertEquals(Map.of("msg", "msg aa"), result);
        assertEquals("msg aaa", query("SELECT msg FROM message"));
        assertTrue(c.getAutoCommit() == false, "transaction: true turns auto-commit off");
    }

    @Test
    void skipsAStepWhoseConditionFailsAndBindsUpdateCountsAndTheThreadNumber() throws SQLException {
        String yaml = """
                setup:
                  - CREATE TABLE account (id INT PRIMARY KEY, balance INT)
                  - INSERT INTO account VALUES (1, 150)
                  - CREATE TABLE withdrawal (thread INT)
                threads:
                  - name: withdraw
                    copies: 2
                    steps:
                      - sql: SELECT balance FROM account WHERE id = 1
                        into: balance
                      - sql: UPDATE account SET balance = :balance - 100 WHERE id = 1
                        when: balance >= 100
                        into: moved
                      - sql: INSERT INTO withdrawal VALUES (:thread)
                        when: moved = 1
                invariants:
                  - {name: never negative, sql: SELECT COUNT(*) FROM account WHERE balance < 0, expect: 0}
                """;
        Object second = run(yaml, 1);
        java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("balance", 50);
        expected.put("moved", null);
        assertEquals(expected, second);
        assertEquals(50, query("SELECT balance FROM account"));
        assertEquals(1, query("SELECT thread FROM withdrawal"));
        assertEquals(1L, query("SELECT COUNT(*) FROM withdrawal"));
    }

    @Test
    void retriesTheWholeThreadOnAListedSqlState() throws SQLException {
        // the insert conflicts until the counter has moved past the existing key: attempt 2 succeeds
        String yaml = """
                setup:
                  - CREATE TABLE t (id INT PRIMARY KEY)
                  - INSERT INTO t VALUES (1)
                  - CREATE TABLE attempts (n INT)
                  - INSERT INTO attempts VALUES (0)
                retry: {on: [23505], attempts: 3}
                threads:
                  - - UPDATE attempts SET n = n + 1
                    - INSERT INTO t SELECT n FROM attempts
                  - [SELECT 1]
                serializable: true
                """;
        assertNull(run(yaml, 0));
        assertEquals(2, query("SELECT n FROM attempts"));
        assertEquals(2L, query("SELECT COUNT(*) FROM t"));
    }

    @Test
    void givesUpAfterTheLastAttemptAndRollsBack() throws SQLException {
        String yaml = """
                setup:
                  - CREATE TABLE t (id INT PRIMARY KEY)
                  - INSERT INTO t VALUES (1)
                transaction: true
                retry: {on: [23505], attempts: 2}
                threads:
                  - - INSERT INTO t VALUES (2)
                    - INSERT INTO t VALUES (1)
                  - [SELECT 1]
                serializable: true
                """;
        SQLException e = assertThrows(SQLException.class, () -> run(yaml, 0));
        assertEquals("23505", e.getSQLState());
        assertEquals(1L, query("SELECT COUNT(*) FROM t"), "the rollback undid the first insert");
    }

    @Test
    void turnsRejectedSqlIntoAUserErrorWithItsLine() throws SQLException {
        String yaml = """
                setup: [CREATE TABLE t (id INT)]
                threads:
                  - - SELECT id FROM t
                    - SELECT nope FROM t
                  - [SELECT 1]
                serializable: true
                """;
        RacexException e = assertThrows(RacexException.class, () -> run(yaml, 0));
        assertTrue(e.getMessage().startsWith("t.race.yaml:4: the database rejected the SQL: Column \"NOPE\" not found"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void setsTheThreadsIsolationLevel() throws SQLException {
        String yaml = """
                setup: [CREATE TABLE t (id INT)]
                isolation: serializable
                threads: [[SELECT 1], [SELECT 2]]
                serializable: true
                """;
        run(yaml, 0);
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
        assertEquals(Optional.of("SERIALIZABLE"), ScenarioFile.parse(yaml, "x").threads().get(1).isolation());
    }
}
