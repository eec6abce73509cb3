package io.racex.engine;

import io.racex.store.memory.Memory;
import io.racex.Execution;
import io.racex.Termination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.FailureKind;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.Schedule;
import io.racex.store.memory.MemoryAccess;
import io.racex.strategy.RandomWalk;
import io.racex.strategy.Replay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operation that never reaches its next step (a loop that touches no shared state): reported
 * by name within the step timeout, its Java thread abandoned (it cannot be stopped safely), no pool
 * thread left in user code, and the search not repeating it.
 */
class StepTimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(200);
    /** Lets the looping operations end after each test, so that their threads do not burn a core for the rest of the suite. */
    private static volatile boolean looping;

    @AfterEach
    void endTheLoops() throws InterruptedException {
        looping = false;
        for (Thread t : threadsIn("racex-")) {
            if (inThisTest(t)) {
                t.join(5_000);
                assertFalse(t.isAlive(), t.getName() + " still runs this test's code after its loop ended");
            }
        }
    }

    /** T1's operation reads x, then loops without another step; T2 only reads. */
    private static Scenario<MemoryAccess> cpuLoop() {
        looping = true;
        return Memory.scenario("cpu-loop")
                .initial(s -> s.cell("x", 0))
                .thread(Operation.action("spin forever", m -> {
                    m.readInt("x");
                    while (looping) {
                        // a pure CPU loop: no store step, so nothing can stop it
                    }
                }))
                .thread(Operation.action("read", m -> m.readInt("x")))
                .build();
    }

    @Test
    void anOperationThatNeverReachesItsNextStepIsNamedAndReportedWithinTheStepTimeout() {
        long start = System.nanoTime();
        ExplorationResult r = Racex.explore(cpuLoop()).options(Options.defaults().withStepTimeout(SHORT)).run();
        long ms = (System.nanoTime() - start) / 1_000_000;

        Counterexample c = r.counterexample().orElseThrow();
        assertEquals(FailureKind.TIMEOUT, c.violation().kind());
        assertEquals("T1 in operation \"spin forever\" did not reach its next step within 200 ms"
                + " (stuck in its own code between steps; its Java thread was abandoned)", c.execution().detail());
        // one step timeout, not one per retry: the minimizer does not replay a timeout, the search stops
        assertEquals(1, r.schedules());
        assertTrue(ms < 3_000, "took " + ms + " ms");
        assertOnlyAbandonedThreadsRunUserCode(1);
    }

    @Test
    void aSearchStopsAtTheFirstAbandonedThreadRatherThanAbandonOnePerExecution() {
        ExplorationResult r = Racex.explore(cpuLoop())
                .strategy(() -> new RandomWalk(50, 7))
                .options(Options.defaults().withStepTimeout(SHORT))
                .run();
        assertEquals(FailureKind.TIMEOUT, r.counterexample().orElseThrow().violation().kind());
        assertEquals(1, r.schedules());
        assertFalse(r.complete());
        assertOnlyAbandonedThreadsRunUserCode(1);
    }

    @ParameterizedTest(name = "store can block: {0}")
    @ValueSource(booleans = {false, true})
    void anAbandonedThreadIsNeverReusedAndTheRuntimeGoesOn(boolean canBlock) throws Exception {
        looping = true;
        AtomicInteger runs = new AtomicInteger();
        Scenario<LockViewStore.Handle> s = Scenario.<LockViewStore.Handle>on("loops-once", () -> new LockViewStore(canBlock))
                .thread(Operation.action("loop the first time", h -> {
                    h.read("x");
                    if (runs.incrementAndGet() == 1) {
                        while (looping) {
                            // stuck between steps in the first execution only
                        }
                    }
                    h.write("x", 1);
                }))
                .thread(Operation.action("read", h -> h.read("x")))
                .build();
        try (ControlledRuntime rt = new ControlledRuntime(100, SHORT); LockViewStore store = new LockViewStore(canBlock)) {
            Execution stuck = rt.run(s, store, replay("v1:1.1.2"));
            assertEquals(Termination.TIMEOUT, stuck.termination());
            assertEquals("T1 in operation \"loop the first time\" did not reach its next step within 200 ms"
                    + " (stuck in its own code between steps; its Java thread was abandoned)", stuck.detail());
            assertEquals(1, rt.abandonedThreads());
            Thread abandoned = threadsIn("racex-abandoned-").stream().filter(StepTimeoutTest::inThisTest).findFirst().orElseThrow();
            assertTrue(abandoned.isDaemon(), "an abandoned thread must not keep the JVM alive");

            Execution next = rt.run(s, store, replay("v1:1.1.2"));
            assertEquals(Termination.COMPLETED, next.termination());
            assertEquals(1, next.finalState().get("x"));
            assertEquals(1, rt.abandonedThreads());
            assertTrue(abandoned.isAlive() && inThisTest(abandoned), "the abandoned thread is still in its loop, not reused");
        }
        assertOnlyAbandonedThreadsRunUserCode(1);
    }

    @Test
    void theRecordOfATimedOutExecutionDoesNotChangeWhenItsAbandonedThreadLaterFinishes() throws Exception {
        Scenario<MemoryAccess> s = cpuLoop();
        try (ControlledRuntime rt = new ControlledRuntime(100, SHORT); var store = s.newStore()) {
            Execution e = rt.run(s, store, replay("v1:1.2"));
            assertEquals(Termination.TIMEOUT, e.termination());
            Thread abandoned = threadsIn("racex-abandoned-").stream().filter(StepTimeoutTest::inThisTest).findFirst().orElseThrow();
            looping = false;
            abandoned.join(5_000);
            assertFalse(abandoned.isAlive(), "an abandoned thread ends once its code returns");
            assertEquals(null, e.results().get(0).get(0), "T1's operation never finished within the execution");
        }
    }

    private static Replay replay(String token) {
        Replay r = new Replay(Schedule.parse(token));
        r.beginExecution();
        return r;
    }

    /** Exactly {@code abandoned} threads run this test's code, each an abandoned daemon; no pool thread does. */
    private static void assertOnlyAbandonedThreadsRunUserCode(int abandoned) {
        List<Thread> inUserCode = threadsIn("racex-").stream().filter(StepTimeoutTest::inThisTest).toList();
        assertEquals(abandoned, inUserCode.size(), "threads in user code: " + inUserCode + "; racex threads: "
                + threadsIn("racex-").stream().map(t -> t.getName() + " " + t.getState() + " " + List.of(t.getStackTrace())).toList());
        for (Thread t : inUserCode) {
            assertTrue(t.getName().startsWith("racex-abandoned-") && t.isDaemon(), t.getName());
        }
    }

    static List<Thread> threadsIn(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    /** Whether {@code t} is running code of this test class (a scenario's operation). */
    static boolean inThisTest(Thread t) {
        return Stream.of(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(StepTimeoutTest.class.getName()));
    }
}
