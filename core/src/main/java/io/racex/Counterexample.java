package io.racex;

import java.util.List;
import java.util.Map;
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
 * @param states the store's state before the first step and after each step ({@code states.get(0)}
 *     the initial state, {@code states.get(i + 1)} the state after step {@code i}, 0-based), as {@link io.racex.store.Store#snapshot()} gives it (a database's committed rows),
 *     recorded by replaying the execution once more; empty when the store could not be read
 *     between steps
 */
public record Counterexample(Execution execution, Verdict.Violation violation, Outcome observed,
                             List<Allowed> allowed, Optional<Anomaly> anomaly, boolean minimal,
                             List<Map<String, Object>> states) {
    public Counterexample {
        states = List.copyOf(states);
    }

    /** A counterexample whose states between steps were not recorded. */
    public Counterexample(Execution execution, Verdict.Violation violation, Outcome observed, List<Allowed> allowed,
                          Optional<Anomaly> anomaly, boolean minimal) {
        this(execution, violation, observed, allowed, anomaly, minimal, List.of());
    }

    public int preemptions() {
        return execution.preemptions();
    }

    public String token() {
        return execution.schedule().token();
    }
}
