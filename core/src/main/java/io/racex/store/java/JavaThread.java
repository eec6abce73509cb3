package io.racex.store.java;

import io.racex.store.StepGate;

/**
 * What each thread of an instrumented-Java scenario receives: which thread it is and its step
 * gate. Operations never use it directly; racex's own wrappers around the user's code do.
 */
public final class JavaThread {
    final JavaStore store;
    final int index;
    final StepGate gate;

    JavaThread(JavaStore store, int index, StepGate gate) {
        this.store = store;
        this.index = index;
        this.gate = gate;
    }

    /** This thread, 0-based. */
    public int index() {
        return index;
    }
}
