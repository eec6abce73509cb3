package io.racex.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The threads one runtime uses, leased from a pool shared by all runtimes, so that many small
 * explorations (tests, the minimizer, a benchmark) start no thread after the first. Logical thread
 * {@code i} of every execution is played by the same worker, unless that worker was abandoned.
 * Used by the runtime's controlling thread only.
 */
final class WorkerPool implements AutoCloseable {
    /** Idle threads shared by all runtimes. */
    private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();
    /** Idle threads kept beyond this are stopped. */
    private static final int MAX_IDLE = 64;

    private final List<Worker> leased = new ArrayList<>();
    private int abandoned;

    /** The worker that plays logical thread {@code i}; a fresh one if the last was abandoned. */
    Worker get(int i) {
        while (leased.size() <= i) {
            leased.add(lease());
        }
        Worker w = leased.get(i);
        if (w.dead) {
            w = lease();
            leased.set(i, w);
        }
        return w;
    }

    private static Worker lease() {
        Worker w = IDLE.pollFirst();
        return w != null ? w : new Worker();
    }

    /** Gives up on {@code w}, stuck in user code (see {@link Worker#abandon()}). */
    void abandon(Worker w) {
        if (!w.dead) {
            w.abandon();
            abandoned++;
        }
    }

    /** How many threads were abandoned, stuck in user code. */
    int abandoned() {
        return abandoned;
    }

    /** Gives the threads back to the shared pool, or stops them beyond what it keeps. */
    @Override
    public void close() {
        for (Worker w : leased) {
            if (!w.dead && IDLE.size() < MAX_IDLE) {
                w.run = null;
                IDLE.addFirst(w);
            } else {
                w.shutdown = true;
                w.release();
            }
        }
        leased.clear();
    }
}
