package io.racex;

import java.util.List;
import java.util.Optional;

/**
 * A failing execution, minimized: the fewest preemptions, then the fewest steps, then the
 * lexicographically first schedule; with its outcome beside the outcomes the spec allows.
 *
 * @param execution the failing execution (its schedule is the replay token)
 * @param violation what broke
 * @param observed the outcome it produced (for deadlocks and timeouts: the state is empty)
 * @param allowed the outcomes the spec allows, each with a serial order producing it
 * @param anomaly the named anomaly, where one fits
 * @param minimal whether the execution is the canonical minimal one (false for a replay, which
 *     shows the schedule it was given, and when minimization was turned off)
 */
public record Counterexample(Execution execution, Verdict.Violation violation, Outcome observed,
                             List<Allowed> allowed, Optional<Anomaly> anomaly, boolean minimal) {
    public int preemptions() {
        return execution.preemptions();
    }

    public String token() {
        return execution.schedule().token();
    }
}
