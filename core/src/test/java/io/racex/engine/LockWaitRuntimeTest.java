package io.racex.engine;

import io.racex.Execution;
import io.racex.Step;
import io.racex.Termination;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.Operation;
import io.racex.Scenario;
import io.racex.Schedule;
import io.racex.strategy.Replay;
import io.racex.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handoff for a store whose steps can block, against a store with a real lock view and no
 * database ({@link LockViewStore}); and what both handoffs share (BEGIN steps, amended values).
 */
class LockWaitRuntimeTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    private static Scenario<LockViewStore.Handle> scenario(String name, boolean canBlock, List<Operation<LockViewStore.Handle>> ops) {
        Scenario.Builder<LockViewStore.Handle> b = Scenario.on(name, () -> new LockViewStore(canBlock));
        for (Operation<LockViewStore.Handle> op : ops) {
            b.thread(op);
        }
        return b.build();
    }

    private static Strategy replay(String token) {
        Replay r = new Replay(Schedule.parse(token));
        r.beginExecution();
        return r;
    }

    private static String steps(Execution e) {
        List<String> out = new ArrayList<>();
        for (Step s : e.steps()) {
            out.add("T" + (s.thread() + 1) + " " + s.kind().label() + " " + s.target() + (s.value() == null ? "" : "=" + s.value())
                    + (s.waited() ? " (waited)" : ""));
        }
        return String.join(", ", out);
    }

    @Test
    void aThreadBlockedInTheStoreWaitsUntilReleasedAndItsStepIsRecordedThenInThreadOrder() throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("lock-wait", true, List.of(
                Operation.action("set", h -> { h.lock("a"); h.write("x", 1); h.unlock("a"); }),
                Operation.action("get", h -> { h.lock("a"); h.read("x"); h.unlock("a"); })));
        try (ControlledRuntime rt = new ControlledRuntime(100, Duration.ofSeconds(10)); LockViewStore store = new LockViewStore(true)) {
            for (int i = 0; i < 20; i++) {
                // T2's lock is granted while T1 holds a: it blocks inside the store, so T1 must move until it unlocks
                Execution e = rt.run(s, store, replay("v1:1.2.1.1.2.2"));
                assertEquals(Termination.COMPLETED, e.termination(), e.detail());
                assertEquals("T1 lock a, T1 write x=1, T1 unlock a, T2 lock a (waited), T2 read x=1, T2 unlock a", steps(e));
            }
            assertEquals(0, rt.abandonedThreads());
        }
    }

    @Test
    void everyThreadWaitingInsideTheStoreEndsAsATimeoutAndTheStoresEndFreesThem() throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("lock-cycle", true, List.of(
                Operation.action("a then b", h -> { h.lock("a"); h.lock("b"); h.unlock("b"); h.unlock("a"); }),
                Operation.action("b then a", h -> { h.lock("b"); h.lock("a"); h.unlock("a"); h.unlock("b"); })));
        try (ControlledRuntime rt = new ControlledRuntime(100, SHORT); LockViewStore store = new LockViewStore(true)) {
            // a store that cannot resolve a lock cycle (a database would pick a victim): nobody is released;
            // a cycle among threads blocked in the store is the store's to break, so it is not called a deadlock
            Execution e = rt.run(s, store, replay("v1:1.2.1.2"));
            assertEquals(Termination.TIMEOUT, e.termination());
            assertEquals("every thread waits inside the store and none was released within 200 ms"
                    + " (the database did not resolve the wait)", e.detail());
            assertEquals(2, store.freedByEnd);
            assertEquals(0, rt.abandonedThreads(), "both threads unwound when the store ended the execution");
            Execution serial = rt.run(s, store, replay("v1:1.1.1.1.2.2.2.2"));
            assertEquals(Termination.COMPLETED, serial.termination(), serial.detail());
        }
    }

    /**
     * A wait the store does not see closes the cycle: T1 holds the store's lock a and waits at a step
     * that cannot run (as a thread waits for a Java monitor), T2 waits inside the store for a. No
     * thread can ever move, and the store's lock view names T1 as T2's holder: a deadlock at once,
     * not the step time-out; the store's end frees T2.
     */
    @Test
    void aThreadBlockedInTheStoreBehindAThreadThatCannotMoveIsADeadlock() throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("mixed-cycle", true, List.of(
                Operation.action("lock a, then wait for ever", h -> { h.lock("a"); h.await("never", () -> false); h.unlock("a"); }),
                Operation.action("lock a", h -> { h.lock("a"); h.unlock("a"); })));
        try (ControlledRuntime rt = new ControlledRuntime(100, Duration.ofSeconds(30)); LockViewStore store = new LockViewStore(true)) {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                Execution e = rt.run(s, store, replay("v1:1.2"));
                assertEquals(Termination.DEADLOCK, e.termination(), e.detail());
                assertEquals("T1 waits to lock never; T2 waits inside the store for T1", e.detail());
                assertEquals("T1 lock a", steps(e));
                // far below the 30 s step time-out; printed, not asserted
                System.out.println("[racex] mixed cycle decided in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            assertEquals(5, store.freedByEnd);
            assertEquals(0, rt.abandonedThreads(), "T2 unwound when the store ended the execution");
        }
    }

    /**
     * T1 takes the store's lock a and ends without releasing it (a transaction left open); T2 then
     * waits inside the store for a. Only the end of the execution can free it: a deadlock at once,
     * naming the thread that ended, not the step time-out.
     */
    @Test
    void aThreadBlockedInTheStoreBehindAThreadThatEndedHoldingTheLockIsADeadlock() throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("left-open", true, List.of(
                Operation.action("lock a and end", h -> h.lock("a")),
                Operation.action("lock a", h -> { h.lock("a"); h.unlock("a"); })));
        try (ControlledRuntime rt = new ControlledRuntime(100, Duration.ofSeconds(30)); LockViewStore store = new LockViewStore(true)) {
            long start = System.nanoTime();
            Execution e = rt.run(s, store, replay("v1:1.2"));
            assertEquals(Termination.DEADLOCK, e.termination(), e.detail());
            assertEquals("T2 waits inside the store for T1, which ended without ending its transaction", e.detail());
            System.out.println("[racex] left-open lock decided in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(0, rt.abandonedThreads(), "T2 unwound when the store ended the execution");
        }
    }

    @Test
    void aStepThatDoesNotReturnIsReportedByNameAndUnwoundByTheStoresEnd() throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("hang", true, List.of(
                Operation.action("hang", h -> { h.read("x"); h.hang(); }),
                Operation.action("read", h -> h.read("x"))));
        try (ControlledRuntime rt = new ControlledRuntime(100, SHORT); LockViewStore store = new LockViewStore(true)) {
            Execution e = rt.run(s, store, replay("v1:1.1"));
            assertEquals(Termination.TIMEOUT, e.termination());
            assertEquals("T1 in operation \"hang\" did not reach its next step within 200 ms"
                    + " (stuck inside its step hang: the store did not return)", e.detail());
            assertEquals(1, store.freedByEnd);
            assertEquals(0, rt.abandonedThreads());
        }
    }

    @ParameterizedTest(name = "store can block: {0}")
    @ValueSource(booleans = {false, true})
    void aThreadNeverStartedCountsAsFinishedNotDeadlocked(boolean canBlock) throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("never-started", canBlock, List.of(
                Operation.action("write", h -> h.write("x", 1)),
                Operation.action("started later", h -> { h.begin(() -> false); h.write("x", 2); })));
        try (ControlledRuntime rt = new ControlledRuntime(); LockViewStore store = new LockViewStore(canBlock)) {
            Execution e = rt.run(s, store, replay("v1:1"));
            assertEquals(Termination.COMPLETED, e.termination(), e.detail());
            assertEquals("T1 write x=1", steps(e));
            assertEquals(1, e.finalState().get("x"));
        }
    }

    @ParameterizedTest(name = "store can block: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadlockDetailLeavesOutAThreadNeverStarted(boolean canBlock) throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("stuck-and-never-started", canBlock, List.of(
                Operation.action("wait for ever", h -> h.await("never", () -> false)),
                Operation.action("started later", h -> { h.begin(() -> false); h.write("x", 2); }),
                Operation.action("write", h -> h.write("x", 1))));
        try (ControlledRuntime rt = new ControlledRuntime(); LockViewStore store = new LockViewStore(canBlock)) {
            Execution e = rt.run(s, store, replay("v1:3"));
            assertEquals(Termination.DEADLOCK, e.termination());
            assertEquals("T1 waits to lock never", e.detail());
        }
    }

    @ParameterizedTest(name = "store can block: {0}")
    @ValueSource(booleans = {false, true})
    void anAmendedValueReplacesTheValueOfTheStepJustRun(boolean canBlock) throws Exception {
        Scenario<LockViewStore.Handle> s = scenario("amend", canBlock, List.of(
                Operation.action("read, then say what was read", h -> { h.read("x"); h.gate().amend("seen later"); }),
                Operation.action("write", h -> h.write("x", 5))));
        try (ControlledRuntime rt = new ControlledRuntime(); LockViewStore store = new LockViewStore(canBlock)) {
            Execution e = rt.run(s, store, replay("v1:2.1"));
            assertEquals(Termination.COMPLETED, e.termination(), e.detail());
            assertEquals("T2 write x=5, T1 read x=seen later", steps(e));
        }
    }

    @Test
    void theSameScheduleGivesTheSameExecutionOnEitherHandoff() throws Exception {
        List<String> seen = new ArrayList<>();
        for (boolean canBlock : new boolean[] {false, true}) {
            Scenario<LockViewStore.Handle> s = scenario("counter", canBlock, List.of(
                    Operation.action("inc", h -> h.write("x", h.read("x") + 1)),
                    Operation.action("inc", h -> h.write("x", h.read("x") + 1))));
            try (ControlledRuntime rt = new ControlledRuntime(); LockViewStore store = new LockViewStore(canBlock)) {
                seen.add(steps(rt.run(s, store, replay("v1:1.2.2.1"))));
            }
        }
        String lost = "T1 read x=0, T2 read x=0, T2 write x=1, T1 write x=1";
        assertEquals(List.of(lost, lost), seen);
    }
}
