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
 * @param kind what it does (acquisitions and releases of a lock get the lock treatment, see {@link #acquires()})
 * @param target what it acts on (for locks, the lock name)
 * @param guessed whether the step was inferred rather than announced (see {@link Dpor}: the lock a
 *     deadlocked thread waits for when it stopped after the last choice)
 * @param conditional whether the step announced a condition on when it may run (it may wait)
 */
record DporEvent(int thread, Footprint footprint, StepKind kind, String target, boolean guessed, boolean conditional) {
    static DporEvent of(int thread, StepRequest request) {
        return new DporEvent(thread, request.footprint(), request.kind(), request.target(), false, request.enabled() != null);
    }

    /** Whether the order of this event and {@code other} matters: same thread, or conflicting footprints. */
    boolean dependsOn(DporEvent other) {
        return thread == other.thread || footprint.conflictsWith(other.footprint);
    }

    /** Whether this event and {@code other} race in principle: different threads, conflicting footprints. */
    boolean conflicts(DporEvent other) {
        return thread != other.thread && footprint.conflictsWith(other.footprint);
    }

    /**
     * Whether this event takes a lock: a {@link StepKind#LOCK}, or the {@link StepKind#WAKE} that
     * takes a monitor back after a wait. Such an event is disabled while another thread holds the lock.
     */
    boolean acquires() {
        return kind == StepKind.LOCK || (kind == StepKind.WAKE && lockLocation() != null);
    }

    /** Whether this event lets a lock go: an {@link StepKind#UNLOCK}, or the {@link StepKind#WAIT} that releases a monitor. */
    boolean releases() {
        return kind == StepKind.UNLOCK || (kind == StepKind.WAIT && lockLocation() != null);
    }

    /** The location that models the lock an acquisition or release takes or lets go ({@code lock:NAME}), else null. */
    String lockKey() {
        if (!acquires() && !releases()) {
            return null;
        }
        if (footprint.writes().size() == 1) {
            return footprint.writes().iterator().next();
        }
        String l = lockLocation();
        return l != null ? l : "lock:" + target;
    }

    /** The written location named {@code lock:…}, if any. */
    private String lockLocation() {
        for (String w : footprint.writes()) {
            if (w.startsWith("lock:")) {
                return w;
            }
        }
        return null;
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
