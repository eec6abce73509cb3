package io.racex.strategy;

import io.racex.testing.Traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.Execution;
import io.racex.engine.ControlledRuntime;
import io.racex.Termination;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DporTest {
    /** Scenarios with more interleavings than this are skipped, to keep the brute force fast. */
    private static final long NAIVE_LIMIT = 400;
    /** How many random scenarios each test generates; raise it with -Dracex.dpor.seeds=2000 for a long run. */
    private static final int SEEDS = Integer.getInteger("racex.dpor.seeds", 40);

    /**
     * DPOR against brute force: the same set of traces, each run exactly once. Returns false when
     * the scenario has too many interleavings to enumerate.
     */
    private static boolean sameTracesAsBruteForce(Scenario<MemoryAccess> s, boolean lockFree) {
        List<String> all = Traces.run(s, new DepthFirst(), NAIVE_LIMIT);
        if (all == null) {
            return false;
        }
        Set<String> expected = new HashSet<>(all);
        Dpor dpor = new Dpor();
        List<String> explored = Traces.run(s, dpor, NAIVE_LIMIT);
        String what = s.name() + ":" + s.description();
        assertNotNull(explored, "DPOR ran more executions than naive search in " + what);
        Set<String> distinct = new HashSet<>(explored);
        assertEquals(explored.size(), distinct.size(), "DPOR ran a trace twice in " + what);
        assertEquals(expected, distinct, "DPOR's traces differ from brute force in " + what);
        assertEquals(0, dpor.divergences(), what);
        if (lockFree) {
            assertEquals(0, dpor.sleepBlocked(), "optimal DPOR abandoned an execution in " + what);
        }
        return true;
    }

    @Test
    void runsExactlyOneExecutionPerTraceOnRandomReadWriteScenarios() {
        int checked = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            checked += sameTracesAsBruteForce(RandomScenarios.generate(seed, false), true) ? 1 : 0;
        }
        assertTrue(checked >= SEEDS * 3 / 4, "only " + checked + " scenarios were small enough");
    }

    @Test
    void runsExactlyOneExecutionPerTraceOnRandomScenariosWithLocks() {
        int checked = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            checked += sameTracesAsBruteForce(RandomScenarios.generate(seed, true), false) ? 1 : 0;
        }
        assertTrue(checked >= SEEDS / 2, "only " + checked + " scenarios were small enough");
    }

    @Test
    void splitSearchStillRunsEveryTraceExactlyOnce() {
        // the mode shards use: the top levels fully expanded, DPOR below (see Dpor(int))
        int checked = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Scenario<MemoryAccess> s = RandomScenarios.generate(seed, seed % 2 == 0);
            List<String> all = Traces.run(s, new DepthFirst(), NAIVE_LIMIT);
            if (all == null) {
                continue;
            }
            checked++;
            for (int depth = 1; depth <= 2; depth++) {
                List<String> split = Traces.run(s, new Dpor(depth), 4 * NAIVE_LIMIT);
                String what = s.name() + " split at " + depth + ":" + s.description();
                assertNotNull(split, what);
                assertEquals(split.size(), new HashSet<>(split).size(), "a trace ran twice in " + what);
                assertEquals(new HashSet<>(all), new HashSet<>(split), what);
            }
        }
        assertTrue(checked >= SEEDS / 2, "only " + checked + " scenarios were small enough");
    }

    @Test
    void findsEveryViolationThatNaiveSearchFinds() {
        int failing = 0;
        int checked = 0;
        Options d = Options.defaults();
        Options options = new Options(NAIVE_LIMIT, d.maxSteps(), d.stepTimeout(), true, 5_000, false);
        for (long seed = 1; seed <= SEEDS * 3 / 4; seed++) {
            for (boolean locks : new boolean[] {false, true}) {
                Scenario<MemoryAccess> s = RandomScenarios.generate(seed, locks);
                ExplorationResult naive = new Explorer(options).explore(s, new DepthFirst());
                if (!naive.complete()) {
                    continue;
                }
                checked++;
                ExplorationResult dpor = new Explorer(options).explore(s, new Dpor());
                String what = s.name() + ":" + s.description();
                assertTrue(dpor.complete(), what);
                assertEquals(naive.verdict(), dpor.verdict(), what);
                if (naive.failed()) {
                    failing++;
                    assertEquals(naive.counterexample().get().preemptions(), dpor.counterexample().get().preemptions(), what);
                }
            }
        }
        assertTrue(checked >= SEEDS / 2, "only " + checked + " scenarios were small enough");
        assertTrue(failing >= SEEDS / 8, "the generator should make many failing scenarios, made " + failing);
    }
    /**
     * {@link Dpor#abandonExecution}, which parallel exploration uses when a recorded execution does
     * not match: an execution run to the end and then abandoned leaves the search as if it had not
     * run, so running it again goes on exactly as a search that never abandoned.
     */
    @Test
    void anAbandonedExecutionLeavesTheSearchAsItWas() throws Exception {
        int checked = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Scenario<MemoryAccess> s = seed <= 4 ? TestScenarios.lastzero((int) seed + 1) : RandomScenarios.generate(seed, seed % 2 == 0);
            List<String> plain = Traces.run(s, new Dpor(), NAIVE_LIMIT);
            if (plain == null) {
                continue;
            }
            checked++;
            List<String> again = new ArrayList<>();
            Dpor dpor = new Dpor();
            try (Store<MemoryAccess> store = s.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
                for (int k = 0; dpor.beginExecution(); k++) {
                    String key = DporSubtrees.plan(dpor).key();
                    if (k % 2 == 1) {
                        runtime.run(s, store, dpor); // every choice made, the wakeup trees taken from
                        dpor.abandonExecution();
                        assertEquals(key, DporSubtrees.plan(dpor).key(), s.name());
                    }
                    Execution e = runtime.run(s, store, dpor);
                    dpor.endExecution(e);
                    if (e.termination() != Termination.PRUNED) {
                        again.add(Traces.canonical(e));
                    }
                }
            }
            assertEquals(plain, again, s.name() + ":" + s.description());
        }
        assertTrue(checked >= SEEDS * 3 / 4, "only " + checked + " scenarios were small enough");
    }
}
