package io.racex.history;

import java.util.Objects;
import java.util.Optional;

/**
 * The sequential specification a history is checked against: a state, and what each operation
 * with its recorded result does to it. A history is linearizable when its operations can be put in
 * one order that respects real time (an operation that returned before another was called comes
 * first) and in which each operation, applied to the state the ones before it left, is allowed
 * with the result it returned.
 *
 * <p>States are values: {@link #step} must not change its argument but return a new state, and
 * equal states must be {@link #stateEquals equal} with equal {@link #stateHash hashes} (records and
 * immutable collections are). The checker calls {@code step} at most once per distinct state and
 * operation, possibly from several threads for different parts.
 *
 * <p>A model of a bounded counter, written by a user:
 *
 * <pre>{@code
 * record Capped(long limit) implements Model<Long> {
 *     public String name() { return "capped-counter"; }
 *     public Long initial() { return 0L; }
 *     public Optional<Long> step(Long n, Operation op) {
 *         return switch (op.name()) {
 *             // inc() returns true if it counted, false at the limit
 *             case "inc" -> op.pending() ? Optional.of(Math.min(n + 1, limit))
 *                     : op.result().equals(n < limit) ? Optional.of(n < limit ? n + 1 : n) : Optional.empty();
 *             case "get" -> op.pending() || op.result().equals(n) ? Optional.of(n) : Optional.empty();
 *             default -> throw new IllegalArgumentException("unknown operation " + op.name());
 *         };
 *     }
 *     public boolean readOnly(Operation op) { return op.name().equals("get"); }
 * }
 *
 * CheckResult r = Linearizability.check(HistoryReader.read(Path.of("run.jsonl")), new Capped(10));
 * }</pre>
 *
 * @param <S> the state; never null
 */
public interface Model<S> {
    /** A short name for reports, e.g. {@code register}. */
    String name();

    /** The state before any operation. */
    S initial();

    /**
     * The state after {@code op} in {@code state}, or empty when {@code op} cannot happen there with
     * the result it returned (a read that returned another value, a withdrawal that reports success
     * on an empty account). For a {@linkplain Operation#pending() pending} operation the result is
     * unknown: return the state it leaves if it took effect (the checker also tries it not taking
     * effect at all).
     */
    Optional<S> step(S state, Operation op);

    /**
     * Whether {@code op}, with its recorded result, leaves every state it is allowed in unchanged
     * (a read, a failed compare-and-set). Optional, for speed: the checker places such an operation
     * as soon as it is allowed and never tries another order for it. Answer {@code false} when unsure.
     */
    default boolean readOnly(Operation op) {
        return false;
    }

    /**
     * Optional, for speed: whether {@code op} may bring the state back to one from which the
     * read-only {@code read} can be allowed, after the state has moved past it (a {@code put} of
     * {@code "a"} may, for a {@code get} that returns {@code "ab"}; an {@code append} never does).
     * Used with {@link #unreachable}; answer {@code true} when unsure.
     */
    default boolean resets(Operation op, Operation read) {
        return true;
    }

    /**
     * Optional, for speed: whether no sequence of operations that do not {@link #resets reset} can
     * lead from {@code state} to one where the read-only {@code read} is allowed (a key holding
     * {@code "ab"} never reads {@code "ax"} by appending). The search abandons such a state as soon
     * as no resetting operation may still come before {@code read}. Answer {@code false} when unsure.
     */
    default boolean unreachable(S state, Operation read) {
        return false;
    }

    /**
     * The part {@code op} belongs to, for P-compositionality: when operations of different parts
     * never touch the same state (keys of a key-value store), the history is linearizable exactly
     * when each part is, and the parts are checked on their own, in parallel. By default every
     * operation is in one part.
     */
    default Object part(Operation op) {
        return "";
    }

    /**
     * Rejects an operation this model does not know (a wrong name or arguments) with an
     * {@link IllegalArgumentException} whose message says what is expected; the checker reports it
     * with the operation's file and line before searching.
     */
    default void validate(Operation op) {}

    /**
     * The operation as a person reads it in a report; by default {@link Operation#describe()}. A
     * model that knows which operations return something shows their results, even {@code nil}
     * ({@code read() -> nil}), and hides echoes ({@code write(3)}, not {@code write(3) -> 3}).
     */
    default String describeOperation(Operation op) {
        return op.describe();
    }

    /** The state as a person reads it in a report. */
    default String describe(S state) {
        return Values.format(state);
    }

    /** Why {@code op} cannot happen in {@code state} (called only when {@link #step} said so). */
    default String whyNot(S state, Operation op) {
        return "not allowed when the state is " + describe(state);
    }

    /** Equality of states; {@link Object#equals} by default. */
    default boolean stateEquals(S a, S b) {
        return Objects.equals(a, b);
    }

    /** A hash consistent with {@link #stateEquals}; {@link Object#hashCode} by default. */
    default int stateHash(S state) {
        return Objects.hashCode(state);
    }
}
