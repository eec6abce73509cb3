package io.racex.history;

import static io.racex.history.Histories.check;
import static io.racex.history.Histories.history;
import static io.racex.history.Histories.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {
    static final Model<?> REGISTER = Models.register(0L);

    // MIT 6.824's 2017 quiz 2, section VII (Porcupine's register test)
    @Test
    void readsOverlappingAWriteMaySeeEitherValue() {
        History h = history(op("w", 0, 100, "write", null, 100L), op("r1", 25, 75, "read", 100L), op("r2", 30, 60, "read", 0L));
        assertTrue(check(h, REGISTER).linearizable());
    }

    @Test
    void aReadThatSeesTheOldValueAfterOneSawTheNewIsAViolation() {
        History h = history(op("w", 0, 100, "write", null, 200L), op("r1", 10, 30, "read", 200L), op("r2", 40, 90, "read", 0L));
        CheckResult r = check(h, REGISTER);
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        PartResult p = r.parts().get(0);
        assertEquals(List.of("write(200)", "read() -> 200"), p.order().stream().map(pl -> r.describe(pl.op())).toList());
        assertEquals("read() -> 0", r.describe(p.earliestReturn().orElseThrow()));
        assertEquals(1, p.cannotPlace().size());
        PartResult.Blocked b = p.cannotPlace().get(0);
        assertFalse(b.allowed());
        assertEquals("read 0 but the register holds 200", b.reason());
    }

    @Test
    void operationsAtTheSameInstantOverlap() {
        // r returns at 10 and w is called at 10: they overlap, so r may read w's value
        History h = history(op("r", 0, 10, "read", 1L), op("w", 10, 20, "write", null, 1L));
        assertTrue(check(h, REGISTER).linearizable());
        History later = history(op("r", 0, 9, "read", 1L), op("w", 10, 20, "write", null, 1L));
        assertFalse(check(later, REGISTER).linearizable());
    }

    @Test
    void aPendingWriteMayTakeEffectLongAfterItsCall() {
        History h = history(op("w", 0, -1, "write", null, 5L), op("r1", 10, 20, "read", 0L), op("r2", 30, 40, "read", 5L));
        assertTrue(check(h, REGISTER).linearizable());
    }

    @Test
    void aPendingWriteMayNeverTakeEffect() {
        History h = history(op("w", 0, -1, "write", null, 5L), op("r1", 10, 20, "read", 0L), op("r2", 30, 40, "read", 0L));
        assertTrue(check(h, REGISTER).linearizable());
    }

    @Test
    void aPendingWriteCannotTakeEffectBeforeItsCall() {
        History h = history(op("r1", 0, 5, "read", 5L), op("w", 10, -1, "write", null, 5L));
        assertFalse(check(h, REGISTER).linearizable());
    }

    @Test
    void aPendingWriteTakesEffectOnceOnly() {
        History h = history(op("w", 0, -1, "write", null, 5L), op("x", 1, 2, "write", null, 7L), op("r1", 10, 20, "read", 5L),
                op("y", 21, 22, "write", null, 7L), op("r2", 30, 40, "read", 5L));
        assertFalse(check(h, REGISTER).linearizable());
    }

    @Test
    void keyValueHistoriesGetTheSameVerdictSplitByKeyOrWhole() {
        History h = history(op("a", 0, 10, "append", null, "k", "x"), op("b", 5, 15, "append", null, "k", "y"), op("c", 20, 30, "get", "xy", "k"),
                op("d", 0, 30, "put", null, "j", "1"), op("e", 31, 32, "get", "1", "j"));
        assertTrue(check(h, Models.kv()).linearizable());
        assertTrue(Linearizability.check(h, Models.kv(), Linearizability.Options.defaults().withSplit(false)).linearizable());
        History bad = history(op("a", 0, 10, "append", null, "k", "x"), op("b", 11, 15, "append", null, "k", "y"), op("c", 20, 30, "get", "yx", "k"),
                op("e", 31, 32, "get", "", "j"));
        CheckResult split = check(bad, Models.kv());
        assertFalse(split.linearizable());
        assertEquals(List.of("\"j\"", "\"k\""), split.parts().stream().map(PartResult::key).toList());
        assertFalse(Linearizability.check(bad, Models.kv(), Linearizability.Options.defaults().withSplit(false)).linearizable());
    }

    @Test
    void theCheckStopsAtTheFirstPartFoundNotLinearizableUnlessAskedForAll() {
        History h = HistoryReader.read(Path.of("src/test/resources/histories/kv/c50-bad.txt"));
        CheckResult first = Linearizability.check(h, Models.kv(), Linearizability.Options.defaults().withThreads(2));
        assertEquals(Verdict.NOT_LINEARIZABLE, first.verdict());
        assertTrue(first.parts().stream().anyMatch(p -> p.verdict() == Verdict.NOT_CHECKED));
        CheckResult again = Linearizability.check(h, Models.kv(), Linearizability.Options.defaults().withThreads(1));
        assertEquals(first.parts().stream().map(PartResult::verdict).toList(), again.parts().stream().map(PartResult::verdict).toList(),
                "which parts finish depends on budgets, not on timing or threads");
    }

    @Test
    void aSearchThatRunsOutOfTimeIsUnknown() {
        // key "0" of c50-bad: a long search (the part is not linearizable, but refuting it takes millions of configurations)
        History all = HistoryReader.read(Path.of("src/test/resources/histories/kv/c50-bad.txt"));
        List<Operation> ops = all.operations().stream().filter(o -> "0".equals(o.arg(0))).toList();
        List<Operation> renumbered = new java.util.ArrayList<>();
        for (Operation o : ops) {
            renumbered.add(o.withId(renumbered.size()));
        }
        History h = new History("key0", "jepsen-edn", renumbered, 0);
        CheckResult r = Linearizability.check(h, Models.kv(), Linearizability.Options.defaults().withTimeout(Duration.ofMillis(200)));
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertFalse(r.parts().get(0).order().isEmpty(), "the deepest prefix reached is reported");
    }

    @Test
    void anOperationTheModelDoesNotKnowIsBadInputWithItsLine() {
        History h = Histories.read("h.jsonl", """
                {"type":"call","client":"a","op":"write","args":[1]}
                {"type":"return","client":"a"}
                {"type":"call","client":"a","op":"frobnicate"}
                {"type":"return","client":"a"}
                """);
        HistoryException e = assertThrows(HistoryException.class, () -> check(h, Models.register()));
        assertEquals("h.jsonl:3: unknown operation 'frobnicate' for the register model (known: read, write, cas)", e.getMessage());
        HistoryException arity = assertThrows(HistoryException.class, () -> check(Histories.read("h.jsonl", """
                {"type":"call","client":"a","op":"write"}
                """), Models.register()));
        assertEquals("h.jsonl:1: write takes 1 argument: write(value), not write() -> ?", arity.getMessage());
    }

    @Test
    void anEmptyHistoryIsLinearizable() {
        assertTrue(check(history(), REGISTER).linearizable());
    }
}
