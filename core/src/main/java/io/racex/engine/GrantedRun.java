package io.racex.engine;

import io.racex.Execution;
import io.racex.Termination;
import io.racex.Scenario;
import io.racex.store.Store;
import io.racex.Strategy;

/**
 * The handoff for a store whose steps can block (a database lock wait): the controlling thread
 * grants every step, waits until the granted thread stops at its next step, finishes, or is found
 * waiting inside the store ({@link LockWaits}), and only then asks the strategy again.
 */
final class GrantedRun<H> extends Run<H> {
    private final LockWaits waits;

    GrantedRun(Scenario<H> scenario, Store<H> store, Strategy strategy, WorkerPool pool, int maxSteps, long stepTimeoutNanos) {
        super(scenario, store, strategy, pool, maxSteps, stepTimeoutNanos);
        this.waits = new LockWaits(this);
    }

    @Override
    void prepared(Worker w) {
        // runs to its first step while the next thread's handle is made
        w.state = Worker.RUNNING;
        w.release();
    }

    @Override
    Execution execute() {
        prepare();
        for (int t = 0; t < n; t++) {
            if (!awaitSettled(t)) {
                return timedOut(t);
            }
        }
        while (true) {
            if (computeEnabled() == 0) {
                if (!allDone() && waits.any()) {
                    String late = waits.awaitRelease();
                    if (late == LockWaits.NEVER_RELEASED) {
                        return noneEnabled(); // a deadlock through a lock the store does not see
                    }
                    if (late != null) {
                        return end(Termination.TIMEOUT, late);
                    }
                    continue;
                }
                return noneEnabled();
            }
            if (log.position >= maxSteps) {
                return stepBound();
            }
            int c = strategy.choose(this);
            if (c == Strategy.PRUNE) {
                return end(Termination.PRUNED, null);
            }
            grant(c);
            workers[c].release();
            if (!awaitSettled(c)) {
                return timedOut(c);
            }
            if (waits.any()) {
                String late = waits.settle();
                if (late != null) {
                    return end(Termination.TIMEOUT, late);
                }
            }
        }
    }

    @Override
    void awaitTurn(Worker w, int t) {
        wakeController();
        w.awaitGo();
    }

    @Override
    void threadEnded(Worker w, int t) {
        wakeController();
    }

    /**
     * Waits until thread {@code t} stops at its next step or finishes (then records the step it
     * ran), or is found blocked in the store. False if the step timeout passed first.
     */
    private boolean awaitSettled(int t) {
        Worker w = workers[t];
        long start = 0;
        int spins = Spin.budget();
        int yields = Spin.YIELDS;
        long parkNanos = 20_000;
        while (w.state == Worker.RUNNING) {
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            if (yields > 0) {
                yields--;
                Thread.yield();
                continue;
            }
            if (start == 0) {
                start = System.nanoTime();
            }
            if (waits.probe(t)) {
                return true;
            }
            if (System.nanoTime() - start > stepTimeoutNanos) {
                return false;
            }
            parkController(w, parkNanos);
            parkNanos = Math.min(parkNanos * 2, 1_000_000);
        }
        record(t, false);
        return true;
    }
}
