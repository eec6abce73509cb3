package io.racex;

import io.racex.store.StepRequest;

/** What a strategy sees at a scheduling point: who can move, what each would do, how far the execution got. */
public interface SchedulingView {
    /** Number of threads in the scenario. */
    int threadCount();

    /** The threads that can move now, ascending (0-based). Never empty when a strategy is asked. */
    int[] enabled();

    boolean isEnabled(int thread);

    /** The step {@code thread} announced and waits to run, or {@code null} if it has finished or is blocked in the store. */
    StepRequest pending(int thread);

    /** The thread that moved last, or -1 before the first step. */
    int current();

    /** How many choices were made so far in this execution. */
    int position();

    /** Preemptions so far: switches away from a thread that could have gone on. */
    int preemptions();
}
