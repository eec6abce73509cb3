package io.racex;

import java.util.OptionalLong;

/**
 * Decides which schedules run. The runtime only parks and resumes threads; every choice is made
 * here. One instance drives one search: {@link #beginExecution()} until it says no, and for each
 * execution {@link #choose} at every scheduling point, then {@link #endExecution}.
 *
 * <p>The explorer never asks which strategy it drives: whether an execution counts, what to do
 * after a violation, what the search covered and whether its violation still needs minimizing
 * are all answered here.
 */
public interface Strategy {
    /** Returned by {@link #choose} to abandon the current execution (it adds nothing new). */
    int PRUNE = -1;

    /** What the search does after an execution it counts violated the spec. */
    enum AfterViolation {
        /** Go on: the search runs every execution it aims at (an exhaustive count stays exact). */
        GO_ON,
        /** Stop now: more executions cannot improve on minimizing this one (sampling strategies). */
        STOP
    }

    /** Starts the next execution; {@code false} when the search has nothing left. */
    boolean beginExecution();

    /** The thread to move next, one of {@link SchedulingView#enabled()}, or {@link #PRUNE}. */
    int choose(SchedulingView view);

    /** Called after every execution with its record. */
    default void endExecution(Execution execution) {}

    /**
     * Whether {@code execution}, just run and not abandoned, is one to judge and count. A search
     * that runs some executions again (iterative bounding repeats the schedules of earlier rounds)
     * or runs some only to reach others (a shard) says no for those.
     */
    default boolean counts(Execution execution) {
        return true;
    }

    /** Told of each counted execution that violated the spec; says whether the search goes on. */
    default AfterViolation violationFound(Execution execution) {
        return AfterViolation.GO_ON;
    }

    /** Whether the search, once {@link #beginExecution()} returned false, covered every schedule it aims at. */
    boolean complete();

    /**
     * What the search covered, once it ended the way {@code ending} says, having counted
     * {@code executions}; {@code found} says whether one violated the spec. The default: the
     * explorer's sentence for a search it stopped, else {@link #complete()} with a plain sentence.
     */
    default Coverage coverage(Ending ending, long executions, boolean found) {
        if (ending != Ending.EXHAUSTED) {
            return Coverage.stopped(ending, executions);
        }
        return complete() ? new Coverage(true, "every schedule was explored")
                : new Coverage(false, "the strategy samples schedules; not every schedule was run");
    }

    /**
     * Whether this search runs given schedules as they are (a replay): the result then shows its
     * execution whether it passes or fails, and a violation is shown as it ran, not minimized.
     */
    default boolean replays() {
        return false;
    }

    /**
     * Whether the violation this search kept (the least by {@code Explorer.MINIMAL}) is already the
     * minimal one, once the search ended by itself: true when it ran every schedule, so the
     * minimizer could find nothing smaller.
     */
    default boolean keptMinimal() {
        return false;
    }

    /** Short name as shown in reports: {@code exhaustive}, {@code naive}, {@code bounded}, {@code pct}, {@code random}, {@code replay}. */
    String name();

    /** Seed of a randomized strategy (the same seed runs the same schedules); empty for the others. */
    default OptionalLong seed() {
        return OptionalLong.empty();
    }
}
