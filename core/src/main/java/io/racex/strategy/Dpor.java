package io.racex.strategy;

import io.racex.RacexException;
import io.racex.runtime.Execution;
import io.racex.runtime.OpResult;
import io.racex.runtime.Termination;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Optimal dynamic partial-order reduction with wakeup trees (Abdulla, Aronis, Jonsson, Sagonas:
 * "Optimal dynamic partial order reduction", POPL 2014; "Source sets: a foundation for optimal
 * dynamic partial order reduction", JACM 2017, Algorithm 2): runs exactly one execution per
 * Mazurkiewicz trace, so a complete search that finds nothing is a proof for the scenario.
 *
 * <p><b>Dependency.</b> Two steps of different threads are dependent when their
 * {@link io.racex.store.Footprint footprints} conflict: the same location, at least one writes.
 * Locks are writes to {@code lock:NAME}, so every lock and unlock of one lock is dependent on the
 * others (an unlock enables a waiting acquisition, so it must be ordered with it).
 *
 * <p><b>The search.</b> Stateless: each execution replays a prefix and then follows the node's
 * wakeup tree, or any enabled thread that is not asleep. After a complete (maximal) execution
 * every reversible race {@code e < e'} is examined: {@code v = notdep(e, E).e'} (the events after
 * {@code e} that do not happen after it, then {@code e'}) is inserted into the wakeup tree of the
 * node before {@code e} unless a sleeping thread is a weak initial of {@code v} (then an
 * equivalent of {@code v} was explored already). Sleep sets carry explored threads to later
 * siblings as long as nothing dependent ran.
 *
 * <p><b>Locks and blocked threads.</b> A lock acquisition is disabled while another thread holds
 * the lock. The race between an unlock and the next acquisition by another thread cannot be
 * reversed (the acquisition is disabled before the unlock); it is replaced by the race between the
 * two acquisitions, whose reversal runs the second thread's acquisition before the first's (the
 * first thread's critical section happens after its acquisition, so it is not in {@code v}). An
 * execution that ends in deadlock also races each blocked acquisition with the acquisition that
 * holds its lock. A thread blocked inside the store (a database lock wait) is not enabled and is
 * never chosen. A monitor's {@link io.racex.store.StepKind#WAIT} releases it and the
 * {@link io.racex.store.StepKind#WAKE} after it takes it back, so they count as release and
 * acquisition. Locks held by several threads at once (read locks) are tracked per holder.
 *
 * <p><b>Steps that enable others.</b> More generally, a race between a step and a step it enabled
 * cannot be reversed, and nothing is planted for it: the start of a thread and its first step,
 * the end of a thread and a join waiting for it, and any step that another thread already waited
 * at (its condition false) while nothing but the first touched what it touches (a notification
 * and the wake-up it allows, an unpark and the park it ends, a release and the acquire it lets
 * through). Planting them would only add executions that stop where the step turns out disabled.
 *
 * <p><b>Partitioning.</b> With {@code fullDepth > 0}, the first {@code fullDepth} levels expand
 * every enabled thread that is not asleep (sleep sets still apply), and their races plant
 * nothing; below them the search is optimal DPOR, except that threads put to sleep on the full
 * levels do not veto a wakeup sequence (see {@link #reverse}). The subtrees rooted at depth
 * {@code fullDepth} are then independent of each other, so separate processes can explore them
 * ({@code --shard}). Every trace is still explored exactly once (sleep sets forbid a second
 * execution of any trace; the brute-force tests check both directions), at the price of
 * executions abandoned because every enabled thread is asleep ({@link #sleepBlocked()}), which
 * are not counted.
 *
 * <p><b>Subtrees for other workers.</b> {@link #stealable} lists a branch still to be explored,
 * with a copy of its wakeup subtree; {@link #subtree} explores exactly that subtree the way this
 * search would, and {@link #grown} says when a race found since has added to the subtree (then the
 * copy is out of date). Parallel exploration is built on these three.
 */
public final class Dpor implements Strategy {
    private final int fullDepth;
    /** For a {@link #subtree} search, the plan whose subtree it explores; else null. */
    private DporPlan root;
    /** The shallowest node this search backtracks at (a subtree search: the branching node). */
    private int floor;
    /** The shallowest node in whose wakeup tree races may plant sequences (a subtree search: below the branch). */
    private int plantFrom;
    private final List<Node> stack = new ArrayList<>();
    private int depth;
    private int threads;
    private boolean started;
    private boolean exhausted;
    private long sleepBlocked;
    private long divergences;
    /** The plan the current execution follows, and what to restore if it is abandoned. */
    private DporPlan plan;
    private int stackAtBegin;
    private DporTree childWakeupAtBegin;
    private StepRequest[] lastRequest;
    private DporEvent[] lastEvent;

    /** A state of the search: the node reached after the choices above it. */
    private static final class Node {
        final int[] enabled;
        /** Each thread's next step here, or null when it has finished or waits inside the store. */
        final DporEvent[] next;
        /** Threads whose next step here need not be tried: every trace it starts was (or will be) explored elsewhere. */
        final BitSet sleep;
        /** The sleeping threads put to sleep at a fully expanded level (see {@link Dpor#reverse}). */
        final BitSet untrusted;
        final int depth;
        /** Sequences still to explore from here; the branch being explored is no longer in it. */
        final DporTree wakeup;
        int chosen = -1;
        /** Per thread, how many sequences races have planted below this node's branch of that thread (see {@link Dpor#grown}). */
        int[] growth;
        /** The wakeup subtree of the chosen thread: what the next node starts with. */
        DporTree childWakeup;
        BitSet childSleep;
        BitSet childUntrusted;

        Node(int depth, int[] enabled, DporEvent[] next, BitSet sleep, BitSet untrusted, DporTree wakeup) {
            this.depth = depth;
            this.enabled = enabled;
            this.next = next;
            this.sleep = sleep;
            this.untrusted = untrusted;
            this.wakeup = wakeup;
        }

        DporEvent event() {
            return next[chosen];
        }


    }

    /** Optimal DPOR over the whole search. */
    public Dpor() {
        this(0);
    }

    /**
     * DPOR below depth {@code fullDepth}; the levels above it expand every enabled thread that is
     * not asleep, so that the subtrees at that depth can be explored independently (see the class
     * comment). {@code 0} is the optimal search.
     */
    public Dpor(int fullDepth) {
        if (fullDepth < 0) {
            throw new RacexException("the split depth must be 0 or more, was " + fullDepth);
        }
        this.fullDepth = fullDepth;
    }

    @Override
    public boolean beginExecution() {
        depth = 0;
        if (!started) {
            started = true;
            plan = root != null ? root : new DporPlan(new int[0], new int[0], new BitSet());
            stackAtBegin = 0;
            return true;
        }
        while (stack.size() > floor) {
            Node top = stack.get(stack.size() - 1);
            if (top.chosen >= 0) {
                top.sleep.set(top.chosen);
                top.chosen = -1;
                top.childWakeup = null;
                top.childSleep = null;
                top.childUntrusted = null;
            }
            if (pickNext(top)) {
                stackAtBegin = stack.size();
                childWakeupAtBegin = copy(top.childWakeup);
                DporTree branch = new DporTree(top.event());
                branch.children.addAll(childWakeupAtBegin.children);
                plan = new DporPlan(prefix(stack.size() - 1), path(top.chosen, top.childWakeup), top.sleep, branch, -1);
                return true;
            }
            stack.remove(stack.size() - 1);
        }
        exhausted = true;
        return false;
    }

    /**
     * The plan the execution begun last follows: its fixed prefix, the branch it then takes, and
     * the sleep set where it branches, with the branch's wakeup subtree as it is now. Everything
     * after the branch is decided the same way every time, and once a branch is taken its subtree
     * no longer changes from outside, so {@link #subtree} of this plan explores exactly what this
     * search will explore below the branch.
     */
    public DporPlan plan() {
        return plan;
    }

    /**
     * A branch still to be explored, for another worker to explore its whole subtree with
     * {@link #subtree}: the one nearest the root (the largest piece of work) for which
     * {@code allowed} holds, the last such at its node. Call it between {@link #beginExecution} and
     * the execution's first choice: every plan listed then comes after the current execution, and
     * its first execution stays as listed (races found later add branches after the existing ones),
     * but its subtree may still grow until the branch is taken, and a worker exploring the subtree
     * then differs from this search ({@link #grown} tells). Null if there is none.
     */
    public DporPlan stealable(Predicate<DporPlan> allowed) {
        for (int x = floor; x < stack.size(); x++) {
            Node node = stack.get(x);
            List<DporPlan> plans = branchesAt(x);
            for (int j = plans.size() - 1; j >= 0; j--) {
                DporPlan p = plans.get(j);
                if (allowed.test(p)) {
                    // only the plan handed out carries a copy of its subtree (the tree changes as the search goes on)
                    int t = p.firstThread();
                    return new DporPlan(p.prefixView(), p.path(), p.sleep(), copy(p.branch), node.growth == null ? 0 : node.growth[t]);
                }
            }
        }
        return null;
    }

    /**
     * Whether the branch {@code p} (from {@link #stealable}) is still waiting at its node and its
     * subtree has grown since {@code p} was listed: a subtree search of {@code p} then no longer
     * explores what this search will (see {@link #subtree}). False once the branch is taken: from
     * then on its subtree changes only from inside.
     */
    public boolean grown(DporPlan p) {
        int[] prefix = p.prefixView();
        int x = prefix.length;
        if (stack.size() <= x) {
            return false;
        }
        Node node = stack.get(x);
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

    /** The branches of node {@code x}'s wakeup tree that will run, in order, each with its (live) subtree. */
    private List<DporPlan> branchesAt(int x) {
        Node node = stack.get(x);
        List<DporPlan> out = new ArrayList<>();
        BitSet s = (BitSet) node.sleep.clone();
        if (node.chosen >= 0) {
            s.set(node.chosen);
        }
        int[] prefix = null;
        for (DporTree branch : node.wakeup.children) {
            int t = branch.event.thread();
            if (s.get(t) || !contains(node.enabled, t)) {
                continue; // pickNext will drop it
            }
            if (prefix == null) {
                prefix = prefix(x);
            }
            out.add(new DporPlan(prefix, path(t, branch), s, branch, -1));
            s.set(t);
        }
        return out;
    }

    /**
     * A search of the subtree below {@code plan}'s branch only: the executions the search that
     * made the plan explores there, in the same order, with the same plans, given the branch's
     * subtree the plan carries. That is exact for {@link #plan()}; a plan from {@link #stealable}
     * may see its subtree grow until the search takes the branch (a race found meanwhile can add a
     * sequence below it; {@link #grown} tells). Nothing above the branch is
     * explored, and races whose first event lies above it are left to the search that made the
     * plan (they add branches there, not in the subtree).
     */
    public static Dpor subtree(DporPlan plan) {
        if (plan.branch == null) {
            throw new IllegalArgumentException("the plan carries no subtree: list it with stealable()");
        }
        Dpor d = new Dpor(0);
        d.root = plan;
        d.floor = plan.prefixView().length;
        d.plantFrom = d.floor + 1;
        return d;
    }

    /**
     * Forgets the choices made since {@link #beginExecution()}, so the same execution can be run
     * again from its start (used when a recorded execution turns out not to match the search).
     */
    public void abandonExecution() {
        while (stack.size() > stackAtBegin) {
            stack.remove(stack.size() - 1);
        }
        if (!stack.isEmpty() && childWakeupAtBegin != null) {
            stack.get(stack.size() - 1).childWakeup = copy(childWakeupAtBegin);
        }
        depth = 0;
    }

    private int[] prefix(int x) {
        int[] p = new int[x];
        for (int i = 0; i < x; i++) {
            p[i] = stack.get(i).chosen;
        }
        return p;
    }

    /** {@code first}, then the threads of the leftmost path of {@code tree}. */
    private static int[] path(int first, DporTree tree) {
        List<Integer> p = new ArrayList<>();
        p.add(first);
        for (DporTree t = tree; t != null && !t.isLeaf(); t = t.children.get(0)) {
            p.add(t.children.get(0).event.thread());
        }
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    private static DporTree copy(DporTree tree) {
        if (tree == null) {
            return null;
        }
        DporTree c = new DporTree(tree.event);
        for (DporTree child : tree.children) {
            c.children.add(copy(child));
        }
        return c;
    }

    @Override
    public int choose(SchedulingView view) {
        if (depth < stack.size()) {
            Node node = stack.get(depth);
            if (!Arrays.equals(node.enabled, view.enabled())) {
                throw new RacexException("the scenario is not deterministic: at step " + (depth + 1)
                        + " the threads that could move were " + DepthFirst.threads(node.enabled) + " in an earlier run and "
                        + DepthFirst.threads(view.enabled()) + " now (operations must depend only on the store and their arguments)");
            }
            depth++;
            return node.chosen;
        }
        if (threads == 0) {
            threads = view.threadCount();
        }
        int[] enabled = view.enabled();
        if (lastRequest == null) {
            lastRequest = new StepRequest[threads];
            lastEvent = new DporEvent[threads];
        }
        DporEvent[] next = new DporEvent[threads];
        for (int t = 0; t < threads; t++) {
            StepRequest r = view.pending(t);
            if (r != lastRequest[t]) {
                // a thread that did not move announces the same request object: reuse its event
                lastRequest[t] = r;
                lastEvent[t] = r == null ? null : DporEvent.of(t, r);
            }
            next[t] = lastEvent[t];
        }
        if (root != null && depth <= floor) {
            return above(enabled, next);
        }
        Node parent = depth == 0 ? null : stack.get(depth - 1);
        DporTree wakeup = parent == null ? new DporTree(null) : parent.childWakeup;
        BitSet sleep = parent == null ? new BitSet() : parent.childSleep;
        BitSet untrusted = parent == null ? new BitSet() : parent.childUntrusted;
        Node node = new Node(depth, enabled, next, sleep, untrusted, wakeup);
        stack.add(node);
        if (depth < fullDepth) {
            int current = view.current();
            if (current >= 0 && view.isEnabled(current) && !sleep.get(current)) {
                wakeup.children.add(new DporTree(next[current]));
            }
            for (int t : enabled) {
                if (t != current && !sleep.get(t)) {
                    wakeup.children.add(new DporTree(next[t]));
                }
            }
        } else if (wakeup.isLeaf()) {
            int p = fresh(view, enabled, sleep);
            if (p >= 0) {
                wakeup.children.add(new DporTree(next[p]));
            }
        }
        if (!pickNext(node)) {
            // every branch of the wakeup tree was dropped (below a split: its thread sleeps here);
            // go on as from a node without one
            int p = fresh(view, enabled, sleep);
            if (p < 0) {
                sleepBlocked++;
                return PRUNE;
            }
            wakeup.children.add(new DporTree(next[p]));
            pickNext(node);
        }
        depth++;
        return node.chosen;
    }

    /**
     * A subtree search's first run down to its branch: the nodes above it replay the plan's prefix
     * and plant nothing; the branching node offers only the plan's branch, with the plan's sleep set.
     */
    private int above(int[] enabled, DporEvent[] next) {
        int[] prefix = root.prefix();
        boolean branching = depth == prefix.length;
        DporTree wakeup = new DporTree(null);
        if (branching) {
            wakeup.children.add(copy(root.branch));
        }
        Node node = new Node(depth, enabled, next, branching ? root.sleep() : new BitSet(), new BitSet(), wakeup);
        stack.add(node);
        if (branching) {
            if (!pickNext(node)) {
                return PRUNE; // the branch cannot run here: nothing below it to explore
            }
        } else {
            if (!contains(enabled, prefix[depth])) {
                throw new RacexException("the scenario is not deterministic: at step " + (depth + 1) + " thread "
                        + (prefix[depth] + 1) + " could not move although it could in an earlier run");
            }
            node.chosen = prefix[depth];
            node.childWakeup = new DporTree(null);
            node.childSleep = new BitSet();
            node.childUntrusted = new BitSet();
        }
        depth++;
        return node.chosen;
    }

    /** Any enabled thread that is not asleep, the one that moved last first (no preemption); -1 if all sleep. */
    private static int fresh(SchedulingView view, int[] enabled, BitSet sleep) {
        int current = view.current();
        if (current >= 0 && view.isEnabled(current) && !sleep.get(current)) {
            return current;
        }
        for (int t : enabled) {
            if (!sleep.get(t)) {
                return t;
            }
        }
        return -1;
    }

    /** Takes the first branch of the node's wakeup tree that can run; false if none is left. */
    private boolean pickNext(Node node) {
        while (!node.wakeup.isLeaf()) {
            DporTree branch = node.wakeup.children.remove(0);
            int p = branch.event.thread();
            boolean same = branch.event.sameStep(node.next[p]);
            if (node.sleep.get(p) || !contains(node.enabled, p)) {
                if (!branch.event.guessed() && !node.untrusted.get(p)) {
                    // never seen on in-memory stores (tests check it); a store that blocks inside
                    // itself can disable a thread the race analysis expected to run
                    divergences++;
                }
                continue;
            }
            if (!same && !branch.event.guessed()) {
                divergences++;
            }
            node.chosen = p;
            node.childWakeup = new DporTree(null);
            node.childWakeup.children.addAll(branch.children);
            DporEvent e = node.next[p];
            BitSet s = new BitSet();
            for (int q = node.sleep.nextSetBit(0); q >= 0; q = node.sleep.nextSetBit(q + 1)) {
                DporEvent sq = node.next[q];
                if (sq != null && !sq.dependsOn(e)) {
                    s.set(q);
                }
            }
            node.childSleep = s;
            node.childUntrusted = node.depth < fullDepth ? (BitSet) s.clone() : andOf(s, node.untrusted);
            return true;
        }
        return false;
    }

    private static BitSet andOf(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.and(b);
        return c;
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void endExecution(Execution execution) {
        while (stack.size() > depth) {
            stack.remove(stack.size() - 1);
        }
        // below a split, executions abandoned for their sleep set still show races (a sequential
        // optimal search abandons none)
        if (execution.termination() != Termination.PRUNED || fullDepth > 0) {
            analyze(execution);
        }
    }

    /** Finds the races of the execution just run and plants their reversals in the wakeup trees. */
    private void analyze(Execution execution) {
        int m = stack.size();
        if (m == 0) {
            return;
        }
        List<DporEvent> events = new ArrayList<>(m);
        for (Node node : stack) {
            events.add(node.event());
        }
        DporClocks hb = new DporClocks(events, threads, true);
        // lock bookkeeping: which acquisition each final release lets go, who holds what at the end
        int[] acquisitionOf = new int[m];
        Arrays.fill(acquisitionOf, -1);
        Map<String, int[]> held = new TreeMap<>(); // lock key and holder -> {holder, count, acquisition index}
        boolean[] reentrant = new boolean[m];
        for (int i = 0; i < m; i++) {
            DporEvent e = events.get(i);
            String key = e.lockKey();
            if (key == null) {
                continue;
            }
            String holding = key + "#" + e.thread();
            int[] h = held.get(holding);
            if (e.acquires()) {
                if (h == null) {
                    held.put(holding, new int[] {e.thread(), 1, i});
                } else {
                    h[1]++;
                    reentrant[i] = true;
                }
            } else if (h != null && (--h[1] == 0 || e.kind() == StepKind.WAIT)) {
                // a wait lets the monitor go whatever its hold count; the wake takes it back
                acquisitionOf[i] = h[2];
                held.remove(holding);
            }
        }
        for (int j = 0; j < m; j++) {
            DporEvent ej = events.get(j);
            int[] direct = hb.direct[j];
            for (int i : direct) {
                if (!immediate(hb, direct, hb.previous[j], i)) {
                    continue;
                }
                DporEvent ei = events.get(i);
                if (ej.acquires() && ei.releases() && Objects.equals(ei.lockKey(), ej.lockKey())) {
                    // the acquisition was disabled until this release: race it with the acquisition instead
                    int a = acquisitionOf[i];
                    int before = hb.previous[j];
                    if (a >= 0 && !reentrant[j] && (before < 0 || !hb.happensBefore(a, before))) {
                        reverse(events, hb, a, ej);
                    }
                } else if (!ei.releases() && !enabledBy(events, hb, i, j)) {
                    reverse(events, hb, i, ej);
                }
            }
        }
        if (execution.termination() == Termination.DEADLOCK) {
            blockedAcquisitions(execution, events, hb, held);
        }
    }

    /**
     * Whether event {@code j} could not have run before event {@code i}, which enabled it: the
     * race between them cannot be reversed, so nothing is planted for it. That holds when the
     * thread of {@code j} already waited at {@code j} before {@code i} ran and nothing else between
     * them touched what {@code j} touches (a step's enabledness depends only on what it touches),
     * as for a notification that wakes a waiting thread or an unpark of a parked one; and always
     * for the start of a thread and its first step, and for the end of a thread and a
     * {@link StepKind#JOIN} that waits for it (each happens once). Acquisitions of locks are
     * handled by the caller (they race with the acquisition that held the lock instead).
     */
    private boolean enabledBy(List<DporEvent> events, DporClocks hb, int i, int j) {
        DporEvent ei = events.get(i);
        DporEvent ej = events.get(j);
        if ((ei.kind() == StepKind.START && ej.kind() == StepKind.BEGIN)
                || (ei.kind() == StepKind.END && ej.kind() == StepKind.JOIN && ej.conditional())) {
            return true;
        }
        int t = ej.thread();
        Node before = stack.get(i);
        if (!ej.conditional() || hb.previous[j] >= i || contains(before.enabled, t) || before.next[t] == null) {
            return false;
        }
        for (int k = i + 1; k < j; k++) {
            if (!hb.happensBefore(i, k) && events.get(k).conflicts(ej)) {
                return false; // another event could have enabled it in the reversed order
            }
        }
        return true;
    }

    /**
     * Whether {@code i} races with the event whose direct predecessors are {@code direct} and
     * {@code previous} (its thread's last event): none of the others comes after {@code i}.
     */
    private static boolean immediate(DporClocks hb, int[] direct, int previous, int i) {
        if (previous >= 0 && hb.happensBefore(i, previous)) {
            return false;
        }
        for (int k : direct) {
            if (k != i && hb.happensBefore(i, k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * In a deadlock, each thread left waiting for a lock races with the acquisition that holds it.
     * The last thread to move stopped at a step the strategy never saw (the runtime asks the
     * strategy nothing once no thread can move); it waits for one of the locks other threads hold,
     * and each of them is tried. A wrong guess adds a branch that is dropped when its thread turns
     * out to be unable to move, or explores a trace the sleep sets let through only once: it costs
     * time, never a duplicate or a missed trace.
     */
    private void blockedAcquisitions(Execution execution, List<DporEvent> events, DporClocks hb, Map<String, int[]> held) {
        int m = events.size();
        Node last = stack.get(m - 1);
        int lastMover = last.chosen;
        int[] lastEvent = new int[threads];
        Arrays.fill(lastEvent, -1);
        for (int i = 0; i < m; i++) {
            lastEvent[events.get(i).thread()] = i;
        }
        for (int t = 0; t < threads; t++) {
            if (finished(execution, t)) {
                continue;
            }
            List<DporEvent> attempts = new ArrayList<>();
            if (t != lastMover) {
                DporEvent pending = last.next[t];
                if (pending != null && pending.acquires()) {
                    attempts.add(pending);
                }
            } else {
                for (int[] h : held.values()) {
                    if (h[0] != t) {
                        DporEvent acquisition = events.get(h[2]);
                        attempts.add(new DporEvent(t, acquisition.footprint(), StepKind.LOCK, acquisition.target(), true, true));
                    }
                }
            }
            for (DporEvent attempt : attempts) {
                String key = attempt.lockKey();
                for (Map.Entry<String, int[]> en : held.entrySet()) {
                    int[] h = en.getValue();
                    if (h[0] == t || !en.getKey().equals(key + "#" + h[0])) {
                        continue;
                    }
                    int a = h[2];
                    if (lastEvent[t] < 0 || !hb.happensBefore(a, lastEvent[t])) {
                        reverse(events, hb, a, attempt);
                    }
                }
            }
        }
    }

    private static boolean finished(Execution execution, int t) {
        List<OpResult> rs = execution.results().get(t);
        return rs.get(rs.size() - 1) != null;
    }

    /**
     * Plants {@code notdep(e_i, E).racing} in the wakeup tree before event {@code i}, unless a
     * sleeping thread is a weak initial of it (an equivalent was explored from that thread's
     * branch). Below a split, a thread put to sleep on a fully expanded level does not count for
     * that test: its branch was explored without the wakeup sequences this subtree finds, so it
     * cannot be trusted to cover them (it still prunes: sleep sets forbid running a trace twice).
     */
    private void reverse(List<DporEvent> events, DporClocks hb, int i, DporEvent racing) {
        if (i < fullDepth) {
            return; // fully expanded level: every thread is tried there anyway
        }
        if (i < plantFrom) {
            return; // above a subtree search's branch: the search that listed the branch plants there
        }
        Node node = stack.get(i);
        List<DporEvent> v = new ArrayList<>();
        for (int k = i + 1; k < events.size(); k++) {
            if (!hb.happensBefore(i, k)) {
                v.add(events.get(k));
            }
        }
        v.add(racing);
        DporClocks cv = new DporClocks(v, threads);
        for (int q = node.sleep.nextSetBit(0); q >= 0; q = node.sleep.nextSetBit(q + 1)) {
            if (!node.untrusted.get(q) && cv.weakInitial(q, node.next[q])) {
                return;
            }
        }
        if (node.sleep.get(v.get(0).thread())) {
            // start with an initial that may run here; if every initial sleeps, every extension is explored elsewhere
            int k = 0;
            while (k < v.size() && (cv.first(v.get(k).thread()) != k || !cv.isInitial(k) || node.sleep.get(v.get(k).thread()))) {
                k++;
            }
            if (k == v.size()) {
                return;
            }
            v.add(0, v.remove(k));
        }
        int grew = node.wakeup.insert(v, threads);
        if (grew >= 0) {
            if (node.growth == null) {
                node.growth = new int[threads];
            }
            node.growth[grew]++;
        }
    }

    @Override
    public boolean complete() {
        return exhausted;
    }

    @Override
    public String name() {
        return "exhaustive";
    }

    /** The depth above which every enabled thread is expanded (0: optimal everywhere). */
    public int fullDepth() {
        return fullDepth;
    }

    /**
     * Executions abandoned because every enabled thread was asleep (their traces are explored
     * elsewhere). Zero for a sequential search on an in-memory store: the algorithm is optimal.
     */
    public long sleepBlocked() {
        return sleepBlocked;
    }

    /**
     * Times the wakeup tree asked for a step that was not the one the thread announced, or a
     * thread that could not move. Zero for in-memory stores (tests check it); a store that
     * blocks inside itself can cause it, and the search then falls back to the enabled threads.
     */
    public long divergences() {
        return divergences;
    }
}
