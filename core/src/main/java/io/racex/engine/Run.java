package io.racex.engine;

import io.racex.Execution;
import io.racex.Termination;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import io.racex.SchedulingView;
import io.racex.Strategy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * One execution in progress: what both handoff protocols share. It is the strategy's view of the
 * execution, books every choice, records every step, and at the end unwinds whatever still runs.
 * How a chosen thread is let go and how the end is found is the protocol's part:
 * {@link BatonRun} for stores whose steps cannot block, {@link GrantedRun} for those that can.
 */
abstract class Run<H> implements SchedulingView {
    final Scenario<H> scenario;
    final Store<H> store;
    final Strategy strategy;
    final int n;
    final Worker[] workers;
    final int maxSteps;
    final long stepTimeoutNanos;
    private final WorkerPool pool;
    final ExecutionLog log;
    /** Threads waiting inside the store (a database lock wait); only {@link GrantedRun} sets them. */
    final boolean[] blocked;
    private final int[] enabledCache;
    private int enabledCount;
    /** The thread a timeout found stuck in its own code between steps: no use waiting for it to unwind. */
    int stuck = -1;
    private final Thread controller = Thread.currentThread();
    volatile boolean controllerParked;

    Run(Scenario<H> scenario, Store<H> store, Strategy strategy, WorkerPool pool, int maxSteps, long stepTimeoutNanos) {
        this.scenario = scenario;
        this.store = store;
        this.strategy = strategy;
        this.pool = pool;
        this.maxSteps = maxSteps;
        this.stepTimeoutNanos = stepTimeoutNanos;
        this.n = scenario.threads().size();
        this.workers = new Worker[n];
        this.blocked = new boolean[n];
        this.enabledCache = new int[n];
        this.log = new ExecutionLog(scenario);
    }

    /** Runs the execution to its end and returns its record. */
    abstract Execution execute();

    /** Called by worker {@code w}, playing thread {@code t}, as the last thing it does once its task ended. */
    abstract void threadEnded(Worker w, int t);

    /** Thread {@code t}'s worker has its handle and task: the protocol may let it go at once, or later. */
    abstract void prepared(Worker w);

    /** Leases a worker per thread and gives each its handle and task. */
    final void prepare() {
        for (int t = 0; t < n; t++) {
            Worker w = pool.get(t);
            workers[t] = w;
            w.abort = false;
            w.stepValue = null;
            w.pending = null;
            w.op = 0;
            w.run = this;
            w.index = t;
            ThreadGate gate = new ThreadGate(this, w, t);
            H handle;
            try {
                handle = store.handle(t, gate);
            } catch (RacexException e) {
                throw e;
            } catch (Exception e) {
                throw new RacexException("could not prepare thread " + (t + 1) + " of " + scenario.name() + ": "
                        + ControlledRuntime.oneLine(e), e);
            }
            w.task = gate.task(scenario.threads().get(t).operations(), handle, log.results(t));
            prepared(w);
        }
    }

    /**
     * Called by thread {@code t} once it stopped at a step: returns when it is chosen to run it (or
     * the execution is abandoned).
     */
    abstract void awaitTurn(Worker w, int t);

    /** Books the strategy's choice {@code c}: preemption count, schedule, the step it runs. */
    final void grant(int c) {
        if (c < 0 || c >= n || !isEnabled(c)) {
            throw new IllegalStateException("strategy " + strategy.name() + " chose thread " + c + " which cannot move");
        }
        int current = log.current;
        Worker w = workers[c];
        log.chose(c, current >= 0 && c != current && isEnabled(current), w.pending, w.pendingOp);
        w.state = Worker.RUNNING;
    }

    /** Records the step thread {@code t} just completed, if it ran one. */
    final void record(int t, boolean waited) {
        Worker w = workers[t];
        if (w.state == Worker.DONE && w.stepValue instanceof Throwable internal && !(internal instanceof Exception)) {
            throw new IllegalStateException("racex internal error in thread " + (t + 1), internal);
        }
        log.ran(t, w.stepValue, waited);
    }

