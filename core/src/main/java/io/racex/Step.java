package io.racex;

import io.racex.store.Footprint;
import io.racex.store.StepKind;

/**
 * One step that ran: which thread, what it did, to what, and the value it read or wrote.
 *
 * @param index position in the execution's history, 0-based
 * @param thread the thread, 0-based (reports show it 1-based)
 * @param operation index of the operation within its thread
 * @param kind what the step did
 * @param target what it acted on
 * @param footprint shared locations read and written
 * @param value what a read returned or a write stored (or the error a step raised)
 * @param waited whether the thread was blocked inside the store (a lock wait) before this step completed
 */
public record Step(int index, int thread, int operation, StepKind kind, String target, Footprint footprint,
                   Object value, boolean waited) {}
