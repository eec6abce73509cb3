package io.racex.store;

/** What a step does; shown in reports and used by the anomaly classifier. */
public enum StepKind {
    READ, WRITE, LOCK, UNLOCK, QUERY, UPDATE, EXECUTE, COMMIT, ROLLBACK, CONFIG,
    /**
     * The first step of a thread that the code under test may start later (instrumented Java). It
     * is enabled once the thread is started; a thread still waiting at it when every other thread
     * has finished was never started, and counts as finished rather than deadlocked.
     */
    BEGIN,
    /** A thread starts another ({@code Thread.start}): the started thread's {@link #BEGIN} waits for it. */
    START,
    /** The last step of a thread of instrumented Java code: a {@link #JOIN} of it waits for it. */
    END,
    /** {@code Thread.join}: enabled once the joined thread has ended (a timed join may also time out). */
    JOIN,
    /** {@code Object.wait} / {@code Condition.await}: releases the monitor or lock and joins its wait set. */
    WAIT,
    /** The return from a {@link #WAIT}: re-acquires the monitor or lock once notified, timed out, interrupted or woken spuriously. */
    WAKE,
    /** {@code notify}, {@code notifyAll}, {@code signal}, {@code signalAll}. */
    NOTIFY,
    /** {@code LockSupport.park}: returns once a permit is there (or on a time-out, an interrupt, a spurious wake-up). */
    PARK,
    /** {@code LockSupport.unpark}: gives a thread its permit. */
    UNPARK,
    /** Takes permits or waits for a count ({@code Semaphore.acquire}, {@code CountDownLatch.await}); enabled once it can succeed. */
    ACQUIRE,
    /** Gives permits back or counts down ({@code Semaphore.release}, {@code CountDownLatch.countDown}). */
    RELEASE,
    /** One call of a JDK object as one atomic step: an atomic variable, a concurrent or plain collection. */
    CALL,
    /** {@code Thread.interrupt} and reads of the interrupt flag. */
    INTERRUPT,
    /** {@code Thread.yield} and {@code Thread.sleep}: a scheduling point that touches nothing (no real sleeping). */
    PAUSE;

    /** Lower-case name as printed in reports and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether reports print the kind before the target ({@code lock monitor of Bank@1},
     * {@code join Thread-1}); for the others the target says it all (SQL text, a call).
     */
    public boolean named() {
        return switch (this) {
            case LOCK, UNLOCK, BEGIN, START, END, JOIN, WAIT, WAKE, NOTIFY, PARK, UNPARK, ACQUIRE, RELEASE, INTERRUPT, PAUSE -> true;
            default -> false;
        };
    }

    /**
     * Whether the step only starts, ends or joins a thread: an exploration made of such steps alone
     * saw no shared data (see {@link io.racex.explore.ExplorationResult#sawSharedStep()}).
     */
    public boolean threadControl() {
        return this == BEGIN || this == START || this == END || this == JOIN;
    }

    /** Whether the step reads or writes data rather than synchronizing (locks, waits, threads, transactions). */
    public boolean data() {
        return switch (this) {
            case READ, WRITE, QUERY, UPDATE, EXECUTE, CALL -> true;
            default -> false;
        };
    }
}
