package io.racex.strategy;

import io.racex.runtime.Execution;

/**
 * Decides which schedules run. The runtime only parks and resumes threads; every choice is made
 * here. One instance drives one search: {@link #beginExecution()} until it says no, and for each
 * execution {@link #choose} at every scheduling point, then {@link #endExecution}.
 */
public interface Strategy {
    /** Returned by {@link #choose} to abandon the current execution (it adds nothing new). */
    int PRUNE = -1;

    /** Starts the next execution; {@code false} when the search has nothing left. */
    boolean beginExecution();

    /** The thread to move next, one of {@link SchedulingView#enabled()}, or {@link #PRUNE}. */
    int choose(SchedulingView view);

    /** Called after every execution with its record. */
    default void endExecution(Execution execution) {}

    /** Whether the search, once {@link #beginExecution()} returned false, covered every schedule it aims at. */
    boolean complete();

    /** Short name as shown in reports: {@code exhaustive}, {@code naive}, {@code bounded}, {@code pct}, {@code random}, {@code replay}. */
    String name();

    /** Seed of a randomized strategy, else 0. */
    default long seed() {
        return 0;
    }
}
