package io.racex.engine;

import java.util.HashSet;
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

    /** Every enabled thread is blocked in the store: waits for one to finish (the database decides). */
    String awaitRelease() {
        long start = System.nanoTime();
        while (true) {
            for (int t = 0; t < run.n; t++) {
                if (blocked[t] && run.workers[t].state != Worker.RUNNING) {
                    return settle();
                }
            }
            if (System.nanoTime() - start > run.stepTimeoutNanos) {
                return "every thread waits inside the store and none was released within " + run.millis()
                        + " ms (the database did not resolve the wait)";
            }
            LockSupport.parkNanos(this, 200_000);
        }
    }
}
