package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Counterexample;
import io.racex.FailureKind;
import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Step;
import io.racex.store.StepKind;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * expect:, COMMIT steps and read only: explored: an unmet expect is a violation of the execution
 * with its schedule, like a broken invariant. On H2 always; on PostgreSQL and MariaDB when they
 * answer (failed rather than skipped under CI=true, see {@link Databases}).
 */
class ScenarioFilesChecksTest {
    @TempDir
    Path dir;

    Scenario<Connection> load(String yaml, Database db) throws Exception {
        Path p = dir.resolve("s.race.yaml");
        Files.writeString(p, yaml);
        return ScenarioFiles.load(p, db);
    }

    /** Hermitage's G1a (aborted read): T1 writes 101 and rolls back; T2 reads the row twice and must see 10 both times. */
    static final String G1A = """
            setup:
              - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
              - INSERT INTO test (id, val) VALUES (1, 10), (2, 20)
            transaction: true
            isolation: LEVEL
            threads:
              - name: T1 writes 101, rolls back
                steps:
                  - UPDATE test SET val = 101 WHERE id = 1
                  - ROLLBACK
              - name: T2 reads
                steps:
                  - sql: SELECT val FROM test WHERE id = 1
                    expect: 10
                  - sql: SELECT id, val FROM test ORDER BY id
                    expect: [[1, 10], [2, 20]]
            invariants:
              - name: nothing changed
                sql: SELECT SUM(val) FROM test
                expect: 30
            """;

    @Test
    void anUnmetExpectIsAViolationNamingTheThreadTheLineWhatItReadAndWhatWasExpected() throws Exception {
        Counterexample c = Racex.explore(load(G1A.replace("LEVEL", "read uncommitted"), Database.h2())).assertViolation();
        assertEquals(FailureKind.INVARIANT, c.violation().kind());
        assertEquals(List.of("T2 line 13 expects 10", "T2 line 15 expects [[1, 10], [2, 20]]"), c.violation().brokenInvariants());
        assertEquals("read 101, expected 10", c.observed().state().get("expect: T2 line 13"));
        assertEquals("read [[1, 101], [2, 20]], expected [[1, 10], [2, 20]]", c.observed().state().get("expect: T2 line 15"));
        assertTrue(c.violation().message().contains("expect: T2 line 13='read 101, expected 10'"), c.violation().message());
    }

    @Test
    void aMetExpectPassesEveryExecution() throws Exception {
        Racex.explore(load(G1A.replace("LEVEL", "read committed"), Database.h2())).assertNoViolation();
    }

    @Test
    void statementsAfterACommitRunInANewTransactionThatSeesOtherCommits() throws Exception {
        String yaml = """
                setup:
                  - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
                  - INSERT INTO test (id, val) VALUES (1, 10)
                transaction: true
                isolation: repeatable read
                threads:
                  - name: T1 writes, commits, reads again
                    steps:
                      - UPDATE test SET val = 11 WHERE id = 1
                      - COMMIT
                      - sql: SELECT val FROM test WHERE id = 1
                        expect: 11
                  - name: T2 writes
                    steps:
                      - UPDATE test SET val = 12 WHERE id = 1
                invariants:
                  - name: one row
                    sql: SELECT COUNT(*) FROM test
                    expect: 1
                """;
        Counterexample c = Racex.explore(load(yaml, Database.h2())).assertViolation();
        assertEquals("read 12, expected 11", c.observed().state().get("expect: T1 line 11"));
        List<Step> steps = c.execution().steps();
        List<Integer> t1Commits = steps.stream().filter(s -> s.thread() == 0 && s.kind() == StepKind.COMMIT).map(Step::index).toList();
        assertEquals(2, t1Commits.size(), "the COMMIT step and the commit at the end: " + steps);
        int t2Write = steps.stream().filter(s -> s.thread() == 1 && s.kind() == StepKind.UPDATE).findFirst().orElseThrow().index();
        int t1Read = steps.stream().filter(s -> s.thread() == 0 && s.kind() == StepKind.QUERY).findFirst().orElseThrow().index();
        assertTrue(t1Commits.get(0) < t2Write && t2Write < t1Read && t1Read < t1Commits.get(1),
                "T2 wrote between T1's commit and its new transaction's read: " + steps);
    }

