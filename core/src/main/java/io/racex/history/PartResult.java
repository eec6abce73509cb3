package io.racex.history;

import java.util.List;
import java.util.Optional;

/**
 * The verdict on one part of a history (the whole history when the model does not split it).
 *
 * @param key the part's key as a person reads it ({@code "4"} for a key of a key-value store), empty for the whole history
 * @param operations the part's operations, in order of their calls
 * @param verdict what the search found
 * @param order when linearizable, a linearization; otherwise the longest linearizable prefix the search reached; each operation with the state after it
 * @param initialState the state before any operation, as the model describes it
 * @param cannotPlace when not linearizable, the operations that could come next after {@code order} and why none can
 * @param earliestReturn when not linearizable, the first operation to return among those not in {@code order}: one of {@code cannotPlace} had to take effect before it returned
 * @param configurations configurations the search entered (Lowe's cache entries)
 * @param states distinct model states met
 * @param bytes memory held by the search's tables
 * @param elapsedNanos wall time of this part's search
 */
public record PartResult(String key, List<Operation> operations, Verdict verdict, List<Placed> order, String initialState,
        List<Blocked> cannotPlace, Optional<Operation> earliestReturn, long configurations, int states, long bytes, long elapsedNanos) {

    /** An operation placed in a linearization, with the state after it. */
    public record Placed(Operation op, String stateAfter) {}

    /**
     * An operation that cannot take effect after the longest linearizable prefix.
     *
     * @param allowed whether the model allows it there (then what follows it has no way through)
     * @param reason why it cannot be placed, in words
     */
    public record Blocked(Operation op, boolean allowed, String reason) {}

    public PartResult {
        operations = List.copyOf(operations);
        order = List.copyOf(order);
        cannotPlace = List.copyOf(cannotPlace);
    }

    public boolean linearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }
}
