package io.racex.store;

import io.racex.store.memory.MemoryAccess;
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
     * Where the operations run, in a few words a report shows in its header: for a database its
     * kind, address and isolation level ({@code h2 (private in-memory), connections start at
     * isolation READ COMMITTED (the database's default)}). Empty when there is nothing worth saying.
     */
    default String describe() {
        return "";
    }

    /**
     * Whether a read of one thread may return what another thread's transaction wrote and has not
     * committed: a database at READ UNCOMMITTED that honours it (H2, MariaDB; PostgreSQL reads
     * committed data at every level). It tells the anomaly names what a read after an uncommitted
     * write saw. False where there are no transactions.
     */
    default boolean dirtyReads() {
        return false;
    }

    /**
     * Called after every execution, completed or aborted, from the controlling thread: release
     * what the handles hold (roll back, close). May be called while a thread is still blocked
     * inside the store; it must then unblock it (e.g. by closing its connection).
     */
    default void endExecution() {}

    /**
     * Whether a step's action can block inside the store waiting for another thread (a database lock
     * wait). It chooses the runtime's handoff: if false, the threads pass the turn among themselves
     * and a step that does not return is a fault; if true, the controlling thread grants each step
     * and asks {@link #blockedThreads} about a step that takes a while. Fixed for the store's life.
     */
    default boolean canBlock() {
        return false;
    }

    /**
     * The store's signal that a thread is blocked: of {@code candidates}, the threads that are now
     * waiting inside the store for another thread, decided from the store's own lock view, never by
     * time. Called only if {@link #canBlock()}, from the controlling thread, while each candidate is
     * inside a step's action. The runtime trusts the answer both ways: a thread reported blocked is
     * not offered to the strategy until its step returns; a thread not reported is taken to be
     * running, and once a step released a lock, the runtime waits until every released thread has
     * either returned or is reported blocked again before the next step. So a thread granted a lock
     * must stop being reported at once (as a database's lock manager does); one still reported after
     * its release would be recorded late, and the same schedule could give different histories.
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

    /**
     * Who holds what {@code thread} waits for, for a person stepping through an execution: when
     * {@code pending}, its next step, is not enabled, the holders of the lock that step wants; when
     * {@code pending} is null, the thread is blocked inside the store (a database lock wait) and the
     * answer is the threads it waits for there. Threads are 0-based; {@code -1} stands for a holder
     * outside racex. Empty when the store cannot say. Called while every thread is stopped or blocked.
     *
     * <p>The runtime also decides from it, for a store that {@linkplain #canBlock() can block}: when
     * no thread is enabled and each blocked thread waits, by this answer, only for threads stopped at
     * a step that cannot run or for other blocked threads, in no cycle among the blocked ones and for
     * no holder outside racex, nothing can ever release them and the execution is a
     * {@linkplain io.racex.Termination#DEADLOCK deadlock} (a cycle through a lock the store does not
     * see, such as a Java monitor). So the answer for a blocked thread must name every holder (an
     * over-approximation is safe) and come from the store's lock view, as {@link #blockedThreads} does.
     */
    default Set<Integer> holders(int thread, StepRequest pending) {
        return Set.of();
    }

    @Override
    default void close() throws Exception {}
}