    @Test
    void aThreadEndingInACommitStepIsNotCommittedTwice() throws Exception {
        String yaml = """
                setup: ["CREATE TABLE t (id INT PRIMARY KEY)"]
                transaction: true
                threads:
                  - [INSERT INTO t VALUES (1), COMMIT]
                  - [INSERT INTO t VALUES (2), ROLLBACK]
                invariants:
                  - {name: one row, sql: SELECT COUNT(*) FROM t, expect: 1}
                """;
        var r = Racex.explore(load(yaml, Database.h2())).assertNoViolation();
        assertTrue(r.complete());
        Counterexample c = Racex.explore(load(yaml.replace("expect: 1", "expect: 2"), Database.h2())).assertViolation();
        assertEquals(List.of(StepKind.CONFIG, StepKind.UPDATE, StepKind.COMMIT),
                c.execution().steps().stream().filter(s -> s.thread() == 0).map(Step::kind).toList());
        assertEquals(List.of(StepKind.CONFIG, StepKind.UPDATE, StepKind.ROLLBACK),
                c.execution().steps().stream().filter(s -> s.thread() == 1).map(Step::kind).toList());
    }

    static final String DUPLICATE = """
            setup:
              - CREATE TABLE sku (code VARCHAR(10) PRIMARY KEY)
              - INSERT INTO sku (code) VALUES ('a')
            threads:
              - name: create a
                copies: 2
                steps:
                  - sql: INSERT INTO sku (code) VALUES ('a')
                    expect: error 23
                  - sql: INSERT INTO sku (code) VALUES (CONCAT('b', :thread))
            invariants:
              - name: three rows
                sql: SELECT COUNT(*) FROM sku
                expect: 3
            """;

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void aStepThatFailsAsExpectedPassesAndTheThreadGoesOn(String kind) throws Exception {
        Racex.explore(load(DUPLICATE, Databases.require(kind))).assertNoViolation();
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void aStepThatSucceedsWhereAnErrorIsExpectedIsAViolation(String kind) throws Exception {
        String yaml = DUPLICATE.replace("  - INSERT INTO sku (code) VALUES ('a')\n", "").replace("expect: 3", "expect: 2");
        Counterexample c = Racex.explore(load(yaml, Databases.require(kind))).assertViolation();
        assertEquals(FailureKind.INVARIANT, c.violation().kind());
        // whichever copy inserted first succeeded where it expected the conflict
        Object unmet = c.observed().state().containsKey("expect: T1 line 7") ? c.observed().state().get("expect: T1 line 7")
                : c.observed().state().get("expect: T2 line 7");
        assertEquals("succeeded (1 row), expected error 23", unmet, c.observed().state().toString());
    }

    static final String READ_ONLY = """
            setup:
              - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
              - INSERT INTO test (id, val) VALUES (1, 10), (2, 20)
            transaction: true
            threads:
              - name: reader
                read only: true
                steps:
                  - sql: SELECT val FROM test WHERE id = 1
                    into: one
                  - sql: UPDATE test SET val = 12 WHERE id = 2
                    expect: error 25006
                  - COMMIT
                  - sql: UPDATE test SET val = 13 WHERE id = 2
                    expect: error 25006
              - name: writer
                steps:
                  - UPDATE test SET val = 11 WHERE id = 1
            invariants:
              - name: row 2 unchanged
                sql: SELECT val FROM test WHERE id = 2
                expect: 20
            """;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aReadOnlyThreadsWritesFailWithTheDatabasesErrorInEveryTransaction(String kind) throws Exception {
        Database db = Databases.require(kind);
        Racex.explore(load(READ_ONLY, db)).assertNoViolation();
        // the same writes without read only succeed: the expect is unmet, so the check above can fail
        Counterexample c = Racex.explore(load(READ_ONLY.replace("    read only: true\n", ""), db)).assertViolation();
        assertEquals("succeeded (1 row), expected error 25006", c.observed().state().get("expect: T1 line 10"));
    }

    @Test
    void aReadOnlyThreadOnH2IsRefusedWithItsLineBecauseH2WouldLetTheWritesThrough() {
        RacexException e = assertThrows(RacexException.class, () -> load(READ_ONLY, Database.h2()));
        assertEquals("s.race.yaml:6: 'read only: true' needs a database that enforces read-only transactions (PostgreSQL, MariaDB): "
                + "H2 has no SET TRANSACTION READ ONLY and lets the writes through; run with --db postgresql or --db mariadb",
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void rowsBindsAListThatAnInListTakesOnEveryDatabase(String kind) throws Exception {
        String yaml = """
                setup:
                  - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
                  - INSERT INTO test (id, val) VALUES (1, 10), (2, 20), (3, 30)
                threads:
                  - name: bump the big ones
                    steps:
                      - sql: SELECT id FROM test WHERE val >= 20
                        rows: ids
                      - sql: UPDATE test SET val = val + 1 WHERE id IN (:ids)
                        expect: 2
                  - name: read them
                    steps:
                      - sql: SELECT val FROM test WHERE id IN (2, 3)
                        expect: [20, 30]
                invariants:
                  - name: sum
                    sql: SELECT SUM(val) FROM test
                    expect: 62
                """;
        Counterexample c = Racex.explore(load(yaml, Databases.require(kind))).assertViolation();
        assertEquals("read [21, 31], expected [20, 30]", c.observed().state().get("expect: T2 line 13"));
        assertEquals(java.util.Map.of("ids", List.of(2, 3)),
                c.observed().results().get("T1: bump the big ones").value());
    }

    /** Hermitage's G1b (intermediate read): T1 writes 101, then 11, and commits; T2 may read 10 or 11, never 101. */
    static final String G1B = """
            setup:
              - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
              - INSERT INTO test (id, val) VALUES (1, 10)
            transaction: true
            isolation: LEVEL
            threads:
              - name: T1 writes 101, then 11
                steps:
                  - UPDATE test SET val = 101 WHERE id = 1
                  - UPDATE test SET val = 11 WHERE id = 1
              - name: T2 reads
                steps:
                  - sql: SELECT val FROM test WHERE id = 1
                    expect: {one of: [10, 11]}
            invariants:
              - {name: one row, sql: SELECT COUNT(*) FROM test, expect: 1}
            """;

    @Test
    void oneOfAllowsEveryValueACorrectScheduleGivesAndNoOther() throws Exception {
        Racex.explore(load(G1B.replace("LEVEL", "read committed"), Database.h2())).assertNoViolation();
        Counterexample c = Racex.explore(load(G1B.replace("LEVEL", "read uncommitted"), Database.h2())).assertViolation();
        assertEquals("read 101, expected one of [10, 11]", c.observed().state().get("expect: T2 line 13"));
    }

    /** A non-repeatable read (Hermitage's G-single read side): T1 reads row 1 twice and must read the same. */
    static final String READ_TWICE = """
            setup:
              - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
              - INSERT INTO test (id, val) VALUES (1, 10)
            transaction: true
            isolation: LEVEL
            threads:
              - name: T1 reads row 1 twice
                steps:
                  - sql: SELECT val FROM test WHERE id = 1
                    into: first
                  - sql: SELECT val FROM test WHERE id = 1
                    expect: :first
              - name: T2 writes row 1
                steps:
                  - UPDATE test SET val = 11 WHERE id = 1
            invariants:
              - {name: one row, sql: SELECT COUNT(*) FROM test, expect: 1}
            """;

    @Test
    void expectANameChecksARepeatableRead() throws Exception {
        Counterexample c = Racex.explore(load(READ_TWICE.replace("LEVEL", "read committed"), Database.h2())).assertViolation();
        assertEquals("read 11, expected :first (10)", c.observed().state().get("expect: T1 line 11"));
        Racex.explore(load(READ_TWICE.replace("LEVEL", "repeatable read"), Database.h2())).assertNoViolation();
    }

    /** Hermitage's P4 (lost update) on PostgreSQL at REPEATABLE READ: the second writer either succeeds or is refused. */
    static final String P4 = """
            setup:
              - CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)
              - INSERT INTO test (id, val) VALUES (1, 10)
            transaction: true
            isolation: repeatable read
            threads:
              - name: add 1
                copies: 2
                steps:
                  - sql: SELECT val FROM test WHERE id = 1
                    into: v
                  - sql: UPDATE test SET val = :v + 1 WHERE id = 1
                    expect: EXPECT
            invariants:
              - {name: one row, sql: SELECT COUNT(*) FROM test, expect: 1}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void oneOfAnErrorAndAValueCoversAWriteTheDatabaseMayRefuse(String kind) throws Exception {
        Database db = Databases.require(kind);
        Racex.explore(load(P4.replace("EXPECT", "{one of: [1, error 40001]}"), db)).assertNoViolation();
        Counterexample c = Racex.explore(load(P4.replace("EXPECT", "1"), db)).assertViolation();
        Object unmet = c.observed().state().getOrDefault("expect: T1 line 12", c.observed().state().get("expect: T2 line 12"));
        assertTrue(String.valueOf(unmet).matches("failed with .*40001.*, expected 1"), c.observed().state().toString());
    }
}
