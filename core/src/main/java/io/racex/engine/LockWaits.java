package io.racex.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads waiting inside a store that can block (a database lock wait), as the store's lock view
 * reports them ({@link io.racex.store.Store#blockedThreads}); never decided by time. A blocked
 * thread is not enabled; when a step releases it, its step is recorded, marked as having waited.
 */
final class LockWaits {
    private final Run<?> run;
    private final boolean[] blocked;

    LockWaits(Run<?> run) {
        this.run = run;
        this.blocked = run.blocked;
    }

    /** Whether thread {@code t}, busy in a step for a while, is waiting inside the store; marks it so. */
    boolean probe(int t) {
        if (run.workers[t].inAction && run.store.blockedThreads(Set.of(t)).contains(t)) {
            blocked[t] = true;
            return true;
        }
        return false;
    }

    boolean any() {
        for (boolean b : blocked) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a step, threads that were blocked in the store may have been released by it. Waits
     * until each is either finished with its step or confirmed still blocked by the store's lock
     * view; only then records the finished ones, in thread order. One step (a commit, a deadlock
     * victim's rollback) can release several threads at once, and the order in which they happen
     * to finish is timing: recording them as they are seen would let the same schedule give
     * different histories. Returns a sentence if the step timeout passed first, else null.
     */
    String settle() {
        long start = System.nanoTime();
        while (true) {
            Set<Integer> unsure = new HashSet<>();
            for (int t = 0; t < run.n; t++) {
                if (blocked[t] && run.workers[t].state == Worker.RUNNING) {
                    unsure.add(t);
                }
            }
            Set<Integer> still = unsure.isEmpty() ? Set.of() : run.store.blockedThreads(unsure);
            if (still.containsAll(unsure)) {
                for (int t = 0; t < run.n; t++) {
                    if (blocked[t] && run.workers[t].state != Worker.RUNNING) {
                        blocked[t] = false;
                        run.record(t, true);
                    }
                }
                return null;
            }
            if (System.nanoTime() - start > run.stepTimeoutNanos) {
                unsure.removeAll(still);
                int t = unsure.iterator().next();
                return run.who(t) + " was released from a lock wait but did not finish its step within " + run.millis() + " ms";
            }
            LockSupport.parkNanos(this, 100_000);
        }
    }

    /** What {@link #awaitRelease} says when no thread can ever be released: the execution is a deadlock. */
    static final String NEVER_RELEASED = "never released";

    /**
     * Every enabled thread is blocked in the store: waits for one to finish (the database decides),
     * unless none ever can ({@link #neverReleased}): then returns {@link #NEVER_RELEASED} at once.
     * Returns null once a step was recorded, a sentence if the step timeout passed first.
     */
    String awaitRelease() {
        long start = System.nanoTime();
        long nextCheck = start;
        boolean seenOnce = false;
        while (true) {
            for (int t = 0; t < run.n; t++) {
                if (blocked[t] && run.workers[t].state != Worker.RUNNING) {
                    return settle();
                }
            }
            // asked again now and then; a deadlock only on two readings in a row, the blocked threads
            // still inside their steps: a lock view that lags behind a grant (InnoDB's status can
            // still list a wait just granted, and names no holders) must not make one
            if (System.nanoTime() - nextCheck >= 0) {
                boolean never = neverReleased();
                if (never && seenOnce) {
                    return NEVER_RELEASED;
                }
                seenOnce = never;
                nextCheck = System.nanoTime() + 20_000_000L;
            }
            if (System.nanoTime() - start > run.stepTimeoutNanos) {
                return "every thread waits inside the store and none was released within " + run.millis()
                        + " ms (the database did not resolve the wait)";
            }
            LockSupport.parkNanos(this, 200_000);
        }
    }

    /**
     * Whether no thread blocked in the store can ever be released, while no thread is enabled: each
     * waits, as the store's lock view names its holders ({@link io.racex.store.Store#holders} with no
     * pending step), only for threads stopped at a step that cannot run (a Java lock another thread
     * holds, a join), for threads that ended still holding the lock (a transaction left open: only
     * the end of the execution releases it) or for threads blocked in the store themselves, and the blocked threads wait for
     * each other in no cycle. A cycle inside the store is the database's to break (it picks a
     * victim), and a holder outside racex may end its transaction; but a thread stopped at a step
     * moves only after some other thread's step, and none can come: the wait goes through a lock the
     * store does not see (a deadlock mixing a Java monitor and a row lock), so the execution is a
     * deadlock. Decided from the lock view, never by time: when the view cannot name every holder
     * (empty), the answer is no and the runtime waits as before. {@link #awaitRelease} acts on it
     * only when two readings in a row agree.
     */
    boolean neverReleased() {
        Map<Integer, Set<Integer>> waitsFor = new HashMap<>();
        for (int t = 0; t < run.n; t++) {
            if (!blocked[t]) {
                continue;
            }
            if (run.workers[t].state != Worker.RUNNING) {
                return false; // released: its step is to be recorded first
            }
            Set<Integer> holders = run.store.holders(t, null);
            if (holders.isEmpty()) {
                return false;
            }
            for (int h : holders) {
                if (h < 0 || h >= run.n || h == t) {
                    return false; // outside racex: its transaction may end
                }
                Worker w = run.workers[h];
                // a thread that ended still holding the lock (its transaction left open) never moves again either
                boolean stopped = (w.state == Worker.PENDING && !blocked[h] && w.pending != null && !w.pending.isEnabled())
                        || w.state == Worker.DONE;
                if (!stopped && !blocked[h]) {
                    return false; // running: leave it to the database as before
                }
            }
            waitsFor.put(t, holders);
        }
        if (waitsFor.isEmpty()) {
            return false;
        }
        // a cycle among the blocked threads alone: the database will break it
        Set<Integer> done = new HashSet<>();
        for (int t : waitsFor.keySet()) {
            if (cycle(t, waitsFor, new HashSet<>(), done)) {
                return false;
            }
        }
        return true;
    }

    private static boolean cycle(int t, Map<Integer, Set<Integer>> waitsFor, Set<Integer> onPath, Set<Integer> done) {
        if (done.contains(t)) {
            return false;
        }
        if (!onPath.add(t)) {
            return true;
        }
        for (int h : waitsFor.getOrDefault(t, Set.of())) {
            if (waitsFor.containsKey(h) && cycle(h, waitsFor, onPath, done)) {
                return true;
            }
        }
        onPath.remove(t);
        done.add(t);
        return false;
    }
}
