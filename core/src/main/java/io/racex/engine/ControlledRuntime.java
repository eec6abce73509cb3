package io.racex.engine;

import io.racex.Execution;
import io.racex.Termination;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.store.Store;
import io.racex.Strategy;
import java.time.Duration;

/**
 * Runs one execution at a time: each logical thread on its own (pooled) Java thread, exactly one
 * moving at a time. At every step the thread stops and the {@link Strategy} picks who moves next.
 * The runtime is mechanical: it parks, resumes, records; it never decides.
 *
 * <p>Its parts: {@link WorkerPool} leases the threads; the handoff is {@link BatonRun} (threads pass
 * a baton, for a store whose steps cannot block) or {@link GrantedRun} (the controlling thread grants
 * each step, for a store whose steps can block, see {@link Store#canBlock()}), whose lock waits
 * {@link LockWaits} settles; {@link Spin} tunes how long a handoff spins before it parks.
 *
 * <p><b>The step timeout.</b> A thread that neither reaches its next step nor finishes within the step
 * timeout ends the execution as {@link Termination#TIMEOUT}, its detail naming the thread and its
 * operation. A thread stuck in its own code between steps (a loop that touches no shared state)
 * cannot be stopped safely: the runtime abandons it. An abandoned thread is a daemon thread, renamed
 * {@code racex-abandoned-N}, never reused; it ends when its code returns and does not keep the JVM
 * alive, but until then it takes CPU. {@link #abandonedThreads()} counts them, so that a caller can
 * stop a search rather than abandon one thread per execution.
 *
 * <p>A runtime is not thread-safe: one controlling thread uses it. Close it to give its threads back
 * to the pool shared by all runtimes.
 */
public final class ControlledRuntime implements AutoCloseable {
    /** Default bound on steps per execution; beyond it the execution is reported as a possible livelock. */
    public static final int DEFAULT_MAX_STEPS = io.racex.Options.DEFAULT_MAX_STEPS;
    /** Default safety net: how long one thread may take to reach its next step. */
    public static final Duration DEFAULT_STEP_TIMEOUT = io.racex.Options.DEFAULT_STEP_TIMEOUT;

    private final int maxSteps;
    private final long stepTimeoutNanos;
    private final WorkerPool pool = new WorkerPool();
    private boolean closed;

    /** A runtime with the default step bound and step timeout. */
    public ControlledRuntime() {
        this(DEFAULT_MAX_STEPS, DEFAULT_STEP_TIMEOUT);
    }

    /**
     * A runtime that stops an execution after {@code maxSteps} steps ({@link Termination#STEP_BOUND})
     * or when a thread takes longer than {@code stepTimeout} to reach its next step
     * ({@link Termination#TIMEOUT}).
     */
    public ControlledRuntime(int maxSteps, Duration stepTimeout) {
        if (maxSteps < 1) {
            throw new RacexException("the step bound must be positive, was " + maxSteps);
        }
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new RacexException("the step timeout must be positive, was " + stepTimeout);
        }
        this.maxSteps = maxSteps;
        this.stepTimeoutNanos = stepTimeout.toNanos();
    }

    public int maxSteps() {
        return maxSteps;
    }

    public Duration stepTimeout() {
        return Duration.ofNanos(stepTimeoutNanos);
    }

    /**
     * Runs one execution of {@code scenario} on {@code store}, with {@code strategy} choosing at
     * every step. When it returns, no thread of this execution is still running, except one it
     * abandoned (see the class comment).
     */
    public <H> Execution run(Scenario<H> scenario, Store<H> store, Strategy strategy) {
        if (closed) {
            throw new IllegalStateException("runtime closed");
        }
        try {
            store.reset();
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException("could not build the initial state of " + scenario.name() + ": " + oneLine(e), e);
        }
        Run<H> run = store.canBlock()
                ? new GrantedRun<>(scenario, store, strategy, pool, maxSteps, stepTimeoutNanos)
                : new BatonRun<>(scenario, store, strategy, pool, maxSteps, stepTimeoutNanos);
        try {
            return run.execute();
        } finally {
            run.finish();
        }
    }

    /** How many threads this runtime abandoned, stuck in user code between steps or past their step. */
    public int abandonedThreads() {
        return pool.abandoned();
    }

    /** Gives this runtime's threads back to the shared pool (or stops them, beyond what the pool keeps). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
