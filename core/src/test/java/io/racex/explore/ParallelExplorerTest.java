package io.racex.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.store.MemoryAccess;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.RandomScenarios;
import org.junit.jupiter.api.Test;

class ParallelExplorerTest {
    private static ExplorationResult sequential(Scenario<?> s) {
        return new Explorer(Options.defaults()).explore(s, new Dpor());
    }

    private static ExplorationResult parallel(Scenario<?> s, int workers) {
        return new ParallelExplorer(Options.defaults(), workers, Shard.ALL).explore(s, Dpor::new);
    }

    @Test
    void twoWorkersRunAsManyExecutionsAsOneAndReachTheSameVerdict() {
        Scenario<MemoryAccess> lz = ShardTest.lastzero(5);
        ExplorationResult one = sequential(lz);
        ExplorationResult two = parallel(lz, 2);
        assertEquals(64, one.schedules());
        assertEquals(one.schedules(), two.schedules());
        assertTrue(two.complete());
        assertTrue(two.completeness().startsWith("complete: 64 executions = 64 traces"), two.completeness());
        for (long seed = 1; seed <= 10; seed++) {
            Scenario<MemoryAccess> s = RandomScenarios.generate(seed, seed % 2 == 1);
            ExplorationResult a = sequential(s);
            ExplorationResult b = parallel(s, 3);
            assertEquals(a.schedules(), b.schedules(), s.description());
            assertEquals(a.verdict(), b.verdict(), s.description());
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
}
