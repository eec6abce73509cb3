package io.racex.engine;

import io.racex.Ending;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the loops of one search share, whether one runs or several workers do: the executions
 * and violations counted so far, and whether (and why) the search stops.
 */
final class Tally {
    private final long maxSchedules;
    private final Explorer.Progress progress;
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    /** Whether any execution, counted or not, made a shared step: without one nothing was interleaved. */
    private volatile boolean sawSharedStep;
    private final AtomicReference<Ending> stop = new AtomicReference<>();
    /** Set when a worker failed: the others stop at once, and the failure is what is reported. */
    private volatile boolean abandoned;

    Tally(long maxSchedules, Explorer.Progress progress) {
        this.maxSchedules = maxSchedules;
        this.progress = progress;
    }

    /** Whether a loop may begin another execution; at the limit on executions the search stops. */
    boolean mayBegin() {
        if (stop.get() != null || abandoned) {
            return false;
        }
        if (executions.get() >= maxSchedules) {
            stop(Ending.MAX_SCHEDULES);
            return false;
        }
        return true;
    }

    /** Stops the search; the first reason given is the one reported. */
    void stop(Ending why) {
        stop.compareAndSet(null, why);
    }

    /** Stops every loop without a result: a worker failed. */
    void abandon() {
        abandoned = true;
    }

    /** Executions in which the store refused a step (a database's serialization failure or deadlock victim). */
    private final AtomicLong refused = new AtomicLong();
    /** The first refusal seen, as a result names it: {@code serialization failure, SQLSTATE 40001}. */
    private final AtomicReference<String> firstRefusal = new AtomicReference<>();

    /** Counts an execution just judged and reports progress. */
    void ran(io.racex.Execution e) {
        if (!sawSharedStep && io.racex.ExplorationResult.sharedStep(e)) {
            sawSharedStep = true;
        }
        for (io.racex.Step s : e.steps()) {
            if (s.value() instanceof io.racex.store.Refusal r) {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, (r.refusal() == io.racex.store.Refusal.Kind.DEADLOCK ? "deadlock"
                        : "serialization failure") + ", SQLSTATE " + r.code() + (r.vendorCode().isEmpty() ? "" : ", error " + r.vendorCode()));
                break;
            }
        }
    }

    /**
     * What the database did to keep a passing search correct, for its result: {@code "; the database
     * refused a transaction in 6 of them (serialization failure, SQLSTATE 40001)"}, or empty.
     */
    String refusals() {
        long n = refused.get();
        return n == 0 ? "" : "; the database refused a transaction in " + n + " of them (" + firstRefusal.get() + ")";
    }

    boolean sawSharedStep() {
        return sawSharedStep;
    }

    void counted(boolean violated) {
        long n = executions.incrementAndGet();
        long v = violated ? violations.incrementAndGet() : violations.get();
        synchronized (this) {
            progress.update(n, v);
        }
    }

    long executions() {
        return executions.get();
    }

    /** Why the search ended: {@link Ending#EXHAUSTED} unless it was stopped. */
    Ending ending() {
        Ending e = stop.get();
        return e == null ? Ending.EXHAUSTED : e;
    }
}
