package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.FailureKind;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Isolation;
import io.racex.report.TextReport;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files compiled onto the JDBC store and explored on H2 in memory. */
class ScenarioFilesTest {
    static final String AUTO_COMMIT = """
            setup:
              - CREATE TABLE message (msg VARCHAR(100), time TIMESTAMP)
              - INSERT INTO message VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00')
            threads:
              - name: append
                copies: 2
                steps:
                  - sql: SELECT msg FROM message WHERE time = TIMESTAMP '2009-01-01 00:00:00'
                    into: msg
                  - sql: UPDATE message SET msg = CONCAT(:msg, 'a') WHERE time = TIMESTAMP '2009-01-01 00:00:00'
            serializable: true
            state:
              message: SELECT msg FROM message
            """;

    @TempDir
    Path dir;

    Scenario<Connection> load(String yaml) throws Exception {
        Path p = dir.resolve("s.race.yaml");
        Files.writeString(p, yaml);
        return ScenarioFiles.load(p, Database.h2());
    }

    @Test
    void badQueriesAndFilesSayWhereAndWhatInOneLine() throws Exception {
        String head = "setup: [\"CREATE TABLE t (n INT)\", \"INSERT INTO t VALUES (1)\"]\n"
                + "threads:\n  - steps: [UPDATE t SET n = 1]\n  - steps: [UPDATE t SET n = 2]\n";
        assertEquals("s.race.yaml:6: invariant 'two' must return one value (one row, one column); on the initial state it "
                + "returned 1 row of 2 columns", assertThrows(RacexException.class,
                () -> load(head + "invariants:\n  - {name: two, sql: \"SELECT n, n FROM t\", expect: 3}\n")).getMessage());
        assertEquals("s.race.yaml:6: state query 'x' failed: Column \"NOSUCH\" not found", assertThrows(RacexException.class,
                () -> load(head + "state:\n  x: SELECT nosuch FROM t\nserializable: true\n")).getMessage());
        assertEquals("s.race.yaml:6: invariant 'bad' failed: Column \"NOSUCH\" not found", assertThrows(RacexException.class,
                () -> load(head + "invariants:\n  - {name: bad, sql: \"SELECT nosuch FROM t\", expect: 1}\n")).getMessage());
        String syntax = assertThrows(RacexException.class, () -> load(head.replace("UPDATE t SET n = 1", "SELEC n FROM t")
                + "serializable: true\n")).getMessage();
        assertTrue(syntax.startsWith("s.race.yaml:3: the database rejected the SQL: Syntax error"), syntax);
        assertFalse(syntax.endsWith("SQL statement:"), syntax);
        Path latin = dir.resolve("latin.race.yaml");
        Files.write(latin, "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("cannot read the scenario file " + latin + ": it is not UTF-8 text (save it as UTF-8)",
                assertThrows(RacexException.class, () -> ScenarioFiles.load(latin, Database.h2())).getMessage());
    }

    @Test
    void findsTheLostUpdateOfTheFindAndUpdateFile() throws Exception {
        Counterexample c = Racex.explore(load(AUTO_COMMIT)).assertViolation();
        assertEquals(FailureKind.NOT_SERIALIZABLE, c.violation().kind());
        assertEquals("msg aa", c.observed().state().get("message"));
        assertEquals(4, c.execution().steps().size());
        assertEquals(1, c.preemptions());
        assertEquals("lost update", c.anomaly().orElseThrow().name());
        assertTrue(c.allowed().stream().allMatch(a -> a.outcome().state().get("message").equals("msg aaa")));
    }

    @Test
    void passesTheSameFileAsSerializableTransactionsWithRetry() throws Exception {
        String yaml = ScenarioFileTest.FIND_AND_UPDATE.replace("read committed", "serializable");
        ExplorationResult r = Racex.explore(load(yaml)).assertNoViolation();
        assertTrue(r.complete());
        assertTrue(r.schedules() > 1);
    }

