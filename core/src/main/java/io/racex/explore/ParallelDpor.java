package io.racex.explore;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.check.Checker;
import io.racex.check.Verdict;
import io.racex.runtime.Execution;
import io.racex.runtime.Runtime;
import io.racex.runtime.Step;
import io.racex.runtime.Termination;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import io.racex.strategy.Dpor;
import io.racex.strategy.DporPlan;
import io.racex.strategy.SchedulingView;
import io.racex.strategy.Strategy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Optimal DPOR on several cores with exactly the sequential search's executions, by work stealing
 * with a sequential check.
 *
 * <p>One coordinator runs {@link Dpor} as a sequential search would. An idle helper is handed the
 * pending branch nearest the root that nobody works on ({@link Dpor#stealable}), the largest piece
 * of work there is, and explores the branch's whole subtree with its own search
 * ({@link Dpor#subtree}) on its own store, recording every execution it runs. A subtree's
 * exploration depends only on what is inside it (races whose first event lies above it add branches
 * above it, not in it), so the helper runs the executions the coordinator will ask for there, in
 * the same order. When the coordinator reaches them it feeds the recorded scheduling points to its
 * own {@link Dpor}, which must choose exactly what the helper chose at each (else the recording is
 * dropped and the execution runs again), and analyses them itself: only its analysis plants
 * branches, so the search is the sequential one, step for step, and so is its count.
 *
 * <p>A branch's subtree can still grow after it is handed out and before the coordinator takes
 * the branch: a race found meanwhile can add a sequence below it ({@link Dpor#grown}), and the
 * helper's search is then no longer the coordinator's. The coordinator withdraws such a claim at
 * once (what was recorded stays usable) and hands that branch out no more: on lastzero(10) about
 * a dozen of some thirty subtrees handed out are withdrawn, and the helpers still run about half
 * of the executions, nearly all of them used.
 *
 * <p>When the coordinator catches up with a helper (it needs an execution of the helper's subtree
 * that the helper has not run), it takes the rest of that subtree back and explores on from there;
 * the helper is then handed the next piece, typically the shallowest pending branch of that same
 * subtree. Replaying a recording costs the coordinator a small part of running it (lastzero(10):
 * about 40 of 300 µs, mostly the race analysis), so with {@code n} workers nearly {@code n}
 * executions run at once.
 */
final class ParallelDpor {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int CANCELLED = 2;

    private final Options options;
    private final int helpers;
    private final Explorer.Progress progress;

    ParallelDpor(Options options, int workers, Explorer.Progress progress) {
        this.options = options;
        this.helpers = workers - 1;
        this.progress = progress;
    }

    /** One scheduling point as the runtime showed it. */
    private record Point(int threads, int[] enabled, StepRequest[] pending, int current, int position, int preemptions)
            implements SchedulingView {
        static Point of(SchedulingView v) {
            StepRequest[] p = new StepRequest[v.threadCount()];
            for (int t = 0; t < p.length; t++) {
                p[t] = v.pending(t);
            }
            return new Point(v.threadCount(), v.enabled(), p, v.current(), v.position(), v.preemptions());
        }

        @Override
        public int threadCount() {
            return threads;
        }

        @Override
        public int[] enabled() {
            return enabled.clone();
        }

        @Override
        public boolean isEnabled(int thread) {
            for (int t : enabled) {
                if (t == thread) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public StepRequest pending(int thread) {
            return pending[thread];
        }

        @Override
        public List<Step> history() {
            throw new UnsupportedOperationException("a recorded scheduling point keeps no history");
        }
    }

    /** An execution run by a helper: its scheduling points, the choices made at them, the record and its verdict. */
    private record Ahead(List<Point> points, List<Integer> choices, Execution execution, Verdict verdict) {}

    /** Runs a helper's search and keeps every scheduling point it saw. */
    private static final class Recorder implements Strategy {
        final Dpor search;
        final List<Point> points = new ArrayList<>();
        final List<Integer> choices = new ArrayList<>();

        Recorder(Dpor search) {
            this.search = search;
        }

        @Override
        public boolean beginExecution() {
            return true; // the helper began the execution on its search already
        }

        @Override
        public int choose(SchedulingView view) {
            points.add(Point.of(view));
            int c = search.choose(view);
            choices.add(c);
            return c;
        }

        @Override
        public boolean complete() {
            return search.complete();
        }

        @Override
        public String name() {
            return search.name();
        }
    }

    /** A subtree handed to a helper. */
    private static final class Claim {
        final DporPlan root;
        int state = RUNNING;
        /** The key of the execution the helper runs now, or null. */
        String running;
        /** Whether the coordinator's search has reached the subtree. */
        boolean entered;
        /** Whether the coordinator has left the subtree: nothing recorded for it is of use any more. */
        boolean purged;
        /** The keys of the executions recorded, so that what the coordinator did not use can be dropped. */
        final List<String> keys = new ArrayList<>();

        Claim(DporPlan root) {
            this.root = root;
        }

        /** Whether the coordinator must look to this claim's helper for executions in the subtree. */
        boolean binding() {
            return state != CANCELLED;
        }
    }

    /** A helper's mailbox. */
    private static final class Helper {
        Claim assigned;
    }

    private final Object lock = new Object();
    private final Map<String, Ahead> done = new HashMap<>();
    private final List<Claim> claims = new ArrayList<>();
    private final Deque<Helper> idle = new ArrayDeque<>();
    /** Branches whose subtree grew while a helper explored it: likely to grow again, so not handed out again. */
    private final Set<String> unstable = new HashSet<>();
    private boolean closed;
    private Throwable helperFailure;

    <H> ExplorationResult explore(Scenario<H> scenario, long start) throws Exception {
        Dpor dpor = new Dpor();
        List<Thread> threads = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            Helper me = new Helper();
            Thread t = new Thread(() -> help(scenario, me), "racex-helper-" + (h + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            long executions = 0;
            long violations = 0;
            boolean stoppedEarly = false;
            boolean shared = false;
            Execution best = null;
            while (true) {
                if (executions >= options.maxSchedules()) {
                    stoppedEarly = true;
                    break;
                }
                if (!dpor.beginExecution()) {
                    break;
                }
                Ahead ahead = take(dpor);
                Execution e;
                Verdict v = null;
                if (ahead != null && feed(dpor, ahead)) {
                    e = ahead.execution();
                    v = ahead.verdict();
                } else {
                    if (ahead != null) {
                        dpor.abandonExecution(); // the scenario is not deterministic; running it again shows how
                    }
                    e = runtime.run(scenario, store, dpor);
                }
                dpor.endExecution(e);
                regrown(dpor);
                shared = shared || Explorer.sharedStep(e);
                if (e.termination() == Termination.PRUNED) {
                    continue;
                }
                executions++;
                if (v == null) {
                    v = checker.check(e);
                }
                if (v instanceof Verdict.Violation) {
                    violations++;
                    if (best == null || Explorer.MINIMAL.compare(e, best) < 0) {
                        best = e;
                    }
                }
                progress.update(executions, violations);
                if (best != null && options.stopAtFirstViolation()) {
                    stoppedEarly = true;
                    break;
                }
            }
            synchronized (lock) {
                if (helperFailure != null) {
                    throw new IllegalStateException("a helper failed: " + helperFailure.getMessage(), helperFailure);
                }
            }
            boolean complete = !stoppedEarly && dpor.complete() && shared;
            String completeness = shared ? Explorer.completeness(dpor, complete, stoppedEarly, executions, best != null)
                    : Explorer.NO_SHARED_STEP;
            return ParallelExplorer.finish(options, scenario, store, runtime, checker, dpor, executions, complete,
                    completeness, best, start, false, shared);
        } finally {
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static boolean feed(Dpor dpor, Ahead ahead) {
        for (int k = 0; k < ahead.points().size(); k++) {
            if (dpor.choose(ahead.points().get(k)) != ahead.choices().get(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The recording of the execution the coordinator has just begun, waiting for the helper that is
     * running it; null if nobody has run it or will (the coordinator runs it). Hands work to idle
     * helpers on the way: between beginning an execution and its first choice is when the
     * coordinator's search lists exactly the branches still to come.
     */
    private Ahead take(Dpor dpor) throws InterruptedException {
        DporPlan plan = dpor.plan();
        String key = plan.key();
        synchronized (lock) {
            retire(plan);
            while (true) {
                handOut(dpor);
                Ahead a = done.remove(key);
                if (a != null) {
                    return a;
                }
                if (helperFailure != null) {
                    return null;
                }
                Claim c = binding(plan);
                if (c == null) {
                    return null;
                }
                if (c.state == RUNNING && key.equals(c.running)) {
                    lock.wait();
                    continue;
                }
                // caught up with the helper (or the scenario is not deterministic): the coordinator
                // explores on from here, and the rest of the subtree can be handed out again
                c.state = CANCELLED;
                return null;
            }
        }
    }

    /**
     * Withdraws the claims whose subtree grew in the coordinator's search since they were handed
     * out (see {@link Dpor#grown}): from the addition on, the helper's search would not be the
     * coordinator's. What the helper recorded stays usable (the coordinator takes what matches, and
     * a helper later given a branch inside it replays those recordings instead of running them);
     * the branch itself is not handed out again, as it is likely to grow again.
     */
    private void regrown(Dpor dpor) {
        synchronized (lock) {
            for (Claim c : claims) {
                if (!c.entered && c.state != CANCELLED && dpor.grown(c.root)) {
                    c.state = CANCELLED;
                    unstable.add(c.root.key());
                }
            }
        }
    }

    /** The claim whose subtree holds {@code plan} and whose helper may run it, or null. */
    private Claim binding(DporPlan plan) {
        for (Claim c : claims) {
            if (c.binding() && c.root.contains(plan)) {
                return c;
            }
        }
        return null;
    }

    /** Gives each idle helper the shallowest pending branch that nobody works on. */
    private void handOut(Dpor dpor) {
        while (!idle.isEmpty()) {
            DporPlan p = dpor.stealable(candidate -> binding(candidate) == null && !unstable.contains(candidate.key()));
            if (p == null) {
                return;
            }
            Claim c = new Claim(p);
            claims.add(c);
            idle.poll().assigned = c;
            lock.notifyAll();
        }
    }

    /**
     * Notes that the coordinator is at {@code plan}: subtrees are explored contiguously, so a
     * subtree it has entered and left again is done with, and its leftover recordings are dropped.
     */
    private void retire(DporPlan plan) {
        for (Iterator<Claim> it = claims.iterator(); it.hasNext(); ) {
            Claim c = it.next();
            if (c.root.contains(plan)) {
                c.entered = true;
            } else if (c.entered) {
                c.purged = true;
                c.state = CANCELLED;
                for (String k : c.keys) {
                    done.remove(k); // no-op for those the coordinator used
                }
                it.remove();
            }
        }
    }

    private <H> void help(Scenario<H> scenario, Helper me) {
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            while (true) {
                Claim claim;
                synchronized (lock) {
                    idle.add(me);
                    while (me.assigned == null && !closed) {
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    claim = me.assigned;
                    me.assigned = null;
                }
                explore(scenario, store, runtime, checker, claim);
            }
        } catch (Throwable t) {
            synchronized (lock) {
                if (helperFailure == null) {
                    helperFailure = t;
                }
                lock.notifyAll();
            }
        }
    }

    /**
     * Feeds an execution recorded for an earlier claim (withdrawn when its subtree grew) to a
     * helper's search instead of running it again; null if the search chooses differently (it is
     * then run).
     */
    private static Ahead replay(Dpor search, Ahead prior) {
        if (!feed(search, prior)) {
            search.abandonExecution();
            return null;
        }
        search.endExecution(prior.execution());
        return prior;
    }

    /** Explores a claimed subtree until it is done or the coordinator takes it back. */
    private <H> void explore(Scenario<H> scenario, Store<H> store, Runtime runtime, Checker<H> checker, Claim claim) {
        Dpor search = Dpor.subtree(claim.root);
        try {
            while (search.beginExecution()) {
                String key = search.plan().key();
                Ahead prior;
                synchronized (lock) {
                    if (claim.state != RUNNING || closed) {
                        return;
                    }
                    claim.running = key;
                    prior = done.get(key);
                }
                Ahead a = prior == null ? null : replay(search, prior);
                if (a == null) {
                    Recorder r = new Recorder(search);
                    Execution e = runtime.run(scenario, store, r);
                    search.endExecution(e);
                    Verdict v = e.termination() == Termination.PRUNED ? null : checker.check(e);
                    a = new Ahead(r.points, r.choices, e, v);
                }
                synchronized (lock) {
                    claim.running = null;
                    if (!claim.purged) {
                        done.put(key, a);
                        claim.keys.add(key);
                    }
                    lock.notifyAll();
                }
            }
        } catch (RacexException e) {
            // e.g. the scenario is not deterministic: the coordinator meets the same problem when it
            // runs these executions itself, and reports it
        } finally {
            synchronized (lock) {
                claim.running = null;
                if (claim.state == RUNNING) {
                    claim.state = FINISHED;
                }
                lock.notifyAll();
            }
        }
    }
}
