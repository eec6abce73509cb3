package io.racex;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an exploration found.
 *
 * @param scenario the scenario explored
 * @param strategy strategy name
 * @param seed the seed of a randomized strategy (the same seed runs the same schedules); empty for the others
 * @param schedules executions run (not counting those a reduction abandoned)
 * @param complete whether the search covered every schedule it aims at (for exhaustive: a proof
 *     within the scenario); never true for a replay, which searches nothing
 * @param completeness one sentence saying what "complete" covers or why the search stopped
 *     ("replayed 1 schedule" for a replay)
 * @param counterexample the minimal failing execution, if any
 * @param replayed for a replay, the execution it ran, passing or failing; else empty
 * @param elapsedNanos wall time of the search and the minimization
 */
public record ExplorationResult(Scenario<?> scenario, String strategy, OptionalLong seed, long schedules, boolean complete,
                                String completeness, Optional<Counterexample> counterexample, Optional<Execution> replayed,
                                long elapsedNanos) {
    /** Whether a violation was found. */
    public boolean failed() {
        return counterexample.isPresent();
    }

    /** {@code pass} or {@code violation}. */
    public String verdict() {
        return failed() ? "violation" : "pass";
    }
}
