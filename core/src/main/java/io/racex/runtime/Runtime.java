package io.racex.runtime;

import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.schedule.Schedule;
import io.racex.store.StepGate;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import io.racex.strategy.SchedulingView;
import io.racex.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one execution at a time: each logical thread on its own (reused) Java thread, exactly one
 * moving at a time. At every step the thread stops and the {@link Strategy} picks who moves next.
 * The runtime is mechanical: it parks, resumes, records; it never decides.
 *
 * <p>On a store whose steps cannot block ({@link Store#canBlock()} false, e.g. the in-memory store)
 * the threads pass a baton: the thread that stops at a step asks the strategy itself and, when it is
 * chosen again (the common case: no preemption), simply goes on; otherwise it wakes the chosen
 * thread and waits. The controlling thread only starts the execution and waits for its end, so a
 * step costs no thread switch unless the schedule switches threads. On a store whose steps can
 * block (a database lock wait), the controlling thread grants every step and watches the store's
 * lock view between steps.
 *
 * <p>Handoff is spin-then-park: a short spin avoids the kernel when the other side answers within
 * microseconds, which it does on a machine with a spare core; with a single core spinning only
 * delays the thread it waits for, so it is skipped.
 *
 * <p>A runtime is not thread-safe: one controlling thread uses it. Its threads come from a pool
 * shared by all runtimes, so that many small explorations (tests, the minimizer, a benchmark) start
 * no thread after the first; close the runtime to give them back.
 */
public final class Runtime implements AutoCloseable {
    /** Default bound on steps per execution; beyond it the execution is reported as a possible livelock. */
    public static final int DEFAULT_MAX_STEPS = 10_000;
    /** Default safety net: how long one thread may take to reach its next step. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

    /** Spins before parking; none on a single core, where the awaited thread needs this core. */
    private static final int SPINS = java.lang.Runtime.getRuntime().availableProcessors() > 1 ? 2_000 : 0;
    /**
     * The spin budget of a handoff wait, adapted to the machine: halved each time a wait ends
     * parked anyway, grown each time a spin catches the handoff. On a quiet machine with spare
     * cores spins catch most handoffs and it stays high; on a busy machine, where a spinning thread
     * only takes a core from the thread it waits for, it falls to a short probe that lets it grow
     * again when the machine quietens. Zero on a single core.
     * Shared and updated without synchronization: it is a hint, not state.
     */
    private static int adaptiveSpins = SPINS;

    static int spinBudget() {
        return adaptiveSpins;
    }

    static void spinCaught() {
        int s = adaptiveSpins;
        if (s < SPINS) {
            adaptiveSpins = Math.min(SPINS, s + 16 + s / 8);
        }
    }

    static void spinMissed() {
        adaptiveSpins = Math.max(Math.min(SPINS, 64), adaptiveSpins / 2);
    }
    private static final int YIELDS = 20;

    private final int maxSteps;
    private final long stepTimeoutNanos;
    /** Idle threads shared by all runtimes. */
    private static final java.util.concurrent.ConcurrentLinkedDeque<Worker> IDLE = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Idle threads kept beyond this are stopped. */
    private static final int MAX_IDLE = 64;
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();

    private final List<Worker> pool = new ArrayList<>();
    private volatile Thread controller;
    private volatile boolean controllerParked;
    private boolean closed;

    public Runtime() {
        this(DEFAULT_MAX_STEPS, DEFAULT_STEP_TIMEOUT);
    }

    public Runtime(int maxSteps, Duration stepTimeout) {
        if (maxSteps < 1) {
            throw new RacexException("the step bound must be positive, was " + maxSteps);
        }
        this.maxSteps = maxSteps;
        this.stepTimeoutNanos = stepTimeout.toNanos();
    }

    public int maxSteps() {
        return maxSteps;
    }

    /**
     * Runs one execution of {@code scenario} on {@code store}, with {@code strategy} choosing at
     * every step. Whatever happens, no thread of this execution is still running when it returns.
     */
    public <H> Execution run(Scenario<H> scenario, Store<H> store, Strategy strategy) {
        if (closed) {
            throw new IllegalStateException("runtime closed");
        }
        controller = Thread.currentThread();
        try {
            store.reset();
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException("could not build the initial state of " + scenario.name() + ": " + oneLine(e), e);
        }
        Run<H> run = new Run<>(scenario, store, strategy);
        try {
            return run.execute();
        } finally {
            run.finish();
        }
    }

    /** Gives this runtime's threads back to the shared pool (or stops them, beyond what the pool keeps). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker w : pool) {
            if (!w.dead && IDLE.size() < MAX_IDLE) {
                w.runtime = null;
                IDLE.addFirst(w);
            } else {
                w.shutdown = true;
                w.release();
            }
        }
        pool.clear();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private Worker worker(int i) {
        while (pool.size() <= i) {
            pool.add(lease(pool.size()));
        }
        Worker w = pool.get(i);
        if (w.dead) {
            w = lease(i);
            pool.set(i, w);
        }
        return w;
    }

    private Worker lease(int i) {
        Worker w = IDLE.pollFirst();
        if (w == null) {
            w = new Worker();
        }
        w.runtime = this;
        w.index = i;
        return w;
    }

    void wakeController() {
        if (controllerParked) {
            LockSupport.unpark(controller);
        }
    }

    /** Thrown inside a worker to unwind an abandoned execution's user code. */
    static final class AbortSignal extends Error {
        static final AbortSignal INSTANCE = new AbortSignal();

        private AbortSignal() {
            super("racex: execution abandoned", null, false, false);
        }
    }

    /** A pooled thread that runs one logical thread of each execution. */
    static final class Worker implements Runnable {
        static final int IDLE = 0;
        static final int RUNNING = 1;
        static final int PENDING = 2;
        static final int DONE = 3;

        /** The runtime using this thread; set before each task is released. */
        Runtime runtime;
        final Thread thread;
        volatile int state = IDLE;
        volatile boolean go;
        volatile boolean parked;
        volatile boolean abort;
        volatile boolean shutdown;
        volatile boolean dead;
        /** True while a step's action runs (it may block inside the store). */
        volatile boolean inAction;
        /** The execution passing the baton, or null when the controller grants steps. */
        Baton baton;
        /** The logical thread this one plays in its runtime. */
        int index;
        Runnable task;
        StepRequest pending;
        int pendingOp;
        Object stepValue;

        Worker() {
            this.thread = new Thread(this, "racex-thread-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }

        /** Lets the worker go: run a task, or run its granted step. */
        void release() {
            go = true;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        void awaitGo() {
            if (go) {
                go = false;
                return;
            }
            int budget = spinBudget();
            for (int i = 0; i < budget; i++) {
                Thread.onSpinWait();
                if (go) {
                    spinCaught();
                    go = false;
                    return;
                }
            }
            if (budget > 0) {
                spinMissed();
            }
            while (!go) {
                parked = true;
                if (!go) {
                    LockSupport.park(this);
                }
                parked = false;
            }
            go = false;
        }

        @Override
        public void run() {
            while (true) {
                awaitGo();
                if (shutdown) {
                    return;
                }
                // read before the task ends: once it has, the runtime may hand this thread to another
                Runtime rt = runtime;
                int me = index;
                try {
                    task.run();
                } catch (AbortSignal ignored) {
                    // the execution was abandoned; nothing of it matters any more
                } catch (Throwable t) {
                    // task already records operation failures; this is a racex bug, kept for the controller
                    stepValue = t;
                } finally {
                    task = null;
                    inAction = false;
                    Baton b = baton;
                    state = DONE;
                    if (b != null && !abort) {
                        // last thing this thread does for the execution: the next task may be set right after
                        b.passOn(me);
                    } else {
                        rt.wakeController();
                    }
                }
            }
        }
    }

    /** An execution run by baton passing: a thread that stopped at a step or finished hands on the baton. */
    interface Baton {
        /**
         * Called by thread {@code t}, which holds the baton, once it stopped at a step or finished:
         * records its last step, asks the strategy, and wakes the chosen thread. Returns true when
         * {@code t} itself is chosen and goes on at once.
         */
        boolean passOn(int t);
    }

    /** One execution in progress. */
    private final class Run<H> implements SchedulingView, Baton {
        final Scenario<H> scenario;
        final Store<H> store;
        final Strategy strategy;
        final int n;
        final Worker[] workers;
        final List<Step> history = new ArrayList<>();
        final List<List<OpResult>> results = new ArrayList<>();
        final List<List<int[]>> spans = new ArrayList<>();
        final boolean[] blocked;
        /** Which operation each thread is in, written by the worker before it stops at a step. */
        final int[] currentOp;
        /** The step each granted thread is running, captured at the grant, before it announces its next one. */
        final StepRequest[] ranRequest;
        final int[] ranOp;
        int[] choices = new int[64];
        int position;
        int current = -1;
        int preemptions;
        int[] enabledCache;
        int enabledCount;
        // baton passing: written by the baton holder under this run's lock, read by the controller
        final boolean baton;
        final boolean[] launched;
        final boolean[] arrived;
        int arrivals;
        boolean starting;
        volatile boolean ended;
        volatile Execution result;
        volatile Throwable failure;
        volatile int progress;
        volatile int holder;

        Run(Scenario<H> scenario, Store<H> store, Strategy strategy) {
            this.scenario = scenario;
            this.store = store;
            this.strategy = strategy;
            this.n = scenario.threads().size();
            this.workers = new Worker[n];
            this.blocked = new boolean[n];
            this.currentOp = new int[n];
            this.ranRequest = new StepRequest[n];
            this.ranOp = new int[n];
            this.enabledCache = new int[n];
            this.baton = !store.canBlock();
            this.launched = new boolean[n];
            this.arrived = new boolean[n];
            for (int t = 0; t < n; t++) {
                int ops = scenario.threads().get(t).operations().size();
                results.add(Arrays.asList(new OpResult[ops]));
                List<int[]> s = new ArrayList<>(ops);
                for (int i = 0; i < ops; i++) {
                    s.add(new int[] {-1, -1});
                }
                spans.add(s);
            }
        }

        Execution execute() {
            for (int t = 0; t < n; t++) {
                Worker w = worker(t);
                workers[t] = w;
                w.abort = false;
                w.stepValue = null;
                w.pending = null;
                w.baton = baton ? this : null;
                H handle;
                try {
                    handle = store.handle(t, baton ? batonGate(w, t) : gate(w, t));
                } catch (RacexException e) {
                    throw e;
                } catch (Exception e) {
                    throw new RacexException("could not prepare thread " + (t + 1) + " of " + scenario.name() + ": " + oneLine(e), e);
                }
                w.task = task(w, t, handle);
                if (!baton) {
                    w.state = Worker.RUNNING;
                    w.release();
                }
            }
            if (baton) {
                return executeBaton();
            }
            for (int t = 0; t < n; t++) {
                String late = awaitSettled(t);
                if (late != null) {
                    return end(Termination.TIMEOUT, late);
                }
            }
            while (true) {
                if (computeEnabled() == 0) {
                    if (allDone()) {
                        return end(Termination.COMPLETED, null);
                    }
                    if (anyBlocked()) {
                        String late = awaitBlockedProgress();
                        if (late != null) {
                            return end(Termination.TIMEOUT, late);
                        }
                        continue;
                    }
                    return end(Termination.DEADLOCK, deadlockDetail());
                }
                if (position >= maxSteps) {
                    return end(Termination.STEP_BOUND, "more than " + maxSteps
                            + " steps: a possible livelock or spin loop (raise the bound with --max-steps if the scenario is just long)");
                }
                int c = strategy.choose(this);
                if (c == Strategy.PRUNE) {
                    return end(Termination.PRUNED, null);
                }
                grant(c);
                workers[c].release();
                String late = awaitSettled(c);
                if (late != null) {
                    return end(Termination.TIMEOUT, late);
                }
                if (anyBlocked()) {
                    late = settleBlocked();
                    if (late != null) {
                        return end(Termination.TIMEOUT, late);
                    }
                }
            }
        }

        /** Books the strategy's choice {@code c}: preemption count, schedule, the step it runs. */
        private void grant(int c) {
            if (c < 0 || c >= n || !isEnabled(c)) {
                throw new IllegalStateException("strategy " + strategy.name() + " chose thread " + c + " which cannot move");
            }
            if (current >= 0 && c != current && isEnabled(current)) {
                preemptions++;
            }
            if (position == choices.length) {
                choices = Arrays.copyOf(choices, position * 2);
            }
            choices[position++] = c;
            current = c;
            Worker w = workers[c];
            ranRequest[c] = w.pending;
            ranOp[c] = w.pendingOp;
            w.state = Worker.RUNNING;
        }

        // ---- baton passing (stores that cannot block) ----

        /**
         * Starts every thread (each runs to its first step; the last to get there asks the strategy
         * for the first step) and waits for the execution's end.
         */
        private Execution executeBaton() {
            starting = true;
            holder = -1;
            for (int t = 0; t < n; t++) {
                launched[t] = true;
                workers[t].state = Worker.RUNNING;
            }
            // last thread first: on a busy or single core they tend to arrive in release order, and the
            // last to arrive decides; strategies mostly pick thread 1 first, which then goes on at once
            for (int t = n - 1; t >= 0; t--) {
                workers[t].release();
            }
            int seen = -1;
            long since = 0;
            int spins = spinBudget() / 4;
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
                            int h = holder;
                            for (int t = 0; h < 0 && t < n; t++) {
                                h = arrived[t] ? -1 : t;
                            }
                            Worker w = workers[Math.max(h, 0)];
                            conclude(end(Termination.TIMEOUT, "thread " + (Math.max(h, 0) + 1) + " did not reach its next step within "
                                    + Duration.ofNanos(stepTimeoutNanos).toMillis() + " ms"
                                    + (w.inAction ? " (stuck in a step)" : " (stuck between steps)")));
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

        @Override
        public boolean passOn(int t) {
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
                if (next == t) {
                    return true;
                }
                if (next >= 0) {
                    holder = next;
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
                conclude(allDone() ? end(Termination.COMPLETED, null) : end(Termination.DEADLOCK, deadlockDetail()));
                return -1;
            }
            if (position >= maxSteps) {
                conclude(end(Termination.STEP_BOUND, "more than " + maxSteps
                        + " steps: a possible livelock or spin loop (raise the bound with --max-steps if the scenario is just long)"));
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

        /** The gate of a store that cannot block: the stopping thread itself hands the baton on. */
        private StepGate batonGate(Worker w, int t) {
            return new StepGate() {
                @Override
                public <T> T step(StepRequest request, Callable<T> action) throws Exception {
                    return runStep(w, t, request, action, true);
                }

                @Override
                public void amend(Object value) {
                    w.stepValue = value;
                }
            };
        }

        /** The gate of a store that can block: the controller decides, watching the store's lock view. */
        private StepGate gate(Worker w, int t) {
            return new StepGate() {
                @Override
                public <T> T step(StepRequest request, Callable<T> action) throws Exception {
                    return runStep(w, t, request, action, false);
                }

                @Override
                public void amend(Object value) {
                    w.stepValue = value;
                }
            };
        }

        /** Announces the step, waits until thread {@code t} is chosen, runs it and records its value. */
        private <T> T runStep(Worker w, int t, StepRequest request, Callable<T> action, boolean baton) throws Exception {
            if (w.abort) {
                throw AbortSignal.INSTANCE;
            }
            w.pending = request;
            w.pendingOp = currentOp[t];
            w.state = Worker.PENDING;
            if (baton) {
                if (!passOn(t)) {
                    w.awaitGo();
                }
            } else {
                wakeController();
                w.awaitGo();
            }
            if (w.abort) {
                throw AbortSignal.INSTANCE;
            }
            w.inAction = true;
            try {
                T r = action.call();
                w.stepValue = request.written() != null ? request.written() : r;
                return r;
            } catch (Exception e) {
                if (w.abort) {
                    throw AbortSignal.INSTANCE;
                }
                w.stepValue = OpResult.threw(e);
                throw e;
            } finally {
                w.inAction = false;
            }
        }

        private Runnable task(Worker w, int t, H handle) {
            List<Operation<H>> ops = scenario.threads().get(t).operations();
            return () -> {
                for (int i = 0; i < ops.size(); i++) {
                    currentOp[t] = i;
                    OpResult r;
                    try {
                        r = OpResult.returned(ops.get(i).body().run(handle));
                    } catch (AbortSignal a) {
                        throw a;
                    } catch (Throwable e) {
                        if (w.abort) {
                            throw AbortSignal.INSTANCE;
                        }
                        r = OpResult.threw(e);
                    }
                    results.get(t).set(i, r);
                }
            };
        }

        /**
         * Waits until thread {@code t} stops at its next step or finishes, or is found blocked in the
         * store. Returns a sentence if the safety net was hit, else null.
         */
        private String awaitSettled(int t) {
            Worker w = workers[t];
            long start = 0;
            int spins = spinBudget();
            int yields = YIELDS;
            long parkNanos = 20_000;
            boolean probe = store.canBlock();
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
                if (probe && w.inAction && store.blockedThreads(Set.of(t)).contains(t)) {
                    blocked[t] = true;
                    return null;
                }
                if (System.nanoTime() - start > stepTimeoutNanos) {
                    return "thread " + (t + 1) + " did not reach its next step within "
                            + Duration.ofNanos(stepTimeoutNanos).toMillis() + " ms"
                            + (w.inAction ? " (stuck in a step)" : " (stuck between steps)");
                }
                controllerParked = true;
                if (w.state == Worker.RUNNING) {
                    LockSupport.parkNanos(this, parkNanos);
                }
                controllerParked = false;
                parkNanos = Math.min(parkNanos * 2, 1_000_000);
            }
            record(t, false);
            return null;
        }

        /** Records the step thread {@code t} just completed, if it ran one. */
        private void record(int t, boolean waited) {
            Worker w = workers[t];
            if (w.state == Worker.DONE && w.stepValue instanceof Throwable internal && !(internal instanceof Exception)) {
                throw new IllegalStateException("racex internal error in thread " + (t + 1), internal);
            }
            StepRequest ran = ranRequest[t];
            if (ran == null) {
                return;
            }
            int op = ranOp[t];
            int index = history.size();
            history.add(new Step(index, t, op, ran.kind(), ran.target(), ran.footprint(), w.stepValue, waited));
            int[] span = spans.get(t).get(op);
            if (span[0] < 0) {
                span[0] = index;
            }
            span[1] = index;
            ranRequest[t] = null;
        }


        private boolean anyBlocked() {
            for (boolean b : blocked) {
                if (b) {
                    return true;
                }
            }
            return false;
        }

        /**
         * After a step, threads that were blocked in the store may have been released by it. Wait
         * until each is either finished with its step or confirmed still blocked by the store's lock
         * view; only then record the finished ones, in thread order. One step (a commit, a
         * deadlock victim's rollback) can release several threads at once, and the order in which
         * they happen to finish is timing: recording them as they are seen would let the same
         * schedule give different histories.
         */
        private String settleBlocked() {
            long start = System.nanoTime();
            while (true) {
                Set<Integer> unsure = new HashSet<>();
                for (int t = 0; t < n; t++) {
                    if (blocked[t] && workers[t].state == Worker.RUNNING) {
                        unsure.add(t);
                    }
                }
                if (unsure.isEmpty() || store.blockedThreads(unsure).containsAll(unsure)) {
                    for (int t = 0; t < n; t++) {
                        if (blocked[t] && workers[t].state != Worker.RUNNING) {
                            blocked[t] = false;
                            record(t, true);
                        }
                    }
                    return null;
                }
                if (System.nanoTime() - start > stepTimeoutNanos) {
                    return "a thread released from a lock wait did not finish its step within "
                            + Duration.ofNanos(stepTimeoutNanos).toMillis() + " ms";
                }
                LockSupport.parkNanos(this, 100_000);
            }
        }

        /** Every enabled thread is blocked in the store: wait for one to finish (the database decides). */
        private String awaitBlockedProgress() {
            long start = System.nanoTime();
            while (true) {
                for (int t = 0; t < n; t++) {
                    if (blocked[t] && workers[t].state != Worker.RUNNING) {
                        return settleBlocked();
                    }
                }
                if (System.nanoTime() - start > stepTimeoutNanos) {
                    return "every thread waits inside the store and none was released within "
                            + Duration.ofNanos(stepTimeoutNanos).toMillis() + " ms (the database did not resolve the wait)";
                }
                LockSupport.parkNanos(this, 200_000);
            }
        }

        /** Every thread finished, or still waits at the {@link StepKind#BEGIN} of a thread never started. */
        private boolean allDone() {
            for (Worker w : workers) {
                if (w.state != Worker.DONE && !neverStarted(w)) {
                    return false;
                }
            }
            return true;
        }

        private boolean neverStarted(Worker w) {
            return w.state == Worker.PENDING && w.pending != null && w.pending.kind() == StepKind.BEGIN && !w.pending.isEnabled();
        }

        private String deadlockDetail() {
            String own = store.deadlockDetail();
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
                }
            }
            return sb.toString();
        }

        private Execution end(Termination termination, String detail) {
            Map<String, Object> state = Map.of();
            if (termination == Termination.COMPLETED) {
                try {
                    state = store.snapshot();
                } catch (RacexException e) {
                    throw e;
                } catch (Exception e) {
                    throw new RacexException("could not read the final state of " + scenario.name() + ": " + oneLine(e), e);
                }
            }
            return new Execution(new Schedule(Arrays.copyOf(choices, position)), Collections.unmodifiableList(history),
                    results, spans, state, termination, preemptions, detail);
        }

        /** Unwinds every thread still in this execution, so none is left running. */
        void finish() {
            if (baton && !ended) {
                synchronized (this) {
                    ended = true;
                }
            }
            if (baton) {
                for (int t = 0; t < n; t++) {
                    Worker w = workers[t];
                    if (w != null && !launched[t]) {
                        w.task = null;
                        w.state = Worker.IDLE;
                    }
                }
            }
            boolean pendingLeft = false;
            for (Worker w : workers) {
                if (w != null && w.state != Worker.DONE && w.state != Worker.IDLE) {
                    pendingLeft = true;
                }
            }
            if (pendingLeft) {
                for (Worker w : workers) {
                    if (w != null && w.state == Worker.PENDING) {
                        w.abort = true;
                        w.state = Worker.RUNNING;
                        w.release();
                    } else if (w != null && w.state == Worker.RUNNING) {
                        w.abort = true;
                    }
                }
            }
            // lets the store roll back and close, which also frees a thread blocked inside it
            store.endExecution();
            for (Worker w : workers) {
                if (w == null) {
                    continue;
                }
                long deadline = System.nanoTime() + Math.max(stepTimeoutNanos, 1_000_000_000L);
                while (w.state != Worker.DONE && w.state != Worker.IDLE) {
                    if (w.state == Worker.PENDING) {
                        w.abort = true;
                        w.state = Worker.RUNNING;
                        w.release();
                    }
                    if (System.nanoTime() > deadline) {
                        // a thread stuck outside any step cannot be unwound: give up on it, never reuse it
                        w.dead = true;
                        w.thread.interrupt();
                        break;
                    }
                    controllerParked = true;
                    LockSupport.parkNanos(this, 100_000);
                    controllerParked = false;
                }
                w.state = Worker.IDLE;
                w.abort = false;
                w.baton = null;
            }
        }

        // ---- SchedulingView ----

        /** Fills the enabled threads in; returns how many there are. */
        private int computeEnabled() {
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
            return current;
        }

        @Override
        public int position() {
            return position;
        }

        @Override
        public int preemptions() {
            return preemptions;
        }

        @Override
        public List<Step> history() {
            return Collections.unmodifiableList(history);
        }
    }
}
