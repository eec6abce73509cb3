package io.racex.engine;

import io.racex.store.memory.Memory;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.store.memory.MemoryAccess;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.RandomScenarios;
import org.junit.jupiter.api.Test;

class ParallelExplorerTest {
    private static ExplorationResult sequential(Scenario<?> s) {
        return new Explorer(Options.defaults()).explore(s, new Dpor());
    }

    private static ExplorationResult parallel(Scenario<?> s, int workers) {
        return new ParallelExplorer(Options.defaults(), workers, Shard.ALL).exhaustive(s);
    }

    @Test
    void twoWorkersRunAsManyExecutionsAsOneAndReachTheSameVerdict() {
        for (int n = 4; n <= 6; n++) {
            Scenario<MemoryAccess> lz = TestScenarios.lastzero(n);
            ExplorationResult one = sequential(lz);
            ExplorationResult two = parallel(lz, 2);
            assertEquals(one.schedules(), two.schedules(), lz.name());
            assertTrue(two.complete(), lz.name());
            assertEquals("complete: " + one.schedules() + " executions = " + one.schedules() + " traces",
                    two.completeness().substring(0, two.completeness().indexOf(" traces") + 7), lz.name());
        }
        assertEquals(144, parallel(TestScenarios.lastzero(6), 2).schedules());
    }

    /**
     * Helpers explore whole subtrees and the coordinator replays them; with any number of workers
     * and however the threads are scheduled, the search must be the sequential one.
     */
    @Test
    void anyNumberOfWorkersRunsTheSequentialSearch() {
        for (long seed = 1; seed <= 30; seed++) {
            Scenario<MemoryAccess> s = RandomScenarios.generate(seed, seed % 2 == 1);
            ExplorationResult a = sequential(s);
            for (int workers = 2; workers <= 4; workers++) {
                ExplorationResult b = parallel(s, workers);
                String what = workers + " workers, " + s.description();
                assertEquals(a.schedules(), b.schedules(), what);
                assertEquals(a.complete(), b.complete(), what);
                assertEquals(a.verdict(), b.verdict(), what);
                assertEquals(a.counterexample().map(Counterexample::token), b.counterexample().map(Counterexample::token), what);
            }
        }
    }

    @Test
    void parallelSearchReportsTheSameMinimalCounterexample() {
        ExplorationResult one = new Explorer(Options.defaults()).explore(TestScenarios.transfer(), new Dpor());
        ExplorationResult two = parallel(TestScenarios.transfer(), 2);
        ExplorationResult naive = new ParallelExplorer(Options.defaults(), 2, Shard.ALL).explore(TestScenarios.transfer(), d -> new DepthFirst());
        assertEquals("violation", two.verdict());
        assertEquals(one.counterexample().get().token(), two.counterexample().get().token());
        assertEquals(one.counterexample().get().token(), naive.counterexample().get().token());
        assertEquals(70, naive.schedules());
    }

    /**
     * A scenario that is not deterministic (an operation reads a counter outside the store) is
     * reported as such with workers too: the same typed error as a sequential search, and no hang.
     */
    @Test
    void aScenarioThatIsNotDeterministicIsReportedWithWorkersToo() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        Scenario<MemoryAccess> s = Memory.scenario("flaky")
                .initial(st -> st.cell("x", 0).cell("y", 0).cell("z", 0))
                .thread(io.racex.Operation.action("a", m -> {
                    m.write("x", 1);
                    if (runs.incrementAndGet() % 2 == 0) {
                        return; // every other run ends here, whatever the schedule
                    }
                    m.write("y", 1);
                    m.write("z", 1);
                }))
                .thread(io.racex.Operation.action("b", m -> {
                    m.write("y", 2);
                    m.write("x", 2);
                    m.write("z", 2);
                }))
                .build();
        io.racex.RacexException one = org.junit.jupiter.api.Assertions.assertThrows(io.racex.RacexException.class,
                () -> sequential(s));
        assertTrue(one.getMessage().contains("not deterministic"), one.getMessage());
        for (int workers = 2; workers <= 3; workers++) {
            int w = workers;
            io.racex.RacexException e = org.junit.jupiter.api.Assertions.assertThrows(io.racex.RacexException.class,
                    () -> parallel(s, w));
            assertTrue(e.getMessage().contains("not deterministic"), e.getMessage());
        }
    }
}