    @Test
    void checksInvariantQueriesAgainstTheirExpectedValue() throws Exception {
        String yaml = """
                setup:
                  - CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)
                  - INSERT INTO account VALUES (1, 1000)
                threads:
                  - name: withdraw
                    copies: 2
                    steps:
                      - sql: SELECT balance FROM account WHERE id = 1
                        into: balance
                      - sql: UPDATE account SET balance = :balance - 100 WHERE id = 1
                invariants:
                  - name: both withdrawals taken
                    sql: SELECT balance FROM account WHERE id = 1
                    expect: 800
                  - name: never negative
                    sql: SELECT COUNT(*) = 0 FROM account WHERE balance < 0
                """;
        Counterexample c = Racex.explore(load(yaml)).assertViolation();
        assertEquals(FailureKind.INVARIANT, c.violation().kind());
        assertEquals(List.of("both withdrawals taken"), c.violation().brokenInvariants());
        assertTrue(TextReport.render(Racex.explore(load(yaml)).run()).contains("both withdrawals taken"));
    }

    @Test
    void showsEveryTableWhenTheFileGivesNoStateQueries() throws Exception {
        ScenarioFile f = ScenarioFile.parse("""
                setup:
                  - CREATE TABLE a (x INT); CREATE TABLE IF NOT EXISTS b (y INT)
                  - INSERT INTO a VALUES (1)
                threads: [[SELECT 1], [SELECT 2]]
                serializable: true
                """, "t.race.yaml");
        assertEquals(List.of("a", "b"), ScenarioFiles.tableQueries(f).stream().map(ScenarioFile.StateQuery::name).toList());
    }

    @Test
    void reportsSqlTheDatabaseRejectsWithItsLineBeforeExploring() {
        RacexException e = assertThrows(RacexException.class, () -> load("""
                setup: [CREATE TABLE t (x INT)]
                threads:
                  - - SELECT x FROM t
                    - UPDATE t SET nope = 1
                  - [SELECT 1]
                serializable: true
                """));
        assertTrue(e.getMessage().startsWith("s.race.yaml:4: the database rejected the SQL:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesAnInvariantThatReturnsSeveralValues() {
        RacexException e = assertThrows(RacexException.class, () -> load("""
                setup: ["CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1), (2)"]
                threads: [[SELECT 1], [SELECT 2]]
                invariants:
                  - {name: all, sql: SELECT x FROM t, expect: 1}
                """));
        assertEquals("s.race.yaml:4: invariant 'all' must return one value (one row, one column); on the initial state "
                + "it returned 2 values", e.getMessage());
    }

    @Test
    void reportsABadSetupStatementInOneLine() {
        RacexException e = assertThrows(RacexException.class, () -> load("""
                setup: [CREATE TABLE t (x INT]
                threads: [[SELECT 1], [SELECT 2]]
                serializable: true
                """));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void variesIsolationTransactionsAndRetryForTheMatrix() {
        ScenarioFile f = ScenarioFile.parse(AUTO_COMMIT, "f.race.yaml");
        Scenario<Connection> s = ScenarioFiles.compile(f, Database.h2(),
                new ScenarioFiles.Variant(Optional.of(Isolation.REPEATABLE_READ), true, Set.of("40001"), 3));
        ExplorationResult r = Racex.explore(s).run();
        assertFalse(r.failed(), "H2 refuses the second writer at REPEATABLE READ and the retry succeeds");
        Scenario<Connection> rc = ScenarioFiles.compile(f, Database.h2(),
                new ScenarioFiles.Variant(Optional.of(Isolation.READ_COMMITTED), true, Set.of("40001"), 3));
        ExplorationResult rr = Racex.explore(rc).run();
        System.out.println(TextReport.render(rr));
        assertEquals("lost update", rr.counterexample().orElseThrow().anomaly().orElseThrow().name());
    }

    @Test
    void comparesExpectedValuesByValue() {
        assertTrue(ScenarioFiles.matches(0L, BigDecimal.ZERO));
        assertTrue(ScenarioFiles.matches(true, Boolean.TRUE));
        assertTrue(ScenarioFiles.matches(1L, Boolean.TRUE));
        assertFalse(ScenarioFiles.matches(0L, Boolean.TRUE));
        assertTrue(ScenarioFiles.matches("bob", "bob"));
        assertTrue(ScenarioFiles.matches(null, null));
        assertFalse(ScenarioFiles.matches(null, BigDecimal.ZERO));
        assertFalse(ScenarioFiles.matches(List.of(1L, 2L), BigDecimal.ONE));
        assertTrue(ScenarioFiles.matches("1000", new BigDecimal("1000.0")));
    }
}
