package io.racex.explore;

import io.racex.Scenario;
import java.util.Optional;

/**
 * What an exploration found.
 *
 * @param scenario the scenario explored
 * @param strategy strategy name
 * @param seed the seed of a randomized strategy, else 0
 * @param schedules executions run (not counting those a reduction abandoned)
 * @param complete whether the search covered every schedule it aims at (for exhaustive: a proof within the scenario)
 * @param completeness one sentence saying what "complete" covers or why the search stopped
 * @param counterexample the minimal failing execution, if any
 * @param elapsedNanos wall time of the search and the minimization
 * @param sawSharedStep whether some execution made a step on shared data or a lock (more than starting,
 *     ending and joining threads); when none did, nothing was explored and the result is no proof
 *     (then {@code complete} is false and {@code completeness} says why)
 */
public record ExplorationResult(Scenario<?> scenario, String strategy, long seed, long schedules, boolean complete,
                                String completeness, Optional<Counterexample> counterexample, long elapsedNanos,
                                boolean sawSharedStep) {
    /** Whether a violation was found. */
    public boolean failed() {
        return counterexample.isPresent();
    }

    /** {@code pass} or {@code violation}. */
    public String verdict() {
        return failed() ? "violation" : "pass";
    }
}
