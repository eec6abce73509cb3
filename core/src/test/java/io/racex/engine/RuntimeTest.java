package io.racex.engine;

import io.racex.store.memory.Memory;
import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Termination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.FailureKind;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Schedule;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RuntimeTest {
    @Test
    void exploresEveryInterleavingOfTwoFourStepThreads() {
        // 8 steps, 4 per thread: C(8,4) = 70 interleavings
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).strategy(DepthFirst::new).run();
        assertEquals(70, r.schedules());
        assertTrue(r.complete());
    }

    @Test
    void exploresOneExecutionPerTraceByDefault() {
        // only the accesses to a conflict: {r1 a, r2 a} commute, then w1 a / w2 a in either order, plus the two serial ones
        ExplorationResult r = Racex.explore(TestScenarios.transfer()).run();
        assertEquals(4, r.schedules());
        assertTrue(r.complete());
    }

    @Test
    void findsLostUpdateWithOnePreemption() {
        Counterexample c = Racex.explore(TestScenarios.transfer()).assertViolation();
        assertEquals(1, c.preemptions());
        assertEquals(8, c.execution().steps().size());
        // minimization is canonical: the fewest preemptions, then steps, then the first such schedule
        assertEquals("v1:1.1.2.2.2.2.1.1", c.execution().schedule().token());
        assertEquals(200, c.observed().state().get("a"));
        assertEquals(FailureKind.NOT_LINEARIZABLE, c.violation().kind());
        assertEquals("lost update", c.anomaly().orElseThrow().name());
    }

    @Test
    void sameScheduleGivesSameExecution() {
        Scenario<MemoryAccess> s = TestScenarios.transfer();
        Schedule sched = Schedule.parse("v1:1.2.1.2.2.1.2.1");
        List<String> first = null;
        try (ControlledRuntime rt = new ControlledRuntime(); Store<MemoryAccess> store = s.newStore()) {
            for (int i = 0; i < 50; i++) {
                Execution e = rt.run(s, store, started(new Replay(sched)));
                List<String> steps = new ArrayList<>();
                e.steps().forEach(st -> steps.add(st.thread() + ":" + st.kind() + ":" + st.target() + "=" + st.value()));
                steps.add(e.finalState().toString());
                if (first == null) {
                    first = steps;
                } else {
                    assertEquals(first, steps);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Replay started(Replay r) {
        r.beginExecution();
        return r;
    }

    @Test
    void exceptionOfAnOperationIsItsOutcome() {
        Scenario<MemoryAccess> s = Memory.scenario("throws")
                .initial(st -> st.cell("x", 0))
                .thread(Operation.of("boom", m -> {
                    if (m.readInt("x") == 1) {
                        throw new IllegalStateException("saw 1");
                    }
                    return "ok";
                }))
                .thread(Operation.action("set", m -> m.write("x", 1)))
                .build();
        // every serial order is allowed, including the one where boom throws after set: so it passes
        ExplorationResult r = Racex.explore(s).run();
        assertFalse(r.failed());
        assertEquals(2, r.schedules());
        try (ControlledRuntime rt = new ControlledRuntime(); Store<MemoryAccess> store = s.newStore()) {
            Execution setFirst = rt.run(s, store, started(new Replay(Schedule.parse("v1:2.1"))));
            assertEquals(Termination.COMPLETED, setFirst.termination());
            assertEquals(OpResult.threw(new IllegalStateException("saw 1")), setFirst.results().get(0).get(0));
            assertEquals("threw IllegalStateException: saw 1", setFirst.results().get(0).get(0).toString());
            Execution boomFirst = rt.run(s, store, started(new Replay(Schedule.parse("v1:1.2"))));
            assertEquals(OpResult.returned("ok"), boomFirst.results().get(0).get(0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void exceedingTheStepBoundIsReportedAsPossibleLivelock() {
        Scenario<MemoryAccess> spin = Memory.scenario("spin")
                .initial(st -> st.cell("flag", 0))
                .thread(Operation.action("wait for flag", m -> {
                    while (m.readInt("flag") == 0) {
                        // spins until the other thread sets the flag, which it never does
                    }
                }))
                .thread(Operation.action("noop", m -> m.readInt("flag")))
                .build();
        Counterexample c = Racex.explore(spin).options(io.racex.Options.defaults().withMaxSteps(50).withMaxSchedules(5))
                .assertViolation();
        assertEquals(FailureKind.LIVELOCK, c.violation().kind());
        assertTrue(c.violation().message().contains("livelock"), c.violation().message());
    }

    @Test
    void lockCycleIsReportedAsDeadlock() {
        Scenario<MemoryAccess> s = Memory.scenario("deadlock")
                .initial(st -> st.cell("x", 0))
                .thread(Operation.action("p then q", m -> {
                    m.lock("p");
                    m.lock("q");
                    m.unlock("q");
                    m.unlock("p");
                }))
                .thread(Operation.action("q then p", m -> {
                    m.lock("q");
                    m.lock("p");
                    m.unlock("p");
                    m.unlock("q");
                }))
                .build();
        Counterexample c = Racex.explore(s).assertViolation();
        assertEquals(FailureKind.DEADLOCK, c.violation().kind());
        assertEquals(1, c.preemptions());
        assertEquals("deadlock", c.anomaly().orElseThrow().name());
        assertTrue(c.violation().message().contains("T1 waits to lock q"), c.violation().message());
    }

    @Test
    void leavesNoThreadInUserCodeAfterADeadlockOrAStepBound() throws Exception {
        Scenario<MemoryAccess> deadlock = Memory.scenario("deadlock")
                .initial(st -> st.cell("x", 0))
                .thread(Operation.action("p then q", m -> { m.lock("p"); m.lock("q"); m.unlock("q"); m.unlock("p"); }))
                .thread(Operation.action("q then p", m -> { m.lock("q"); m.lock("p"); m.unlock("p"); m.unlock("q"); }))
                .build();
        Scenario<MemoryAccess> spin = Memory.scenario("spin")
                .initial(st -> st.cell("flag", 0))
                .thread(Operation.action("wait for flag", m -> { while (m.readInt("flag") == 0) { } }))
                .thread(Operation.action("wait for flag", m -> { while (m.readInt("flag") == 0) { } }))
                .build();
        try (ControlledRuntime rt = new ControlledRuntime(20, Duration.ofSeconds(5))) {
            // both end with every thread stopped mid-operation at a step: the runtime must unwind them
            try (Store<MemoryAccess> store = deadlock.newStore()) {
                assertEquals(Termination.DEADLOCK, rt.run(deadlock, store, started(new Replay(Schedule.parse("v1:1.2")))).termination());
                assertNoPoolThreadInUserCode();
            }
            try (Store<MemoryAccess> store = spin.newStore()) {
                assertEquals(Termination.STEP_BOUND, rt.run(spin, store, started(Replay.prefix(Schedule.parse("v1:1.2")))).termination());
                assertNoPoolThreadInUserCode();
            }
            assertEquals(0, rt.abandonedThreads(), "every thread unwound at its step, none was given up");
        }
    }

    /**
     * Every racex pool thread is out of user code (no frame of this test's operations) and, once its
     * short spin is over, parked. Polls, because a thread that just unwound may still be on its way.
     */
    private static void assertNoPoolThreadInUserCode() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> busy;
        do {
            busy = new ArrayList<>();
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                boolean userCode = Stream.of(e.getValue()).anyMatch(f -> f.getClassName().startsWith(RuntimeTest.class.getName()));
                if (t.getName().startsWith("racex-thread-") && (userCode || t.getState() != Thread.State.WAITING)) {
                    busy.add(t.getName() + " " + t.getState() + (userCode ? " in user code" : ""));
                }
            }
            if (!busy.isEmpty()) {
                Thread.sleep(10);
            }
        } while (!busy.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), busy);
    }

    @Test
    void abandonedExecutionUnwindsPendingThreads() throws Exception {
        Scenario<MemoryAccess> spin = Memory.scenario("spin2")
                .initial(st -> st.cell("flag", 0))
                .thread(Operation.action("spin", m -> {
                    while (m.readInt("flag") == 0) {
                        // never ends on its own
                    }
                }))
                .thread(Operation.action("spin", m -> {
                    while (m.readInt("flag") == 0) {
                        // never ends on its own
                    }
                }))
                .build();
        try (ControlledRuntime rt = new ControlledRuntime(20, Duration.ofSeconds(5));
             Store<MemoryAccess> store = spin.newStore()) {
            for (int i = 0; i < 3; i++) {
                DepthFirst dfs = new DepthFirst();
                dfs.beginExecution();
                Execution e = rt.run(spin, store, dfs);
                assertEquals(Termination.STEP_BOUND, e.termination());
            }
            // had a thread not unwound at its step, the next execution would have waited for it and given it up
            assertEquals(0, rt.abandonedThreads());
        }
    }
}
