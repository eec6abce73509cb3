package io.racex.store.jdbc.file;

import static io.racex.store.jdbc.file.ScenarioFileTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.store.jdbc.file.ScenarioFile.Expect;
import io.racex.store.jdbc.file.ScenarioFile.StepDef;
import io.racex.store.jdbc.file.ScenarioFile.ThreadDef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing of rows:, expect:, read only: and COMMIT steps, and the one-line errors for their misuse. */
class ScenarioFileChecksTest {
    /** A file around the steps of thread 1 (which start at line 5); thread 2 is SELECT 1. */
    static String withSteps(String threadOptions, String steps) {
        return "setup: [\"CREATE TABLE t (id INT PRIMARY KEY, v INT)\"]\n"
                + "threads:\n"
                + "  - name: one\n"
                + threadOptions
                + "    steps:\n"
                + steps
                + "  - [SELECT 1]\n"
                + "serializable: true\n";
    }

    static ThreadDef first(String threadOptions, String steps) {
        return ScenarioFile.parse(withSteps(threadOptions, steps), "f.race.yaml").threads().get(0);
    }

    @Test
    void rowsBindsAListThatLaterStepsUseAndConditionsTestForEmptiness() {
        ThreadDef t = first("", """
                      - sql: SELECT id FROM t WHERE v > 1
                        rows: ids
                      - sql: UPDATE t SET v = 0 WHERE id IN (:ids)
                        when: ids is not empty
                """);
        assertEquals(Optional.of("ids"), t.steps().get(0).rows());
        assertEquals(List.of("ids"), t.boundNames());
        assertEquals(List.of("ids"), t.steps().get(1).sql().parameters());
        assertTrue(t.steps().get(1).when().get().holds(Map.of("ids", List.of(1))));
        assertFalse(t.steps().get(1).when().get().holds(Map.of("ids", List.of())));
    }

    @Test
    void refusesRowsOnAStatementWithoutRowsAndListsInComparisons() {
        assertEquals("bad.race.yaml:6: 'rows' binds the rows a query returns, and this statement returns none: use 'into' for its "
                + "update count", error(withSteps("", """
                      - sql: UPDATE t SET v = 1
                        rows: n
                """)).getMessage());
        assertEquals("bad.race.yaml:8: 'ids' holds the list a 'rows:' bound: test it with 'ids is empty' or 'ids is not empty' "
                + "(compare values in the SQL, or with 'expect')", error(withSteps("", """
                      - sql: SELECT id FROM t
                        rows: ids
                      - sql: SELECT 1
                        when: ids = 1
                """)).getMessage());
        assertEquals("bad.race.yaml:8: 'is empty' tests a list bound by 'rows:', and 'n' is one value: use 'is null'",
                error(withSteps("", """
                      - sql: SELECT id FROM t
                        into: n
                      - sql: SELECT 1
                        when: n is empty
                """)).getMessage());
        assertEquals("bad.race.yaml:6: 'n' is bound by both 'into' and 'rows' of this step: give them different names",
                error(withSteps("", """
                      - sql: SELECT id FROM t
                        rows: n
                        into: n
                """)).getMessage());
    }

    @Test
    void readsEveryFormOfExpect() {
        ThreadDef t = first("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: 10
                      - sql: SELECT v FROM t ORDER BY id
                        expect: [10, 20]
                      - sql: SELECT id, v FROM t
                        expect: [[1, 10], [2, null]]
                      - sql: SELECT v FROM t WHERE id = 3
                        expect: null
                      - sql: UPDATE t SET v = 1
                        expect: 2
                      - sql: INSERT INTO t VALUES (1, 1)
                        expect: error 23505 or 23
                      - sql: INSERT INTO t VALUES (1, 1)
                        expect: error
                """);
        List<Expect> x = t.steps().stream().map(s -> s.expect().orElseThrow()).toList();
        assertEquals(new Expect.Value(new BigDecimal(10), "10"), x.get(0));
        assertEquals(new Expect.Rows(List.of(new BigDecimal(10), new BigDecimal(20)), "[10, 20]"), x.get(1));
        assertEquals("[[1, 10], [2, null]]", x.get(2).text());
        assertEquals(List.of(List.of(new BigDecimal(1), new BigDecimal(10)), java.util.Arrays.asList(new BigDecimal(2), null)),
                ((Expect.Rows) x.get(2)).rows());
        assertEquals(new Expect.Value(null, "null"), x.get(3));
        assertEquals(new Expect.Value(new BigDecimal(2), "2"), x.get(4));
        assertEquals(new Expect.Error(Set.of("23505", "23"), "error 23505 or 23"), x.get(5));
        assertEquals(new Expect.Error(Set.of(), "error"), x.get(6));
    }

    @Test
    void readsOneOfSeveralValuesOrRowLists() {
        ThreadDef t = first("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: {one of: [10, 11]}
                      - sql: SELECT v FROM t ORDER BY id
                        expect:
                          one of:
                            - [10, 20]
                            - [11, 20]
                """);
        Expect a = t.steps().get(0).expect().orElseThrow();
        assertEquals(new Expect.OneOf(List.of(new Expect.Value(new BigDecimal(10), "10"), new Expect.Value(new BigDecimal(11), "11")),
                "one of [10, 11]"), a);
        assertEquals("one of [[10, 20], [11, 20]]", t.steps().get(1).expect().orElseThrow().text());
        assertEquals(new Expect.OneOf(List.of(new Expect.Value(new BigDecimal(1), "1"), new Expect.Error(Set.of("40001"), "error 40001")),
                "one of [1, error 40001]"), first("", "      - sql: UPDATE t SET v = 1\n        expect: {one of: [1, error 40001]}\n")
                .steps().get(0).expect().orElseThrow());
    }

