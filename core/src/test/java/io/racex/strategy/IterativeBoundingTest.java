package io.racex.strategy;

import io.racex.store.memory.Memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.engine.ControlledRuntime;
import io.racex.Execution;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IterativeBoundingTest {
    @Test
    void stopsAfterTheRoundOfTheFirstViolationWhichHasTheFewestPreemptions() {
        ExplorationResult r = new Explorer(Options.defaults()).explore(TestScenarios.transfer(), new IterativeBounding(3));
        assertTrue(r.failed());
        assertEquals(1, r.counterexample().get().preemptions());
        assertFalse(r.complete(), "rounds 2 and 3 were not needed");
        assertTrue(r.completeness().startsWith("every schedule with at most 1 preemption was explored"), r.completeness());
    }

    @Test
    void runsEachScheduleOnceAcrossRounds() throws Exception {
        // without a violation every round runs; a schedule with fewer preemptions than its round is skipped
        Scenario<MemoryAccess> s = TestScenarios.transfer().toBuilder().name("transfer-unchecked")
                .spec(io.racex.Spec.INVARIANTS_ONLY).build();
        IterativeBounding ib = new IterativeBounding(2);
        Set<String> judged = new HashSet<>();
        int counted = 0;
        try (Store<MemoryAccess> store = s.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            while (ib.beginExecution()) {
                Execution e = runtime.run(s, store, ib);
                ib.endExecution(e);
                if (ib.counts(e)) {
                    counted++;
                    assertTrue(judged.add(e.schedule().token()), "judged twice: " + e.schedule().token());
                }
            }
        }
        int atMostTwo = 0;
        DepthFirst bounded = new DepthFirst(2);
        try (Store<MemoryAccess> store = s.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            while (bounded.beginExecution()) {
                bounded.endExecution(runtime.run(s, store, bounded));
                atMostTwo++;
            }
        }
        assertEquals(atMostTwo, counted, "the rounds together are the schedules with at most 2 preemptions");
        assertTrue(ib.complete());
        assertEquals(2, ib.completedBound());
    }

    @Test
    void saysWhenNoScheduleNeedsMorePreemptions() {
        Scenario<MemoryAccess> s = Memory.scenario("one-step-each")
                .initial(st -> st.cell("x", 0))
                .thread(Operation.action("w", m -> m.write("x", 1)))
                .thread(Operation.action("w", m -> m.write("x", 2)))
                .spec(io.racex.Spec.INVARIANTS_ONLY)
                .build();
        ExplorationResult r = new Explorer(Options.defaults()).explore(s, new IterativeBounding(5));
        assertTrue(r.complete());
        assertEquals(2, r.schedules());
        assertTrue(r.completeness().startsWith("every schedule was explored"), r.completeness());
    }
}
