package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
import io.racex.store.jdbc.file.ScenarioFile.StepDef;
import io.racex.store.jdbc.file.ScenarioFile.ThreadDef;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFileTest {
    static final String FIND_AND_UPDATE = """
            # the course's find-and-update
            description: two appends of 'a'
            setup:
              - CREATE TABLE message (msg VARCHAR(100), time TIMESTAMP)
              - INSERT INTO message VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00');
            isolation: read committed
            threads:
              - name: append
                copies: 2
                transaction: true
                retry: {on: [40001, 40P01], attempts: 3}
                steps:
                  - sql: SELECT msg FROM message WHERE time = TIMESTAMP '2009-01-01 00:00:00'
                    into: msg
                  - sql: UPDATE message SET msg = CONCAT(:msg, 'a') WHERE time = TIMESTAMP '2009-01-01 00:00:00'
            serializable: true
            state:
              message: SELECT msg FROM message
            """;

    static RacexException error(String yaml) {
        return assertThrows(RacexException.class, () -> ScenarioFile.parse(yaml, "bad.race.yaml"));
    }

    static final String TWO_THREADS = """
            threads:
              - [SELECT 1]
              - [SELECT 2]
            """;

    @Test
    void readsEveryPartOfAWellFormedFile() {
        ScenarioFile f = ScenarioFile.parse(FIND_AND_UPDATE, "find-and-update.race.yaml");
        assertEquals("find-and-update", f.name());
        assertEquals("two appends of 'a'", f.description());
        assertEquals(List.of("CREATE TABLE message (msg VARCHAR(100), time TIMESTAMP)",
                "INSERT INTO message VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00')"), f.setup());
        assertEquals(2, f.threads().size());
        ThreadDef t = f.threads().get(0);
        assertEquals(t, f.threads().get(1));
        assertEquals("append", t.name());
        assertTrue(t.transaction());
        assertEquals(Optional.of("READ_COMMITTED"), t.isolation());
        assertEquals(Set.of("40001", "40P01"), t.retry().orElseThrow().onSqlStates());
        assertEquals(3, t.retry().orElseThrow().maxAttempts());
        StepDef update = t.steps().get(1);
        assertEquals("UPDATE message SET msg = CONCAT(?, 'a') WHERE time = TIMESTAMP '2009-01-01 00:00:00'", update.sql().jdbc());
        assertEquals(List.of("msg"), update.sql().parameters());
        assertEquals(List.of("msg"), t.steps().get(0).into());
        assertEquals(13, t.steps().get(0).line());
        assertEquals(List.of("msg"), t.boundNames());
        assertTrue(f.serializable());
        assertEquals("message", f.state().get(0).name());
        assertTrue(f.invariants().isEmpty());
    }

    @Test
    void takesShorthandThreadsStepsAndFileLevelDefaults() {
        ScenarioFile f = ScenarioFile.parse("""
                setup: [CREATE TABLE t (x INT)]
                transaction: true
                isolation: SERIALIZABLE
                retry: {on: 40001}
                threads:
                  - - SELECT x FROM t
                    - sql: SELECT x FROM t
                      into: [a, b]
                  - name: other
                    isolation: repeatable-read
                    steps: [UPDATE t SET x = 1]
                invariants:
                  - name: one row
                    sql: SELECT COUNT(*) = 1 FROM t
                """, "dir/shorthand.race.yaml");
        assertEquals("shorthand", f.name());
        assertEquals(Optional.of("SERIALIZABLE"), f.threads().get(0).isolation());
        assertEquals(Optional.of("REPEATABLE_READ"), f.threads().get(1).isolation());
        assertTrue(f.threads().get(1).transaction());
        assertEquals(Set.of("40001"), f.threads().get(1).retry().orElseThrow().onSqlStates());
        assertEquals(3, f.threads().get(0).retry().orElseThrow().maxAttempts());
        assertEquals(List.of("a", "b"), f.threads().get(0).steps().get(1).into());
        assertEquals(Boolean.TRUE, f.invariants().get(0).expect());
        assertFalse(f.serializable());
    }

    @Test
    void readsConditionsAndExpectedValues() {
        ScenarioFile f = ScenarioFile.parse("""
                setup: [CREATE TABLE account (id INT, balance INT)]
                threads:
                  - name: withdraw
                    copies: 3
                    steps:
                      - sql: SELECT balance FROM account WHERE id = 1
                        into: balance
                      - sql: UPDATE account SET balance = :balance - 100 WHERE id = 1
                        when: balance >= 100
                invariants:
                  - name: never negative
                    sql: SELECT COUNT(*) FROM account WHERE balance < 0
                    expect: 0
                  - name: owner
                    sql: SELECT 'bob'
                    expect: bob
                """, "w.race.yaml");
        assertEquals(3, f.threads().size());
        Condition c = f.threads().get(2).steps().get(1).when().orElseThrow();
        assertEquals(Condition.Op.GE, c.op());
        assertEquals(new BigDecimal("0"), f.invariants().get(0).expect());
        assertEquals("bob", f.invariants().get(1).expect());
    }

    @Test
    void readsAFileFromDiskAndNamesItAfterTheFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("lost.race.yaml");
        Files.writeString(p, FIND_AND_UPDATE.replace("description", "name: renamed\ndescription"));
        assertEquals("renamed", ScenarioFile.read(p).name());
        RacexException e = assertThrows(RacexException.class, () -> ScenarioFile.read(dir.resolve("none.race.yaml")));
        assertTrue(e.getMessage().startsWith("no scenario file "), e.getMessage());
    }

    @Test
    void refusesAnUnknownKeyNamingItsLineAndTheKnownKeys() {
        RacexException e = error("""
                setup: [CREATE TABLE t (x INT)]
                threads:
                  - steps:
                      - sql: SELECT x FROM t
                        wehn: x > 1
                  - [SELECT 1]
                serializable: true
                """);
        assertEquals("bad.race.yaml:5: unknown key 'wehn' in a step; known keys: sql, into, rows, when, expect", e.getMessage());
    }

    @Test
    void refusesAFileWithoutThreads() {
        assertEquals("bad.race.yaml:1: 'threads' is missing: give at least two threads, each a list of SQL steps",
                error("setup: [CREATE TABLE t (x INT)]\nserializable: true\n").getMessage());
    }

    @Test
    void refusesAFileWithOneThread() {
        RacexException e = error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads:\n  - [SELECT 1]\n");
        assertEquals("bad.race.yaml:4: a scenario needs at least two threads, this one has 1: add a thread, "
                + "or 'copies: 2' to run the same steps twice", e.getMessage());
    }

    @Test
    void refusesAnUnknownIsolationLevel() {
        RacexException e = error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nisolation: snapshot\n" + TWO_THREADS);
        assertTrue(e.getMessage().startsWith("bad.race.yaml:3: unknown isolation level 'snapshot': use read uncommitted,"),
                e.getMessage());
    }

    @Test
    void refusesABadRetryCode() {
        RacexException e = error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nretry: {on: [40001, deadlock]}\n" + TWO_THREADS);
        assertTrue(e.getMessage().startsWith("bad.race.yaml:3: bad retry code 'deadlock': a SQLSTATE is five letters or digits"),
                e.getMessage());
        RacexException zero = error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nretry:\n  on: [8001]\n" + TWO_THREADS);
        assertTrue(zero.getMessage().endsWith("(a code that starts with 0 keeps it: write '08001')"), zero.getMessage());
        RacexException attempts = error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nretry: {on: [40001], attempts: 0}\n"
                + TWO_THREADS);
        assertEquals("bad.race.yaml:3: 'attempts' must be a whole number from 1 to 20", attempts.getMessage());
    }

    @Test
    void refusesANameUsedBeforeAnyStepBindsIt() {
        RacexException e = error("""
                setup: [CREATE TABLE t (x INT)]
                serializable: true
                threads:
                  - - UPDATE t SET x = :x + 1
                  - - sql: SELECT x FROM t
                      into: x
                """);
        assertEquals("bad.race.yaml:4: :x is not bound by an earlier step of this thread: bind it with 'into: x' "
                + "on a query before it (bound so far: thread)", e.getMessage());
        RacexException when = error("""
                setup: [CREATE TABLE t (x INT)]
                serializable: true
                threads:
                  - - sql: UPDATE t SET x = 1
                      when: y > 0
                  - [SELECT 1]
                """);
        assertTrue(when.getMessage().startsWith("bad.race.yaml:5: :y is not bound"), when.getMessage());
    }

    @Test
    void refusesAConditionItCannotRead() {
        RacexException e = error("""
                setup: [CREATE TABLE t (x INT)]
                serializable: true
                threads:
                  - - sql: SELECT x FROM t
                      into: x
                    - sql: UPDATE t SET x = 1
                      when: x between 1 and 2
                  - [SELECT 1]
                """);
        assertTrue(e.getMessage().startsWith("bad.race.yaml:7: cannot read the condition 'x between 1 and 2'"), e.getMessage());
    }

    @Test
    void refusesAScenarioThatChecksNothing() {
        assertEquals("bad.race.yaml:1: the scenario checks nothing: add 'serializable: true', a list of 'invariants' or an 'expect:' on a step",
                error("setup: [CREATE TABLE t (x INT)]\n" + TWO_THREADS).getMessage());
        // an expect: on a step is a check of its own
        ScenarioFile f = ScenarioFile.parse("setup: [CREATE TABLE t (x INT)]\nthreads:\n  - name: a\n    steps:\n"
                + "      - sql: SELECT COUNT(*) FROM t\n        expect: 0\n  - [SELECT 1]\n", "ok.race.yaml");
        assertEquals(2, f.threads().size());
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        RacexException e = error("setup: [CREATE TABLE t (x INT)]\nthreads:\n  - [SELECT 1\n  - oops: : :\n");
        assertTrue(e.getMessage().startsWith("bad.race.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void refusesAKeyGivenTwice() {
        RacexException e = error("setup: [CREATE TABLE t (x INT)]\nsetup: [CREATE TABLE u (x INT)]\n");
        assertEquals("bad.race.yaml:2: not valid YAML: the key 'setup' appears twice in the same mapping (first at line 1)",
                e.getMessage());
    }

    @Test
    void refusesQuestionMarkParametersAndBoundNamesInInvariants() {
        assertTrue(error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads:\n  - - UPDATE t SET x = ?\n  - [SELECT 1]\n")
                .getMessage().contains("'?' is not used in scenario files: pass a bound value as :name"));
        RacexException inv = error("setup: [CREATE TABLE t (x INT)]\n" + TWO_THREADS
                + "invariants:\n  - name: n\n    sql: SELECT :x\n    expect: 1\n");
        assertEquals("bad.race.yaml:7: an invariant query runs on the final state and cannot use bound names (:x)", inv.getMessage());
    }

    @Test
    void refusesMissingSetupAndEmptySql() {
        assertEquals("bad.race.yaml:1: 'setup' is missing: give the SQL that creates and fills the tables, one statement per item",
                error(TWO_THREADS + "serializable: true\n").getMessage());
        assertEquals("bad.race.yaml:4: a step's SQL is empty",
                error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads:\n  - [';']\n  - [SELECT 1]\n").getMessage());
    }

    @Test
    void refusesAWrongValueType() {
        assertEquals("bad.race.yaml:2: 'transaction' must be true or false",
                error("setup: [CREATE TABLE t (x INT)]\ntransaction: maybe\n").getMessage());
        assertEquals("bad.race.yaml:2: 'threads' must be a list (one item per thread), not a text",
                error("setup: [CREATE TABLE t (x INT)]\nthreads: two\n").getMessage());
    }

    @Test
    void refusesBindingTwoNamesToAnUpdateCount() {
        RacexException e = error("setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads:\n"
                + "  - - {sql: UPDATE t SET x = 1, into: [a, b]}\n  - [SELECT 1]\n");
        assertEquals("bad.race.yaml:4: a statement that returns no rows binds only its update count: give one name in 'into'",
                e.getMessage());
    }

    @Test
    void neverLetsAParseErrorEscapeAsAnythingButOneLine() {
        for (String yaml : List.of("", "- a\n- b\n", "{", "threads: [[", "setup: 3", "\t bad", "a: !!binary xyz",
                "setup: [x]\nthreads: [[], []]\nserializable: true\n", "setup: [x]\nthreads: [{copies: 50, steps: [a]}]\n")) {
            RacexException e = error(yaml);
            assertFalse(e.getMessage().contains("\n"), yaml + " -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("bad.race.yaml"), yaml + " -> " + e.getMessage());
        }
    }
}
