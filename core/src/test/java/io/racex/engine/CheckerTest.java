package io.racex.engine;

import io.racex.store.memory.Memory;
import io.racex.FailureKind;
import io.racex.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.TestScenarios;
import io.racex.ExplorationResult;
import io.racex.Execution;
import io.racex.Schedule;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import io.racex.strategy.Replay;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CheckerTest {
    static Scenario<MemoryAccess> incThenGet(Spec spec) {
        return TestScenarios.incThenGet(spec);
    }

    private static Execution replay(Scenario<MemoryAccess> s, Store<MemoryAccess> store, String token) {
        Replay r = new Replay(Schedule.parse(token));
        r.beginExecution();
        try (ControlledRuntime rt = new ControlledRuntime()) {
            return rt.run(s, store, r);
        }
    }

    @Test
    void realTimeOrderNarrowsTheAllowedOutcomes() throws Exception {
        // T1 finishes both increments before T2's get starts: linearizability allows only get=2
        Scenario<MemoryAccess> lin = incThenGet(Spec.LINEARIZABLE);
        try (Store<MemoryAccess> store = lin.newStore()) {
            Execution e = replay(lin, store, "v1:1.1.1.1.2");
            Checker<MemoryAccess> c = new Checker<>(lin, store);
            Set<Object> gets = c.allowed(e, 100).stream()
                    .map(a -> a.outcome().results().get("T2: get").value()).collect(Collectors.toSet());
            assertEquals(Set.of(2), gets);
            assertInstanceOf(Verdict.Pass.class, c.check(e));
        }
        Scenario<MemoryAccess> ser = incThenGet(Spec.SERIALIZABLE);
        try (Store<MemoryAccess> store = ser.newStore()) {
            Execution e = replay(ser, store, "v1:1.1.1.1.2");
            Set<Object> gets = new Checker<>(ser, store).allowed(e, 100).stream()
                    .map(a -> a.outcome().results().get("T2: get").value()).collect(Collectors.toSet());
            assertEquals(Set.of(0, 1, 2), gets);
        }
    }

    @Test
    void resultThatNoSerialOrderGivesIsAViolation() throws Exception {
        Scenario<MemoryAccess> s = TestScenarios.counter();
        try (Store<MemoryAccess> store = s.newStore()) {
            // both read 0 before either writes: both return 1, x ends at 1
            Execution e = replay(s, store, "v1:1.2.1.2");
            Verdict v = new Checker<>(s, store).check(e);
            Verdict.Violation viol = assertInstanceOf(Verdict.Violation.class, v);
            assertEquals(FailureKind.NOT_LINEARIZABLE, viol.kind());
            assertTrue(viol.message().contains("x=1"), viol.message());
        }
    }

    @Test
    void brokenInvariantIsReportedWhenTheOutcomeIsOtherwiseAllowed() {
        Scenario<MemoryAccess> s = Memory.scenario("inv")
                .initial(st -> st.cell("x", 0))
                .thread(Operation.action("set1", m -> m.write("x", 1)))
                .thread(Operation.action("set2", m -> m.write("x", 2)))
                .invariant("x is 2 at the end", st -> st.get("x").equals(2))
                .build();
        ExplorationResult r = Racex.explore(s).run();
        assertTrue(r.failed());
        assertEquals(FailureKind.INVARIANT, r.counterexample().get().violation().kind());
        assertEquals(List.of("x is 2 at the end"), r.counterexample().get().violation().brokenInvariants());
    }

    @Test
    void correctScenarioPasses() {
        Scenario<MemoryAccess> s = Memory.scenario("disjoint")
                .initial(st -> st.cell("x", 0).cell("y", 0))
                .thread(Operation.action("x", m -> m.write("x", m.readInt("x") + 1)))
                .thread(Operation.action("y", m -> m.write("y", m.readInt("y") + 1)))
                .build();
        assertFalse(Racex.explore(s).assertLinearizable().failed());
    }
}
