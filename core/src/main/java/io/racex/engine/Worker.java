package io.racex.engine;

import io.racex.store.StepRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pooled Java thread that plays one logical thread of each execution it is given (see
 * {@link WorkerPool}). Between executions it parks; within one it runs its task and stops at every
 * step until the execution lets it go on. Its fields are the handoff's shared state: each is
 * written by one side and read by the other, hence volatile where the other side polls it.
 */
final class Worker implements Runnable {
    static final int IDLE = 0;
    static final int RUNNING = 1;
    static final int PENDING = 2;
    static final int DONE = 3;

    private static final AtomicInteger NUMBERS = new AtomicInteger();

    final Thread thread;
    private final int number;
    volatile int state = IDLE;
    private volatile boolean go;
    private volatile boolean parked;
    /** Set when the execution is abandoned: the next step this thread reaches unwinds it. */
    volatile boolean abort;
    volatile boolean shutdown;
    /** Given up on: stuck in user code, never reused; the thread ends when that code returns. */
    volatile boolean dead;
    /** True while a step's action runs (it may block inside the store). */
    volatile boolean inAction;
    /** The execution this worker plays a thread of; set before its task is released. */
    Run<?> run;
    /** The logical thread it plays in that execution. */
    int index;
    Runnable task;
    /** The step it stopped at, and in which operation. */
    StepRequest pending;
    int pendingOp;
    /** The operation its logical thread is in; read by the controller only to name it in a report. */
    volatile int op;
    /** The value of the step it ran last, or a racex bug caught after its task. */
    Object stepValue;

    Worker() {
        this.number = NUMBERS.incrementAndGet();
        this.thread = new Thread(this, "racex-thread-" + number);
        // a thread abandoned in a user's endless loop must not keep the JVM alive
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

    /** Waits to be let go: spins a little (see {@link Spin}), then parks. */
    void awaitGo() {
        if (go) {
            go = false;
            return;
        }
        int budget = Spin.budget();
        for (int i = 0; i < budget; i++) {
            Thread.onSpinWait();
            if (go) {
                Spin.caught();
                go = false;
                return;
            }
        }
        if (budget > 0) {
            Spin.missed();
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

    /**
     * Gives up on this thread: it is stuck in user code, where it cannot be stopped safely. It is
     * renamed so that it is not mistaken for a pool thread, never reused, and ends as soon as that
     * code returns. The interrupt is only a nudge (a sleep or a blocking call then returns, and the
     * next step unwinds it); it cannot leak into a later execution, as there is none for this thread.
     */
    void abandon() {
        dead = true;
        abort = true;
        shutdown = true;
        thread.setName("racex-abandoned-" + number);
        thread.interrupt();
        release();
    }

    @Override
    public void run() {
        while (true) {
            awaitGo();
            if (shutdown) {
                return;
            }
            // read before the task ends: once it has, this worker may be handed to another execution
            Run<?> r = run;
            int me = index;
            try {
                task.run();
            } catch (AbortSignal ignored) {
                // the execution was abandoned; nothing of it matters any more
            } catch (Throwable t) {
                // the task already records operation failures; this is a racex bug, kept for the controller
                stepValue = t;
            } finally {
                task = null;
                inAction = false;
                state = DONE;
                // the last thing this thread does for the execution: the next task may be set right after
                r.threadEnded(this, me);
            }
            if (dead) {
                return;
            }
        }
    }

    /** Thrown inside a worker at its next step to unwind an abandoned execution's user code. */
    static final class AbortSignal extends Error {
        static final AbortSignal INSTANCE = new AbortSignal();

        private AbortSignal() {
            super("racex: execution abandoned", null, false, false);
        }
    }
}
