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
 * @param sawSharedStep whether some execution made a step on shared data or a lock (more than starting,
 *     ending and joining threads); when none did, nothing was explored and the result is no proof
 *     (then {@code complete} is false and {@code completeness} says why)
 * @param where where the operations ran, as the store describes itself ({@link
 *     io.racex.store.Store#describe()}): for a database its name, address and isolation level;
 *     empty when not known
 */
public record ExplorationResult(Scenario<?> scenario, String strategy, OptionalLong seed, long schedules, boolean complete,
                                String completeness, Optional<Counterexample> counterexample, Optional<Execution> replayed,
                                long elapsedNanos, boolean sawSharedStep, String where) {
    public ExplorationResult {
        where = where == null ? "" : where;
    }

    /** A result that does not say where its operations ran. */
    public ExplorationResult(Scenario<?> scenario, String strategy, OptionalLong seed, long schedules, boolean complete,
                             String completeness, Optional<Counterexample> counterexample, Optional<Execution> replayed,
                             long elapsedNanos, boolean sawSharedStep) {
        this(scenario, strategy, seed, schedules, complete, completeness, counterexample, replayed, elapsedNanos,
                sawSharedStep, "");
    }

    /**
     * The completeness sentence of a search in which no execution made a shared step: racex
     * scheduled nothing, so nothing is proved.
     */
    public static final String NO_SHARED_STEP = "racex saw no shared step: no thread read or wrote anything racex"
            + " schedules, so no interleaving was tried and nothing is proved (is the code instrumented? operations must"
            + " touch shared state through their handle, or their classes be loaded by racex)";

    /** Whether an execution made a step on shared data or a lock, not only thread starts, ends and joins. */
    public static boolean sharedStep(Execution e) {
        for (Step s : e.steps()) {
            if (!s.kind().threadControl() && !s.footprint().equals(io.racex.store.Footprint.NONE)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a violation was found. */
    public boolean failed() {
        return counterexample.isPresent();
    }

    /** {@code pass} or {@code violation}. */
    public String verdict() {
        return failed() ? "violation" : "pass";
    }
}
