package io.racex.store;

import java.util.function.BooleanSupplier;

/**
 * A step a thread announces before it runs: what it is, what it touches, and (for lock
 * acquisitions) when it may run. The runtime stops the thread here until the strategy picks it.
 *
 * @param kind what the step does
 * @param target what it acts on, as shown to a person (a cell name, a table, SQL text)
 * @param footprint the shared locations it reads and writes
 * @param written the value a write stores (recorded as the step's value), or {@code null}
 * @param enabled whether the step can run now; {@code null} means always
 */
public record StepRequest(StepKind kind, String target, Footprint footprint, Object written, BooleanSupplier enabled) {
    public static StepRequest of(StepKind kind, String target, Footprint footprint) {
        return new StepRequest(kind, target, footprint, null, null);
    }

    public boolean isEnabled() {
        return enabled == null || enabled.getAsBoolean();
    }
}
