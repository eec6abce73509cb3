package io.racex.report;

import io.racex.runtime.OpResult;
import io.racex.runtime.Step;
import io.racex.store.StepKind;

/** How values and steps read in every report, so text, JSON and diagrams agree. */
public final class Render {
    private Render() {}

    /** A value as a person reads it: strings quoted, exceptions as "threw X". */
    public static String value(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof OpResult r) {
            return r.isException() ? r.toString() : value(r.value());
        }
        return String.valueOf(v);
    }

    /** A step in one short phrase: {@code read a -> 100}, {@code write a <- 150}, {@code lock m}. */
    public static String step(Step s) {
        String body;
        if (s.kind() == StepKind.READ) {
            body = "read " + s.target() + " -> " + value(s.value());
        } else if (s.kind() == StepKind.WRITE) {
            body = "write " + s.target() + " <- " + value(s.value());
        } else if (s.kind().named()) {
            body = s.kind().label() + (s.target().isEmpty() ? "" : " " + s.target())
                    + (s.value() == null || s.kind() == StepKind.BEGIN || isLock(s) && !(s.value() instanceof Boolean) ? ""
                    : " -> " + value(s.value()));
        } else {
            body = s.target() + (s.value() == null ? "" : " -> " + value(s.value()));
        }
        return s.waited() ? body + " (after waiting for a lock)" : body;
    }

    private static boolean isLock(Step s) {
        return s.kind() == StepKind.LOCK || s.kind() == StepKind.UNLOCK;
    }

    /** Plural helper: {@code 1 preemption}, {@code 2 preemptions}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
