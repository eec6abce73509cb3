package io.racex;

/**
 * What a search covered, as a result reports it.
 *
 * @param complete whether the search covered every schedule it aims at (for exhaustive DPOR: a
 *     proof within the scenario); never for a replay or a sampling strategy
 * @param sentence what "complete" covers, or why the search stopped, in one sentence
 */
public record Coverage(boolean complete, String sentence) {
    /** The coverage of a search the explorer stopped early ({@code ending} is not {@link Ending#EXHAUSTED}). */
    public static Coverage stopped(Ending ending, long executions) {
        return new Coverage(false, switch (ending) {
            case MAX_SCHEDULES -> "stopped after " + executions + " executions (--max-schedules); not every schedule was run";
            case FIRST_VIOLATION -> "stopped at the first violation";
            case STEP_BOUND -> "stopped at the first execution that exceeded the step bound (a possible livelock);"
                    + " the schedules after it were not run";
            case TIMEOUT -> "stopped at the first execution in which a thread did not reach its next step in time;"
                    + " the schedules after it were not run";
            case EXHAUSTED -> throw new IllegalArgumentException("a search that ran out of schedules did not stop early");
        });
    }
}
