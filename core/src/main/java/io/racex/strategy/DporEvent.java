package io.racex.strategy;

import io.racex.store.Footprint;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import java.util.Objects;

/**
 * A step as {@link Dpor} sees it: who runs it, what it touches and, for lock steps, which lock.
 * Two events of different threads are dependent when their footprints conflict; events of one
 * thread are always ordered (program order).
 *
 * @param thread the thread, 0-based
 * @param footprint the shared locations it reads and writes
 * @param kind what it does ({@link StepKind#LOCK} and {@link StepKind#UNLOCK} get the lock treatment)
 * @param target what it acts on (for locks, the lock name)
 * @param guessed whether the step was inferred rather than announced (see {@link Dpor}: the lock a
 *     deadlocked thread waits for when it stopped after the last choice)
 */
record DporEvent(int thread, Footprint footprint, StepKind kind, String target, boolean guessed) {
    static DporEvent of(int thread, StepRequest request) {
        return new DporEvent(thread, request.footprint(), request.kind(), request.target(), false);
    }

    /** Whether the order of this event and {@code other} matters: same thread, or conflicting footprints. */
    boolean dependsOn(DporEvent other) {
        return thread == other.thread || footprint.conflictsWith(other.footprint);
    }

    /** Whether this event and {@code other} race in principle: different threads, conflicting footprints. */
    boolean conflicts(DporEvent other) {
        return thread != other.thread && footprint.conflictsWith(other.footprint);
    }

    /** The location that models the lock of a LOCK or UNLOCK step ({@code lock:NAME}), else null. */
    String lockKey() {
        if (kind != StepKind.LOCK && kind != StepKind.UNLOCK) {
            return null;
        }
        return footprint.writes().size() == 1 ? footprint.writes().iterator().next() : "lock:" + target;
    }

    /** Whether {@code other} is the same step (same thread, kind, target and footprint). */
    boolean sameStep(DporEvent other) {
        return other != null && thread == other.thread && kind == other.kind && Objects.equals(target, other.target)
                && footprint.equals(other.footprint);
    }

    @Override
    public String toString() {
        return "T" + (thread + 1) + ":" + kind.label() + "(" + target + ")";
    }
}
