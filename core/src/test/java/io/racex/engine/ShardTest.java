package io.racex.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.Spec;
import io.racex.Execution;
import io.racex.Termination;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.RandomScenarios;
import io.racex.Strategy;
import io.racex.testing.Traces;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ShardTest {
    /** The key (trace or schedule) of each execution shard {@code shard} runs (abandoned and foreign ones left out). */
    static <H> List<String> shardRuns(Scenario<H> s, IntFunction<Strategy> make, Shard shard, Function<Execution, String> key)
            throws Exception {
        ShardedStrategy st = new ShardedStrategy(make.apply(ParallelExplorer.SPLIT_DEPTH), ParallelExplorer.SPLIT_DEPTH, shard, shard::owns);
        List<String> traces = new ArrayList<>();
        try (Store<H> store = s.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            while (st.beginExecution()) {
                Execution e = runtime.run(s, store, st);
                st.endExecution(e);
                if (e.termination() != Termination.PRUNED && st.ownsLast()) {
                    traces.add(key.apply(e));
                }
            }
        }
        assertTrue(st.complete());
        return traces;
    }

    /** Shards 1..n of a search: each runs distinct traces, no two share one, and together they are the whole. */
    static <H> void shardsPartitionTheSearch(Scenario<H> s, IntFunction<Strategy> make, int n, Set<String> whole,
                                             Function<Execution, String> key) throws Exception {
        Set<String> union = new HashSet<>();
        int total = 0;
        for (int k = 1; k <= n; k++) {
            List<String> part = shardRuns(s, make, new Shard(k, n), key);
            Set<String> distinct = new HashSet<>(part);
            assertEquals(part.size(), distinct.size(), "shard " + k + "/" + n + " ran a trace twice in " + s.name());
            for (String t : distinct) {
                assertTrue(union.add(t), "shard " + k + "/" + n + " ran a trace another shard ran, in " + s.name());
            }
            total += part.size();
        }
        assertEquals(whole, union, "the shards together are not the whole search of " + s.name());
        assertEquals(whole.size(), total);
    }

    @Test
    void dporShardsAreDisjointAndTogetherTheWholeSearch() throws Exception {
        Scenario<MemoryAccess> lz = TestScenarios.lastzero(4);
        Set<String> whole = new HashSet<>(Traces.run(lz, new Dpor(), 1_000));
        assertEquals(28, whole.size());
        for (int n : new int[] {2, 3, 5}) {
            shardsPartitionTheSearch(lz, Dpor::new, n, whole, Traces::canonical);
        }
        for (long seed = 1; seed <= 12; seed++) {
            Scenario<MemoryAccess> s = RandomScenarios.generate(seed, seed % 2 == 0);
            List<String> all = Traces.run(s, new DepthFirst(), 400);
            if (all != null) {
                shardsPartitionTheSearch(s, Dpor::new, 2, new HashSet<>(all), Traces::canonical);
            }
        }
    }

    @Test
    void naiveShardsAreDisjointAndTogetherTheWholeSearch() throws Exception {
        Scenario<MemoryAccess> lz = TestScenarios.lastzero(2);
        // naive search runs many executions of one trace, so its executions are told apart by schedule
        Set<String> all = new HashSet<>();
        DepthFirst plain = new DepthFirst();
        try (Store<MemoryAccess> store = lz.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            while (plain.beginExecution()) {
                Execution e = runtime.run(lz, store, plain);
                plain.endExecution(e);
                all.add(e.schedule().token());
            }
        }
        assertTrue(all.size() > 30, "lastzero(2) has dozens of interleavings, found " + all.size());
        for (int n : new int[] {2, 3}) {
            shardsPartitionTheSearch(lz, d -> new DepthFirst(), n, all, e -> e.schedule().token());
        }
    }

    @Test
    void badShardTextSaysWhatToWrite() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        RacexException e = assertThrows(RacexException.class, () -> Shard.parse("5/4"));
        assertTrue(e.getMessage().contains("1 <= k <= n"), e.getMessage());
        assertThrows(RacexException.class, () -> Shard.parse("two"));
        assertThrows(RacexException.class, () -> Shard.parse("0/3"));
    }
}
