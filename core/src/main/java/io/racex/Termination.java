package io.racex;

/** How an execution ended. */
public enum Termination {
    /** Every thread finished all its operations. */
    COMPLETED,
    /** Every live thread waits for a lock another holds. */
    DEADLOCK,
    /** The step bound was exceeded: a possible livelock or spin loop. */
    STEP_BOUND,
    /** A thread neither reached a step nor finished within the time limit (the safety net). */
    TIMEOUT,
    /** The strategy cut the execution short (e.g. a partial-order reduction found it redundant). */
    PRUNED
}