    @Test
    void refusesAnExpectThatCannotFitItsStep() {
        assertEquals("bad.race.yaml:6: bad SQLSTATE 'dup' in 'expect: error dup': a SQLSTATE is five letters or digits, e.g. "
                + "'expect: error 23505' (unique violation) or 'expect: error 40001' (serialization failure), or a class of two, "
                + "e.g. 'error 23' (any integrity constraint violation)", error(withSteps("", """
                      - sql: INSERT INTO t VALUES (1, 1)
                        expect: error dup
                """)).getMessage());
        assertEquals("bad.race.yaml:6: this statement returns no rows: 'expect' is its update count, a whole number (or 'error')",
                error(withSteps("", """
                      - sql: UPDATE t SET v = 1
                        expect: one
                """)).getMessage());
        assertEquals("bad.race.yaml:6: this statement returns no rows: 'expect' is its update count, a whole number (or 'error')",
                error(withSteps("", """
                      - sql: UPDATE t SET v = 1
                        expect: [1]
                """)).getMessage());
        assertEquals("bad.race.yaml:7: a COMMIT or ROLLBACK returns nothing to compare: only 'expect: error' (or 'error 40001') "
                + "fits it", error(withSteps("    transaction: true\n", """
                      - sql: COMMIT
                        expect: 0
                """)).getMessage());
        assertEquals("bad.race.yaml:8: the rows in 'expect' must all be values (one column) or all be lists (columns), not both",
                error(withSteps("", """
                      - sql: SELECT id, v FROM t
                        expect:
                          - [1, 10]
                          - 2
                """)).getMessage());
        assertEquals("bad.race.yaml:6: unknown key 'v' in a mapping under 'expect'; known keys: one of",
                error(withSteps("", """
                      - sql: SELECT v FROM t
                        expect: {v: 1}
                """)).getMessage());
        assertEquals("bad.race.yaml:6: 'one of' is empty: give the values a correct schedule may give, e.g. [10, 11]",
                error(withSteps("", """
                      - sql: SELECT v FROM t
                        expect: {one of: []}
                """)).getMessage());
        assertEquals("bad.race.yaml:6: 'expect' must be a value, a list of rows, 'one of', 'error' or 'error SQLSTATE', not a "
                + "mapping (key: value lines)", error(withSteps("", """
                      - sql: SELECT v FROM t
                        expect: {one of: [{v: 1}]}
                """)).getMessage());
    }

    @Test
    void readOnlyNeedsATransactionAndTakesEitherSpelling() {
        assertTrue(first("    transaction: true\n    read only: true\n", "      - SELECT v FROM t\n").readOnly());
        assertTrue(first("    transaction: true\n    readOnly: true\n", "      - SELECT v FROM t\n").readOnly());
        assertFalse(first("    transaction: true\n", "      - SELECT v FROM t\n").readOnly());
        assertEquals("bad.race.yaml:4: 'read only: true' declares the thread's transactions read-only: it needs 'transaction: true' "
                + "(on the thread or the file)", error(withSteps("    read only: true\n", "      - SELECT v FROM t\n")).getMessage());
        assertEquals("bad.race.yaml:6: 'read only' and 'readOnly' are the same option: give one of them",
                error(withSteps("    transaction: true\n    read only: true\n    readOnly: true\n", "      - SELECT v FROM t\n"))
                        .getMessage());
    }

    @Test
    void aCommitStepEndsTheTransactionAndBindsNothing() {
        ThreadDef t = first("    transaction: true\n", """
                      - UPDATE t SET v = 1
                      - COMMIT
                      - sql: SELECT v FROM t
                        into: v
                      - ROLLBACK
                      - ROLLBACK TO SAVEPOINT s
                """);
        List<StepDef> s = t.steps();
        assertEquals(List.of(false, true, false, true, false), s.stream().map(x -> x.sql().endsTransaction()).toList());
        assertTrue(s.get(1).sql().commits());
        assertTrue(s.get(3).sql().rollsBack());
        assertEquals("bad.race.yaml:6: a COMMIT or ROLLBACK binds nothing: remove 'into'", error(withSteps("    transaction: true\n", """
                      - sql: COMMIT
                        into: n
                """)).getMessage());
    }

    @Test
    void refusesABeginInATransactionThreadBecauseRacexBeginsThem() {
        assertEquals("bad.race.yaml:8: with 'transaction: true' racex begins each transaction itself (at the start and after "
                + "each COMMIT or ROLLBACK step): remove 'START TRANSACTION ISOLATION LEVEL SERIALIZABLE' and give the level with "
                + "'isolation:' (and 'read only: true' for a read-only transaction)", error(withSteps("    transaction: true\n", """
                      - UPDATE t SET v = 1
                      - COMMIT
                      - START TRANSACTION ISOLATION LEVEL SERIALIZABLE
                """)).getMessage());
        // in auto-commit a thread begins its own transactions, as before
        assertEquals(3, first("", "      - BEGIN\n      - UPDATE t SET v = 1\n      - COMMIT\n").steps().size());
    }

    @Test
    void expectANameNeedsItBoundByAnEarlierStep() {
        assertEquals(new Expect.Same("first", ":first"), first("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        into: first
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: :first
                """).steps().get(1).expect().orElseThrow());
        assertEquals("bad.race.yaml:6: :first is not bound by an earlier step of this thread: bind it with 'into: first' on a "
                + "query before it (bound so far: thread)", error(withSteps("", """
                      - sql: SELECT v FROM t WHERE id = 1
                        expect: :first
                        into: first
                """)).getMessage());
    }
}
