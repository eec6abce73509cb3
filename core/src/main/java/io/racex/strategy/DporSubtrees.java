package io.racex.strategy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The subtrees of a {@link Dpor} search, for exploring them elsewhere (parallel exploration's work
 * stealing): what the current execution follows ({@link #plan}), the branches still to come
 * ({@link #stealable}), a search of one branch's subtree ({@link #subtree}), and whether a branch's
 * subtree has changed since it was listed ({@link #grown}).
 *
 * <p>Why a subtree can be explored elsewhere: everything after a branch is decided the same way
 * every time, and a race adds sequences to the wakeup tree of the node before its first event, so
 * races inside a subtree add only inside it and races reaching above it add only above it. Once
 * the search takes a branch, its subtree changes only from inside; until then a race found
 * elsewhere can still add a sequence below it, which {@link #grown} tells.
 *
 * <p>{@link #plan} and {@link #stealable} read the search between {@link Dpor#beginExecution} and
 * the execution's first choice: then every branch still pending comes after the current
 * execution.
 */
public final class DporSubtrees {
    private DporSubtrees() {}

    /**
     * The plan the execution {@code search} began last follows: its fixed prefix, the branch it
     * then takes, and the sleep set where it branches. Call it before the execution's first choice.
     */
    public static DporPlan plan(Dpor search) {
        int x = search.branching();
        if (x < 0) {
            return search.root != null ? search.root : new DporPlan(new int[0], new int[0], new BitSet());
        }
        DporNode node = search.stack.get(x);
        return new DporPlan(prefix(search, x), path(node.chosen, node.childWakeup), node.sleep, null, -1);
    }

    /**
     * {@link #plan}, carrying a copy of its branch's subtree as it is now, so that {@link #subtree}
     * of it explores exactly what {@code search} will explore below the branch (the branch is taken,
     * so its subtree no longer changes from outside). For tests: copying the subtree is what the
     * search itself never does.
     */
    static DporPlan taken(Dpor search) {
        int x = search.branching();
        if (x < 0) {
            return plan(search);
        }
        DporNode node = search.stack.get(x);
        DporTree branch = node.childWakeup.copy(node.event());
        return new DporPlan(prefix(search, x), path(node.chosen, node.childWakeup), node.sleep, branch, -1);
    }

    /**
     * A branch still to be explored, for another worker to explore its whole subtree with
     * {@link #subtree}: the one nearest the root (the largest piece of work) for which
     * {@code allowed} holds, the last such at its node, with a copy of its subtree. Call it before
     * the execution's first choice: every plan listed then comes after the current execution, and
     * its first execution stays as listed (races found later add branches after the existing ones),
     * but its subtree may still grow until the branch is taken, and a worker exploring the subtree
     * then differs from {@code search} ({@link #grown} tells). Null if there is none.
     */
    public static DporPlan stealable(Dpor search, Predicate<DporPlan> allowed) {
        search.branching(); // checks that no choice was made yet
        for (int x = search.floor; x < search.stack.size(); x++) {
            DporNode node = search.stack.get(x);
            List<DporPlan> plans = branchesAt(search, x);
            for (int j = plans.size() - 1; j >= 0; j--) {
                DporPlan p = plans.get(j);
                if (allowed.test(p)) {
                    // only the plan handed out carries a copy of its subtree (the tree changes as the search goes on)
                    int t = p.firstThread();
                    return new DporPlan(p.prefixView(), p.path(), p.sleep(), p.branch.copy(), node.growth == null ? 0 : node.growth[t]);
                }
            }
        }
        return null;
    }

    /**
     * Whether the branch {@code p} (from {@link #stealable}) is still waiting at its node in
     * {@code search} and its subtree has grown since {@code p} was listed: a subtree search of
     * {@code p} then no longer explores what {@code search} will (see {@link #subtree}). False once
     * the branch is taken: from then on its subtree changes only from inside.
     */
    public static boolean grown(Dpor search, DporPlan p) {
        int[] prefix = p.prefixView();
        int x = prefix.length;
        List<DporNode> stack = search.stack;
        if (stack.size() <= x) {
            return false;
        }
        DporNode node = stack.get(x);
        int thread = p.firstThread();
        if (node.growth == null || node.growth[thread] == p.version || node.chosen == thread) {
            return false;
        }
        for (int i = 0; i < x; i++) {
            if (stack.get(i).chosen != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A search of the subtree below {@code plan}'s branch only: the executions the search that
     * listed the plan explores there, in the same order, with the same plans, given the branch's
     * subtree the plan carries. A plan from {@link #stealable} may see its subtree grow until the
     * search takes the branch (a race found meanwhile can add a sequence below it; {@link #grown}
     * tells). Nothing above the branch is explored, and races whose first event lies above it are
     * left to the search that listed the plan (they add branches there, not in the subtree).
     */
    public static Dpor subtree(DporPlan plan) {
        if (plan.branch == null) {
            throw new IllegalArgumentException("the plan carries no subtree: list it with stealable()");
        }
        return new Dpor(plan);
    }

    /** The branches of node {@code x}'s wakeup tree that will run, in order, each with its (live) subtree. */
    private static List<DporPlan> branchesAt(Dpor search, int x) {
        DporNode node = search.stack.get(x);
        List<DporPlan> out = new ArrayList<>();
        BitSet s = (BitSet) node.sleep.clone();
        if (node.chosen >= 0) {
            s.set(node.chosen);
        }
        int[] prefix = null;
        for (DporTree branch = node.wakeup.first(); branch != null; branch = branch.next()) {
            int t = branch.event.thread();
            if (s.get(t) || !node.isEnabled(t)) {
                continue; // the search will drop it
            }
            if (prefix == null) {
                prefix = prefix(search, x);
            }
            out.add(new DporPlan(prefix, path(t, branch), s, branch, -1));
            s.set(t);
        }
        return out;
    }

    private static int[] prefix(Dpor search, int x) {
        int[] p = new int[x];
        for (int i = 0; i < x; i++) {
            p[i] = search.stack.get(i).chosen;
        }
        return p;
    }

    /** {@code first}, then the threads of the leftmost path of {@code tree}. */
    private static int[] path(int first, DporTree tree) {
        int n = 1;
        for (DporTree t = tree.first(); t != null; t = t.first()) {
            n++;
        }
        int[] p = new int[n];
        p[0] = first;
        int i = 1;
        for (DporTree t = tree.first(); t != null; t = t.first()) {
            p[i++] = t.event.thread();
        }
        return p;
    }
}
