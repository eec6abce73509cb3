package io.racex.engine;

import io.racex.store.memory.Memory;
import io.racex.Execution;
import io.racex.Termination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Schedule;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Replay;
import io.racex.SchedulingView;
import io.racex.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handoff engine on a store that cannot block: threads pass the baton among themselves. */
class BatonRuntimeTest {
    static Scenario<MemoryAccess> counter() {
        Operation<MemoryAccess> inc = Operation.of("inc", m -> {
            int v = m.readInt("x");
            m.write("x", v + 1);
            return v + 1;
        });
        return Memory.scenario("counter").initial(s -> s.cell("x", 0)).thread(inc).thread(inc).build();
    }

    static List<Execution> all(Scenario<MemoryAccess> s, Strategy st, ControlledRuntime rt) throws Exception {
        List<Execution> out = new ArrayList<>();
        try (Store<MemoryAccess> store = s.newStore()) {
            while (st.beginExecution()) {
                Execution e = rt.run(s, store, st);
                st.endExecution(e);
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void runsEveryInterleavingOfTwoIncrementsWithTheValuesEachStepSaw() throws Exception {
        try (ControlledRuntime rt = new ControlledRuntime()) {
            List<Execution> es = all(counter(), new DepthFirst(), rt);
            List<String> seen = new ArrayList<>();
            for (Execution e : es) {
                assertEquals(Termination.COMPLETED, e.termination());
                seen.add(e.schedule().token() + " x=" + e.finalState().get("x"));
            }
            // depth-first, the thread that moved last tried first
            assertEquals(List.of("v1:1.1.2.2 x=2", "v1:1.2.2.1 x=1", "v1:1.2.1.2 x=1", "v1:2.2.1.1 x=2", "v1:2.1.1.2 x=1",
                    "v1:2.1.2.1 x=1"), seen);
            Execution lost = es.get(1);
            assertEquals(List.of(0, 0), List.of(lost.steps().get(0).value(), lost.steps().get(1).value()));
            assertEquals(1, lost.preemptions());
        }
    }

    @Test
    void theSameScheduleGivesTheSameExecution() throws Exception {
        try (ControlledRuntime rt = new ControlledRuntime()) {
            for (int i = 0; i < 50; i++) {
                Execution e = all(counter(), new Replay(Schedule.parse("v1:2.1.2.1")), rt).get(0);
                assertEquals("v1:2.1.2.1", e.schedule().token());
                assertEquals(1, e.finalState().get("x"));
                assertEquals(List.of(0, 0, 1, 1), List.of(e.steps().get(0).value(), e.steps().get(1).value(),
                        e.steps().get(2).value(), e.steps().get(3).value()));
            }
        }
    }

    @Test
    void reportsADeadlockWhenEveryLiveThreadWaitsForALock() throws Exception {
        Scenario<MemoryAccess> s = Memory.scenario("deadlock").initial(st -> st.cell("x", 0))
                .thread(Operation.action("ab", m -> { m.lock("a"); m.lock("b"); m.unlock("b"); m.unlock("a"); }))
                .thread(Operation.action("ba", m -> { m.lock("b"); m.lock("a"); m.unlock("a"); m.unlock("b"); }))
                .build();
        try (ControlledRuntime rt = new ControlledRuntime()) {
            Execution e = all(s, new Replay(Schedule.parse("v1:1.2")), rt).get(0);
            assertEquals(Termination.DEADLOCK, e.termination());
            assertEquals("T1 waits to lock b; T2 waits to lock a", e.detail());
            // the aborted threads were unwound: the runtime goes on with the next execution
            assertEquals(Termination.COMPLETED, all(s, new Replay(Schedule.parse("v1:1.1.1.1.2.2.2.2")), rt).get(0).termination());
        }
    }

    @Test
    void stopsAtTheStepBound() throws Exception {
        Scenario<MemoryAccess> s = Memory.scenario("spin").initial(st -> st.cell("x", 0))
                .thread(Operation.action("spin", m -> { while (m.readInt("x") == 0) { } }))
                .thread(Operation.action("idle", m -> { }))
                .build();
        try (ControlledRuntime rt = new ControlledRuntime(50, Duration.ofSeconds(10))) {
            Execution e = all(s, Replay.prefix(Schedule.parse("v1:1")), rt).get(0);
            assertEquals(Termination.STEP_BOUND, e.termination());
            assertEquals(50, e.schedule().length());
        }
    }

    @Test
    void reportsAThreadStuckBetweenStepsAndGoesOn() throws Exception {
        Scenario<MemoryAccess> s = Memory.scenario("stuck").initial(st -> st.cell("x", 0))
                .thread(Operation.action("slow", m -> { m.readInt("x"); Thread.sleep(1_500); m.write("x", 1); }))
                .thread(Operation.action("read", m -> m.readInt("x")))
                .build();
        try (ControlledRuntime rt = new ControlledRuntime(100, Duration.ofMillis(200));
             Store<MemoryAccess> store = s.newStore()) {
            DepthFirst first = new DepthFirst();
            first.beginExecution();
            Execution e = rt.run(s, store, first);
            assertEquals(Termination.TIMEOUT, e.termination());
            assertEquals("T1 in operation \"slow\" did not reach its next step within 200 ms"
                    + " (stuck in its own code between steps; its Java thread was abandoned)", e.detail());
            assertEquals("v1:1", e.schedule().token());
            assertEquals(1, rt.abandonedThreads());
            // T1 is played by a fresh thread; the slow one is given up, not waited for
            Execution next = all(s, new Replay(Schedule.parse("v1:2.1")), rt).get(0);
            assertEquals(Termination.TIMEOUT, next.termination());
            assertEquals(2, rt.abandonedThreads());
        }
    }

    @Test
    void passesTheStrategysErrorToTheCaller() throws Exception {
        Strategy broken = new Strategy() {
            @Override
            public boolean beginExecution() {
                return true;
            }

            @Override
            public int choose(SchedulingView view) {
                throw new RacexException("no choice today");
            }

            @Override
            public boolean complete() {
                return true;
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        try (ControlledRuntime rt = new ControlledRuntime(); Store<MemoryAccess> store = counter().newStore()) {
            RacexException e = assertThrows(RacexException.class, () -> rt.run(counter(), store, broken));
            assertEquals("no choice today", e.getMessage());
            // and the threads are free again
            assertEquals(Termination.COMPLETED, rt.run(counter(), store, new Replay(Schedule.parse("v1:1.1.2.2"))).termination());
        }
    }

    @Test
    void reusesItsThreadsAcrossRuntimes() throws Exception {
        try (ControlledRuntime rt = new ControlledRuntime()) {
            all(counter(), new DepthFirst(), rt);
        }
        long before = racexThreads();
        for (int i = 0; i < 20; i++) {
            try (ControlledRuntime rt = new ControlledRuntime()) {
                all(counter(), new DepthFirst(), rt);
            }
        }
        assertTrue(racexThreads() <= before, "threads before " + before + ", after " + racexThreads());
    }

    static long racexThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("racex-thread-")).count();
    }
}