    /** Every thread finished, or still waits at the {@link StepKind#BEGIN} of a thread never started. */
    final boolean allDone() {
        for (Worker w : workers) {
            if (w.state != Worker.DONE && !neverStarted(w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean neverStarted(Worker w) {
        return w.state == Worker.PENDING && w.pending != null && w.pending.kind() == StepKind.BEGIN && !w.pending.isEnabled();
    }

    /** No thread can move: ends the execution as completed or, if some are still waiting, deadlocked. */
    final Execution noneEnabled() {
        return allDone() ? end(Termination.COMPLETED, null) : end(Termination.DEADLOCK, deadlockDetail());
    }

    private String deadlockDetail() {
        String own = store.deadlockDetail(); // a store that models locks names the cycle itself
        if (own != null) {
            return own;
        }
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < n; t++) {
            Worker w = workers[t];
            if (w.state == Worker.PENDING && w.pending != null && !neverStarted(w)) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append("T").append(t + 1).append(" waits to ").append(w.pending.kind().label()).append(' ')
                        .append(w.pending.target());
            } else if (blocked[t] && w.state == Worker.RUNNING) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append("T").append(t + 1).append(" waits inside the store");
                Set<Integer> holders = store.holders(t, null);
                if (!holders.isEmpty()) {
                    sb.append(" for");
                    String sep = " ";
                    for (int h : new TreeSet<>(holders)) {
                        sb.append(sep).append(h < 0 ? "a session outside racex" : "T" + (h + 1));
                        if (h >= 0 && h < n && workers[h].state == Worker.DONE) {
                            sb.append(", which ended without ending its transaction");
                        }
                        sep = ", ";
                    }
                }
            }
        }
        return sb.toString();
    }

    final Execution stepBound() {
        return end(Termination.STEP_BOUND, "more than " + maxSteps
                + " steps: a possible livelock or spin loop (raise the bound with --max-steps if the scenario is just long)");
    }

    /**
     * Ends the execution because thread {@code t} did not reach its next step in time. A thread in
     * its own code between steps cannot be stopped: it will be abandoned at once.
     */
    final Execution timedOut(int t) {
        Worker w = workers[t];
        boolean inStep = w.inAction;
        if (!inStep) {
            stuck = t;
        }
        String step = inStep && w.pending != null && w.pending.target() != null ? " " + w.pending.target() : "";
        return end(Termination.TIMEOUT, who(t) + " did not reach its next step within " + millis() + " ms"
                + (inStep ? " (stuck inside its step" + step + ": the store did not return)"
                        : " (stuck in its own code between steps; its Java thread was abandoned)"));
    }

    /** Names thread {@code t} and the operation it is in, for a report. */
    final String who(int t) {
        Scenario.ThreadSpec<H> spec = scenario.threads().get(t);
        int op = Math.min(Math.max(workers[t].op, 0), spec.operations().size() - 1);
        return spec.name() + " in operation \"" + spec.operations().get(op).name() + "\"";
    }

    final long millis() {
        return Duration.ofNanos(stepTimeoutNanos).toMillis();
    }

    final Execution end(Termination termination, String detail) {
        Map<String, Object> state = Map.of();
        if (termination == Termination.COMPLETED) {
            try {
                state = store.snapshot();
            } catch (RacexException e) {
                throw e;
            } catch (Exception e) {
                throw new RacexException("could not read the final state of " + scenario.name() + ": "
                        + ControlledRuntime.oneLine(e), e);
            }
        }
        return log.build(termination, detail, state);
    }

    final void wakeController() {
        if (controllerParked) {
            LockSupport.unpark(controller);
        }
    }

    /** Parks the controlling thread up to {@code nanos}, unless {@code w} is already past running. */
    final void parkController(Worker w, long nanos) {
        controllerParked = true;
        if (w == null || w.state == Worker.RUNNING) {
            LockSupport.parkNanos(this, nanos);
        }
        controllerParked = false;
    }

    /**
     * Unwinds every thread still in this execution, so that none is left running: a thread waiting
     * at a step is let go with the abort flag and unwinds there; the store's end frees one blocked
     * inside it. A thread that does not unwind in time is stuck in user code and is abandoned.
     */
    void finish() {
        for (Worker w : workers) {
            if (w != null && w.state == Worker.PENDING) {
                w.abort = true;
                w.state = Worker.RUNNING;
                w.release();
            } else if (w != null && w.state == Worker.RUNNING) {
                w.abort = true;
            }
        }
        // lets the store roll back and close, which also frees a thread blocked inside it
        store.endExecution();
        if (stuck >= 0) {
            pool.abandon(workers[stuck]);
        }
        long deadline = System.nanoTime() + Math.max(stepTimeoutNanos, 1_000_000_000L);
        for (Worker w : workers) {
            if (w == null || w.dead) {
                continue;
            }
            while (w.state != Worker.DONE && w.state != Worker.IDLE) {
                if (w.state == Worker.PENDING) {
                    w.abort = true;
                    w.state = Worker.RUNNING;
                    w.release();
                }
                if (System.nanoTime() > deadline) {
                    pool.abandon(w);
                    break;
                }
                parkController(null, 100_000);
            }
            if (!w.dead) {
                w.state = Worker.IDLE;
                w.abort = false;
            }
        }
    }

    // ---- SchedulingView ----

    /** Fills the enabled threads in; returns how many there are. */
    final int computeEnabled() {
        int[] out = enabledCache;
        int k = 0;
        for (int t = 0; t < n; t++) {
            Worker w = workers[t];
            if (w.state == Worker.PENDING && !blocked[t] && w.pending.isEnabled()) {
                out[k++] = t;
            }
        }
        enabledCount = k;
        return k;
    }

    @Override
    public int threadCount() {
        return n;
    }

    @Override
    public int[] enabled() {
        return Arrays.copyOf(enabledCache, enabledCount);
    }

    @Override
    public boolean isEnabled(int thread) {
        int[] e = enabledCache;
        for (int i = 0; i < enabledCount; i++) {
            if (e[i] == thread) {
                return true;
            }
        }
        return false;
    }

    @Override
    public StepRequest pending(int thread) {
        Worker w = workers[thread];
        return w.state == Worker.PENDING && !blocked[thread] ? w.pending : null;
    }

    @Override
    public int current() {
        return log.current;
    }

    @Override
    public int position() {
        return log.position;
    }

    @Override
    public int preemptions() {
        return log.preemptions;
    }
}
