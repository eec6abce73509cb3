package io.racex;

/** What an execution's outcome is compared against. */
public enum Spec {
    /**
     * The results of every operation and the final state equal those of some serial order that
     * keeps each thread's program order and real-time order (an operation that returned before
     * another was called stays before it).
     */
    LINEARIZABLE,
    /** As {@link #LINEARIZABLE} but without the real-time constraint: any serial order of the operations. */
    SERIALIZABLE,
    /** Only the invariants are checked. */
    INVARIANTS_ONLY,
    /**
     * The threads check themselves, as a test body with its own assertions does: an exception or
     * {@code AssertionError} escaping any thread is a violation; invariants are checked too, and no
     * serial order is run.
     */
    ASSERTIONS
}
