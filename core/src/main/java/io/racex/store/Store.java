package io.racex.store;

import java.util.Map;
import java.util.Set;

/**
 * The shared state that a scenario's operations touch. One store serves many executions: before
 * each, {@link #reset()} rebuilds the same initial state; each thread then receives its own
 * handle whose every shared access goes through a {@link StepGate}.
 *
 * @param <H> the handle type operations receive (e.g. {@link MemoryAccess} or {@code java.sql.Connection})
 */
public interface Store<H> extends AutoCloseable {
    /** Rebuilds the initial state; called before every execution and every serial run. */
    void reset() throws Exception;

    /** The handle thread {@code thread} (0-based) uses in this execution. */
    H handle(int thread, StepGate gate) throws Exception;

    /** The final state as plain comparable values (sorted by name), for outcomes and invariants. */
    Map<String, Object> snapshot() throws Exception;

    /**
     * Called after every execution, completed or aborted, from the controlling thread: release
     * what the handles hold (roll back, close). May be called while a thread is still blocked
     * inside the store; it must then unblock it (e.g. by closing its connection).
     */
    default void endExecution() {}

    /** Whether a step can block inside the store (a database lock wait), so the runtime must probe. */
    default boolean canBlock() {
        return false;
    }

    /**
     * Of the given threads, those that are now waiting inside the store for another thread
     * (decided from the store's own lock view, not by time).
     */
    default Set<Integer> blockedThreads(Set<Integer> candidates) {
        return Set.of();
    }

    /**
     * Why the threads of an execution that ended in deadlock cannot move, in the store's terms
     * (the cycle of locks, a lost wake-up), or null to let the runtime list what each thread waits
     * for. Called by the runtime while every thread is stopped.
     */
    default String deadlockDetail() {
        return null;
    }

    @Override
    default void close() throws Exception {}
}
