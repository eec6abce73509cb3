package io.racex.engine;

import io.racex.Execution;
import io.racex.Termination;
import io.racex.Scenario;
import io.racex.store.Store;
import io.racex.Strategy;
import java.util.concurrent.locks.LockSupport;

/**
 * The handoff for a store whose steps cannot block (the in-memory store): the threads pass a
 * baton. The thread that stops at a step (or finishes) records its last step, asks the strategy
 * itself and, when it is chosen again (the common case: no preemption), simply goes on; otherwise
 * it wakes the chosen thread and waits. The controlling thread only starts the execution and waits
 * for its end, so a step costs no thread switch unless the schedule switches threads.
 *
 * <p>The baton holder works under this run's lock; the controller reads only the volatile fields.
 */
final class BatonRun<H> extends Run<H> {
    private final boolean[] arrived;
    private int arrivals;
    private boolean starting;
    private boolean launched;
    private volatile boolean ended;
    private volatile Execution result;
    private volatile Throwable failure;
    /** Counts handoffs, so that the controller sees whether the execution moves. */
    private volatile int progress;
    /** The thread that holds the baton, or -1 while the threads run to their first step. */
    private volatile int holder;

    BatonRun(Scenario<H> scenario, Store<H> store, Strategy strategy, WorkerPool pool, int maxSteps, long stepTimeoutNanos) {
        super(scenario, store, strategy, pool, maxSteps, stepTimeoutNanos);
        this.arrived = new boolean[n];
    }

    @Override
    void prepared(Worker w) {
        // let go together in execute()
    }

    /**
     * Starts every thread (each runs to its first step; the last to get there asks the strategy
     * for the first step) and waits for the execution's end.
     */
    @Override
    Execution execute() {
        prepare();
        starting = true;
        holder = -1;
        launched = true;
        for (Worker w : workers) {
            w.state = Worker.RUNNING;
        }
        // last thread first: on a busy or single core they tend to arrive in release order, and the
        // last to arrive decides; strategies mostly pick thread 1 first, which then goes on at once
        for (int t = n - 1; t >= 0; t--) {
            workers[t].release();
        }
        int seen = -1;
        long since = 0;
        int spins = Spin.budget() / 4;
        while (result == null && failure == null) {
            // the threads run the execution; this one only waits for its end, so it parks soon
            // (yielding instead would compete with them for a single core)
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            int p = progress;
            if (p != seen || since == 0) {
                seen = p;
                since = now;
            } else if (now - since > stepTimeoutNanos) {
                synchronized (this) {
                    if (!ended) {
                        conclude(timedOut(late()));
                    }
                }
                break;
            }
            controllerParked = true;
            if (result == null && failure == null) {
                // woken by the thread that ends the execution; the timeout only serves the safety net
                LockSupport.parkNanos(this, 50_000_000L);
            }
            controllerParked = false;
        }
        Throwable f = failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        return result;
    }

    /** The thread the execution waits for: the baton holder, or one yet to reach its first step. */
    private int late() {
        int h = holder;
        for (int t = 0; h < 0 && t < n; t++) {
            h = arrived[t] ? -1 : t;
        }
        return Math.max(h, 0);
    }

    @Override
    void awaitTurn(Worker w, int t) {
        if (!passOn(t)) {
            w.awaitGo();
        }
    }

    @Override
    void threadEnded(Worker w, int t) {
        if (!w.abort) {
            passOn(t);
        } else {
            wakeController();
        }
    }

    /**
     * Called by thread {@code t}, which holds the baton, once it stopped at a step or finished:
     * records its last step, asks the strategy, and wakes the chosen thread. Returns true when
     * {@code t} itself is chosen and goes on at once.
     */
    private boolean passOn(int t) {
        int next;
        synchronized (this) {
            if (ended) {
                return false;
            }
            try {
                progress++;
                record(t, false);
                if (starting && !arrived[t]) {
                    arrived[t] = true;
                    if (++arrivals < n) {
                        return false; // the last thread to reach its first step decides
                    }
                    starting = false;
                }
                next = decide();
            } catch (Throwable e) {
                ended = true;
                failure = e;
                next = -1;
            }
            if (next >= 0 && next != holder) {
                holder = next;
            }
            if (next == t) {
                return true;
            }
        }
        // wake outside the lock: the woken thread may want it at once
        if (next >= 0) {
            workers[next].release();
        } else {
            wakeController();
        }
        return false;
    }

    /** The next thread to move, or -1 when the execution is over (then its record is concluded). */
    private int decide() {
        if (computeEnabled() == 0) {
            conclude(noneEnabled());
            return -1;
        }
        if (log.position >= maxSteps) {
            conclude(stepBound());
            return -1;
        }
        int c = strategy.choose(this);
        if (c == Strategy.PRUNE) {
            conclude(end(Termination.PRUNED, null));
            return -1;
        }
        grant(c);
        return c;
    }

    /** Ends the execution with its record; the caller then wakes the controller. */
    private void conclude(Execution e) {
        ended = true;
        result = e;
    }

    @Override
    void finish() {
        if (!ended) {
            synchronized (this) {
                ended = true;
            }
        }
        if (!launched) {
            // preparing failed: no thread was let go, so none may keep its task
            for (Worker w : workers) {
                if (w != null) {
                    w.task = null;
                    w.state = Worker.IDLE;
                }
            }
        }
        super.finish();
    }
}
