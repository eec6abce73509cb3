package io.racex.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.runtime.Execution;
import io.racex.runtime.Runtime;
import io.racex.runtime.Termination;
import io.racex.store.MemoryAccess;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Dpor#subtree}: the search of one branch's subtree, which parallel exploration hands to a
 * helper, runs exactly the executions the whole search runs in that subtree, in the same order.
 */
class DporSubtreeTest {
    /** One execution: the plan's key and the trace. */
    private record Run(DporPlan plan, String trace) {
        String id() {
            return plan.key() + " " + trace;
        }
    }

    private static <H> List<Run> runs(Scenario<H> s, Dpor search, List<DporPlan> stolen) throws Exception {
        List<Run> out = new ArrayList<>();
        try (Store<H> store = s.newStore(); Runtime runtime = new Runtime()) {
            while (search.beginExecution()) {
                if (stolen != null) {
                    DporPlan p = search.stealable(c -> stolen.stream().noneMatch(h -> h.contains(c)));
                    if (p != null) {
                        stolen.add(p);
                    }
                }
                DporPlan plan = search.plan();
                Execution e = runtime.run(s, store, search);
                search.endExecution(e);
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
     * checks the branches {@link Dpor#stealable} offered: their subtree searches run the whole
     * search's executions below them in the same order, except where a race found later added a
     * sequence there (those appear in the whole search only). Returns how many subtrees were checked.
     */
    private static int check(Scenario<MemoryAccess> s) throws Exception {
        List<DporPlan> stolen = new ArrayList<>();
        List<Run> whole = runs(s, new Dpor(), stolen);
        int checked = 0;
        for (Run taken : whole) {
            if (taken.plan().path().length == 0) {
                continue; // the first execution takes no branch
            }
            List<String> expected = ids(whole.stream().filter(r -> taken.plan().contains(r.plan())).toList());
            Dpor sub = Dpor.subtree(taken.plan());
            String what = s.name() + " subtree " + taken.plan() + ":" + s.description();
            assertEquals(expected, ids(runs(s, sub, null)), what);
            assertTrue(sub.complete(), what);
            checked++;
        }
        for (DporPlan h : stolen) {
            List<String> below = ids(whole.stream().filter(r -> h.contains(r.plan())).toList());
            List<String> got = ids(runs(s, Dpor.subtree(h), null));
            String what = s.name() + " stolen subtree " + h + ":" + s.description();
            assertTrue(!got.isEmpty() && below.containsAll(got), what + ": ran executions the whole search did not: " + got);
            List<String> inOrder = below.stream().filter(got::contains).toList();
            assertEquals(inOrder, got, what);
            checked++;
        }
        return checked;
    }

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
    }
}
