package io.racex.strategy;

import io.racex.testing.Traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.engine.ControlledRuntime;
import io.racex.Execution;
import io.racex.Termination;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DporSubtrees#subtree}: the search of one branch's subtree, which parallel exploration hands to a
 * helper, runs exactly the executions the whole search runs in that subtree, in the same order.
 */
class DporSubtreeTest {
    /** One execution: the plan's key and the trace. */
    private record Run(DporPlan plan, String trace) {
        String id() {
            return plan.key() + " " + trace;
        }
    }

    private static <H> List<Run> runs(Scenario<H> s, Dpor search, List<DporPlan> stolen, Set<DporPlan> grown) throws Exception {
        List<Run> out = new ArrayList<>();
        try (Store<H> store = s.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            while (search.beginExecution()) {
                if (stolen != null) {
                    DporPlan p = DporSubtrees.stealable(search, c -> stolen.stream().noneMatch(h -> h.contains(c)));
                    if (p != null) {
                        stolen.add(p);
                    }
                }
                DporPlan plan = DporSubtrees.taken(search);
                Execution e = runtime.run(s, store, search);
                search.endExecution(e);
                if (stolen != null) {
                    stolen.stream().filter(p -> DporSubtrees.grown(search, p)).forEach(grown::add);
                }
                if (e.termination() != Termination.PRUNED) {
                    out.add(new Run(plan, Traces.canonical(e)));
                }
            }
        }
        return out;
    }

    private static List<String> ids(List<Run> runs) {
        return runs.stream().map(Run::id).toList();
    }

    /**
     * Checks every branch the whole search takes: a subtree search of it, started from the plan
     * as the whole search began it, runs exactly the whole search's executions below it. Also
     * checks the branches {@link DporSubtrees#stealable} offered: their subtree searches run exactly the
     * whole search's executions below them unless {@link DporSubtrees#grown} reported that a race found
     * later added a sequence there; then only their first execution is sure to be the same. Returns how many subtrees were checked.
     */
    private static int check(Scenario<MemoryAccess> s) throws Exception {
        List<DporPlan> stolen = new ArrayList<>();
        Set<DporPlan> grown = new HashSet<>();
        List<Run> whole = runs(s, new Dpor(), stolen, grown);
        int checked = 0;
        for (Run taken : whole) {
            if (taken.plan().path().length == 0) {
                continue; // the first execution takes no branch
            }
            List<String> expected = ids(whole.stream().filter(r -> taken.plan().contains(r.plan())).toList());
            Dpor sub = DporSubtrees.subtree(taken.plan());
            String what = s.name() + " subtree " + taken.plan() + ":" + s.description();
            assertEquals(expected, ids(runs(s, sub, null, null)), what);
            assertTrue(sub.complete(), what);
            checked++;
        }
        for (DporPlan h : stolen) {
            List<String> below = ids(whole.stream().filter(r -> h.contains(r.plan())).toList());
            List<String> got = ids(runs(s, DporSubtrees.subtree(h), null, null));
            String what = s.name() + " stolen subtree " + h + ":" + s.description();
            if (!grown.contains(h)) {
                // DporSubtrees.grown never said so: the helper's search is exactly the whole search's
                assertEquals(below, got, what);
                exact++;
                continue;
            }
            // it grew: later sequences were added below the branch, so only its first execution,
            // fixed since the branch was planted, is sure to be the same (ParallelDpor withdraws such claims)
            grew++;
            assertEquals(below.get(0), got.get(0), what);
            checked++;
        }
        return checked;
    }

    private static int exact;
    private static int grew;

    @Test
    void aSubtreeSearchRunsWhatTheWholeSearchRunsThere() throws Exception {
        int subtrees = 0;
        for (int n = 2; n <= 5; n++) {
            subtrees += check(TestScenarios.lastzero(n));
        }
        for (long seed = 1; seed <= 60; seed++) {
            subtrees += check(RandomScenarios.generate(seed, seed % 2 == 0));
        }
        assertTrue(subtrees > 100, "only " + subtrees + " subtrees were handed out");
        // both cases occur: branches whose subtree stayed as handed out, and branches that grew
        assertTrue(exact > 20 && grew > 5, exact + " stolen subtrees stayed, " + grew + " grew");
    }
}
