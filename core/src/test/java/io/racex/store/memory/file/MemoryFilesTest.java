package io.racex.store.memory.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Counterexample;
import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In-memory scenario files: races without Java, checked like the Java ones, errors on one line with file and line. */
class MemoryFilesTest {
    private static final String TRANSFER = """
            name: transfer-js
            store: memory
            cells: {a: 100, b: 200, c: 150}
            threads:
              - name: transfer(b, a, 100)
                steps:
                  - read b into src_bal
                  - read a into dst_bal
                  - if: src_bal > 100
                    then:
                      - write a dst_bal + 100
                      - write b src_bal - 100
              - name: transfer(c, a, 50)
                steps:
                  - read c into src_bal
                  - read a into dst_bal
                  - if: src_bal > 50
                    then:
                      - write a dst_bal + 50
                      - write c src_bal - 50
            serializable: true
            invariants:
              - name: total balance is 450
                expr: a + b + c
                expect: 450
            """;

    private static Scenario<MemoryAccess> load(String text) {
        Scenario<MemoryAccess> s = MemoryFiles.compile(MemoryFiles.parse(text, "t.race.yaml"));
        MemoryFiles.preflight(s);
        return s;
    }

    private static String error(String text) {
        RacexException e = assertThrows(RacexException.class, () -> load(text));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theJavaScriptTransferLosesAnUpdateWithOnePreemption() {
        Counterexample cx = Racex.explore(load(TRANSFER)).assertViolation();
        assertEquals(1, cx.preemptions());
        assertEquals("lost update", cx.anomaly().orElseThrow().name());
        assertEquals(Map.of("a", 200, "b", 100, "c", 100), cx.observed().state());
        assertTrue(cx.violation().brokenInvariants().contains("total balance is 450"));
    }

    @Test
    void aLockAroundEachTransferFixesIt() {
        String fixed = TRANSFER.replace("      - read b into src_bal", "      - lock bank\n      - read b into src_bal")
                .replace("      - read c into src_bal", "      - lock bank\n      - read c into src_bal")
                .replace("          - write b src_bal - 100\n", "          - write b src_bal - 100\n      - unlock bank\n")
                .replace("          - write c src_bal - 50\n", "          - write c src_bal - 50\n      - unlock bank\n");
        assertTrue(Racex.explore(load(fixed)).assertNoViolation().complete());
    }

    @Test
    void compareAndSetRetriedByCopiesOfAThreadKeepsEveryLogin() {
        String tokens = """
                store: memory
                cells: {next: 0}
                maps: {sessions: {}}
                threads:
                  - name: login()
                    copies: 2
                    steps:
                      - read next into n
                      - cas next from n to n + 1 into won
                      - if: not won
                        then:
                          - read next into n
                          - cas next from n to n + 1 into won
                      - write sessions[n] 'user' + thread
                    returns: n
                invariants:
                  - name: two sessions
                    expr: sessions[0] != null and sessions[1] != null
                """;
        assertTrue(Racex.explore(load(tokens)).assertNoViolation().complete());
        // without the compare-and-set both logins can take token 0
        String racy = tokens.replace("      - cas next from n to n + 1 into won\n      - if: not won\n        then:\n"
                + "          - read next into n\n          - cas next from n to n + 1 into won\n", "      - write next n + 1\n");
        Counterexample cx = Racex.explore(load(racy)).assertViolation();
        assertEquals("two sessions", cx.violation().brokenInvariants().get(0));
    }

    @Test
    void expressionsFollowPrecedenceAndJoinTexts() {
        assertEquals(7, Expr.parse("1 + 2 * 3").eval(n -> null));
        assertEquals(true, Expr.parse("(1 + 2) * 3 == 9 and not 2 > 3").eval(n -> null));
        assertEquals("msg aa", Expr.parse("m + 'a'").eval(n -> "msg a"));
        assertEquals(-1, Expr.parse("-x % 4").eval(n -> 5));
    }

    @Test
    void mistakesAreOneLineWithFileAndLine() {
        assertEquals("t.race.yaml:8: no cell named 'd': declare it under 'cells' (declared cells: a, b, c)",
                error(TRANSFER.replace("read a into dst_bal", "read d into dst_bal")));
        assertTrue(error(TRANSFER.replace("write a dst_bal + 100", "write a a + 100"))
                .startsWith("t.race.yaml:11: 'a' is shared: read it into a name first"));
        assertTrue(error(TRANSFER.replace("write b src_bal - 100", "write b balance - 100"))
                .startsWith("t.race.yaml:12: 'balance' is not bound by an earlier step of this thread"));
        assertTrue(error(TRANSFER.replace("read c into src_bal", "read c as src_bal"))
                .startsWith("t.race.yaml:15: cannot read the step 'read c as src_bal': write it as: read CELL into NAME"));
        assertTrue(error(TRANSFER.replace("cells:", "setup:")).contains("'setup' is for SQL files"));
        assertTrue(error(TRANSFER.replace("expr: a + b + c", "expr: a + b + d")).startsWith("t.race.yaml:24: invariant"));
        assertTrue(error(TRANSFER.replace("src_bal > 100", "src_bal > 'x' +")).startsWith("t.race.yaml:9: "));
    }

    @Test
    void aValueAStepCannotComputeIsReportedBeforeExploringWithItsLine() {
        String text = TRANSFER.replace("cells: {a: 100, b: 200, c: 150}", "cells: {a: 100, b: 'rich', c: 150}");
        assertEquals("t.race.yaml:9: '>' needs whole numbers, not the text 'rich'", error(text));
    }
}
