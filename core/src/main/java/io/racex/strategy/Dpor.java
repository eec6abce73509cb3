package io.racex.strategy;

import io.racex.Coverage;
import io.racex.Ending;
import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.RacexException;
import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Termination;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * <p><b>Memory.</b> The search keeps the nodes of the current branch ({@link DporNode}: enabled
 * threads, next steps, sleep sets) and their wakeup trees, the sequences still to explore; nothing
 * of an execution outlives its analysis, and a branch explored is dropped when the search
 * backtracks past it. The wakeup trees are what grows: on lastzero(20) a race reversed at the root
 * adds about five tree nodes per execution, pending until the search gets back there. So tree
 * nodes are small ({@link DporTree}) and every node of one step shares one interned event.
 *
 * <p><b>Subtrees for other workers.</b> {@link DporSubtrees} lists the branches still to be
 * explored and makes a search of one branch's subtree, for parallel exploration.
 */
public final class Dpor implements Strategy {
    /** Beyond this many distinct steps the table of interned events starts again (it only saves memory). */
    private static final int INTERNED_MAX = 1 << 16;

    private final int fullDepth;
    /** For a subtree search ({@link DporSubtrees#subtree}), the plan whose subtree it explores; else null. */
    final DporPlan root;
    /** The shallowest node this search backtracks at (a subtree search: the branching node). */
    final int floor;
    /** The shallowest node in whose wakeup tree races may plant sequences (a subtree search: below the branch). */
    private final int plantFrom;
    /** The current branch: one node per choice of the execution running or just run. */
    final List<DporNode> stack = new ArrayList<>();
    private int depth;
    private int threads;
    private boolean started;
    private boolean exhausted;
    private long sleepBlocked;
    private long divergences;
    /** The stack's size when the current execution began: it branches at the node below (none if 0). */
    private int stackAtBegin;
    /** The branching node's child wakeup tree when the execution began, to undo what it took ({@link #abandonExecution}). */
    private DporTree[] markAtBegin;
    private StepRequest[] lastRequest;
    private DporEvent[] lastEvent;
    /**
     * One event object per distinct step: the runtime announces a new request (with a new
     * footprint and new strings) each time a thread reaches a step, and the wakeup trees keep
     * events for as long as they are pending, so without this each tree node would hold its own.
     */
    private final Map<DporEvent, DporEvent> interned = new HashMap<>();

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
        this.root = null;
        this.floor = 0;
        this.plantFrom = 0;
    }

    /** A search of the subtree below {@code root}'s branch only (see {@link DporSubtrees#subtree}). */
    Dpor(DporPlan root) {
        this.fullDepth = 0;
        this.root = root;
        this.floor = root.prefixView().length;
        this.plantFrom = floor + 1;
    }

    @Override
    public boolean beginExecution() {
        depth = 0;
        if (!started) {
            started = true;
            stackAtBegin = 0;
            markAtBegin = null;
            return true;
        }
        while (stack.size() > floor) {
            DporNode top = stack.get(stack.size() - 1);
            if (top.chosen >= 0) {
                top.sleep.set(top.chosen);
                top.chosen = -1;
                top.childWakeup = null;
                top.childSleep = null;
                top.childUntrusted = null;
            }
            if (pickNext(top)) {
                stackAtBegin = stack.size();
                markAtBegin = top.childWakeup.mark();
                return true;
            }
            stack.remove(stack.size() - 1);
        }
        exhausted = true;
        return false;
    }

    /**
     * The index of the node the execution begun last branches at, or -1 for a search's first
     * execution; valid until its first choice.
     */
    int branching() {
        if (depth > 0) {
            throw new IllegalStateException("the execution has made choices already: ask before its first choice");
        }
        return stackAtBegin - 1;
    }

    /**
     * Forgets the choices made since {@link #beginExecution()}, so the same execution can be run
     * again from its start (used when a recorded execution turns out not to match the search).
     */
    public void abandonExecution() {
        while (stack.size() > stackAtBegin) {
            stack.remove(stack.size() - 1);
        }
        if (!stack.isEmpty() && markAtBegin != null) {
            stack.get(stack.size() - 1).childWakeup.reset(markAtBegin);
        }
        depth = 0;
    }

    @Override
    public int choose(SchedulingView view) {
        if (depth < stack.size()) {
            DporNode node = stack.get(depth);
            if (!Arrays.equals(node.enabled, view.enabled())) {
                throw Nondeterminism.at(depth + 1, "the threads that could move were", DepthFirst.threads(node.enabled),
                        DepthFirst.threads(view.enabled()));
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
                lastEvent[t] = r == null ? null : intern(DporEvent.of(t, r));
            }
            next[t] = lastEvent[t];
        }
        if (root != null && depth <= floor) {
            return above(enabled, next);
        }
        DporNode parent = depth == 0 ? null : stack.get(depth - 1);
        DporTree wakeup = parent == null ? new DporTree(null) : parent.childWakeup;
        BitSet sleep = parent == null ? new BitSet() : parent.childSleep;
        BitSet untrusted = parent == null ? new BitSet() : parent.childUntrusted;
        DporNode node = new DporNode(depth, enabled, next, sleep, untrusted, wakeup);
        stack.add(node);
        if (depth < fullDepth) {
            int current = view.current();
            if (current >= 0 && view.isEnabled(current) && !sleep.get(current)) {
                wakeup.append(new DporTree(next[current]));
            }
            for (int t : enabled) {
                if (t != current && !sleep.get(t)) {
                    wakeup.append(new DporTree(next[t]));
                }
            }
        } else if (wakeup.isLeaf()) {
            int p = fresh(view, enabled, sleep);
            if (p >= 0) {
                wakeup.append(new DporTree(next[p]));
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
            wakeup.append(new DporTree(next[p]));
            pickNext(node);
        }
        depth++;
        return node.chosen;
    }

    private DporEvent intern(DporEvent e) {
        DporEvent known = interned.putIfAbsent(e, e);
        if (known != null) {
            return known;
        }
        if (interned.size() > INTERNED_MAX) {
            interned.clear(); // a store whose steps name ever new targets: interning no longer pays
        }
        return e;
    }

    /**
     * A subtree search's first run down to its branch: the nodes above it replay the plan's prefix
     * and plant nothing; the branching node offers only the plan's branch, with the plan's sleep set.
     */
    private int above(int[] enabled, DporEvent[] next) {
        int[] prefix = root.prefixView();
        boolean branching = depth == prefix.length;
        DporTree wakeup = new DporTree(null);
        if (branching) {
            wakeup.append(root.branch.copy());
        }
        DporNode node = new DporNode(depth, enabled, next, branching ? root.sleep() : new BitSet(), new BitSet(), wakeup);
        stack.add(node);
        if (branching) {
            if (!pickNext(node)) {
                return PRUNE; // the branch cannot run here: nothing below it to explore
            }
        } else {
            if (!node.isEnabled(prefix[depth])) {
                throw Nondeterminism.at(depth + 1, "thread " + (prefix[depth] + 1), "could move", "could not");
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
    private boolean pickNext(DporNode node) {
        while (!node.wakeup.isLeaf()) {
            DporTree branch = node.wakeup.removeFirst();
            int p = branch.event.thread();
            boolean same = branch.event.sameStep(node.next[p]);
            if (node.sleep.get(p) || !node.isEnabled(p)) {
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
            node.childWakeup = branch.below();
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
        for (DporNode node : stack) {
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
        DporNode before = stack.get(i);
        if (!ej.conditional() || hb.previous[j] >= i || before.isEnabled(t) || before.next[t] == null) {
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
        DporNode last = stack.get(m - 1);
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
                        attempts.add(intern(new DporEvent(t, acquisition.footprint(), StepKind.LOCK, acquisition.target(), true, true)));
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
        DporNode node = stack.get(i);
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
        if (node.sleep.get(v.get(0).thread()) || !node.isEnabled(v.get(0).thread())) {
            // start with an initial that may run here; if every initial sleeps, every extension is explored elsewhere.
            // An initial can be unable to run here when its thread is blocked inside the store: its statement, chosen
            // earlier, waits for a row lock, and what the thread does next (the ROLLBACK after the statement was
            // refused) only runs once the holder commits, an order the footprints do not show. Left first, the
            // sequence would be dropped when the search got here (a divergence) and its trace never run: withdraw-fixed
            // at REPEATABLE READ, a second UPDATE issued while the first transaction held the row, refused after its
            // COMMIT, was lost that way (21 traces, 17 run).
            int k = 0;
            while (k < v.size() && (cv.first(v.get(k).thread()) != k || !cv.isInitial(k) || node.sleep.get(v.get(k).thread())
                    || !node.isEnabled(v.get(k).thread()))) {
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
    public Coverage coverage(Ending ending, long executions, boolean found) {
        if (ending != Ending.EXHAUSTED || !exhausted) {
            return Strategy.super.coverage(ending, executions, found);
        }
        return new Coverage(true, "complete: " + executions + " executions = " + executions + " traces (one execution per"
                + " Mazurkiewicz trace" + (found ? ")" : "; so no violation is a proof for this scenario)"));
    }

    @Override
    public String name() {
        return "exhaustive";
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
