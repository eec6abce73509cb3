package io.racex;

/** Why a search ended: by itself, or stopped by the explorer before it had nothing left. */
public enum Ending {
    /** The strategy had nothing left ({@link Strategy#beginExecution()} said no). */
    EXHAUSTED,
    /** The explorer's limit on executions was reached ({@code --max-schedules}). */
    MAX_SCHEDULES,
    /** A violation was found and the search stops at the first one. */
    FIRST_VIOLATION,
    /**
     * An execution exceeded the step bound (a possible livelock). What lies beyond it was never
     * run, and every schedule through it would run into the bound again, so the search stops there.
     */
    STEP_BOUND,
    /** A thread did not reach its next step in time; as for {@link #STEP_BOUND}, the search stops there. */
    TIMEOUT
}
