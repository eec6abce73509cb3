package io.racex.report;

import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Step;
import io.racex.Termination;
import io.racex.store.CompareAndSet;
import io.racex.store.StepKind;
import java.util.List;
import java.util.Objects;

/** How values and steps read in every report, so text, JSON and diagrams agree. */
public final class Render {
    /** The longest cycle looked for in the tail of an execution cut by the step bound. */
    private static final int MAX_PERIOD = 1_000;

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

    /**
     * A step in one short phrase: {@code read a -> 100}, {@code write a <- 150}, {@code lock m},
     * {@code cas head 1 -> 2 (set)}.
     */
    public static String step(Step s) {
        String body;
        if (s.value() instanceof CompareAndSet cas) {
            body = "cas " + s.target() + " " + value(cas.expected()) + " -> " + value(cas.update())
                    + (cas.succeeded() ? " (set)" : " (failed: found " + value(cas.found()) + ")");
        } else if (s.kind() == StepKind.READ) {
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

    /**
     * The steps a report shows of an execution: all of them, except that an execution that ran
     * into the step bound going round a cycle shows the cycle once.
     *
     * @param steps how many steps to show, from the first
     * @param period when the steps after those shown repeat the last {@code period} shown, over
     *     and over up to the step bound; else 0
     * @param total the execution's steps
     */
    public record Shown(int steps, int period, int total) {
        /** Whether steps were left out because they repeat a cycle. */
        public boolean folded() {
            return period > 0;
        }

        /** A sentence on the steps left out, e.g. {@code steps 3 to 10000 repeat step 2 over and over…}. */
        public String note() {
            String cycle = period == 1 ? "step " + steps : "steps " + (steps - period + 1) + " to " + steps;
            return "steps " + (steps + 1) + " to " + total + " repeat " + cycle + " over and over, until the execution"
                    + " exceeded the step bound";
        }
    }

    /** What to show of {@code e} (see {@link Shown}). */
    public static Shown shown(Execution e) {
        List<Step> st = e.steps();
        int n = st.size();
        if (e.termination() != Termination.STEP_BOUND) {
            return new Shown(n, 0, n);
        }
        int rows = n;
        int period = 0;
        for (int p = 1; p <= Math.min(n / 2, MAX_PERIOD); p++) {
            int from = n - p;
            while (from > 0 && same(st.get(from - 1), st.get(from - 1 + p))) {
                from--;
            }
            // steps from..n-1 go round a cycle of p steps; show it once if it went round at least twice
            if (n - from >= 2 * p && from + p < rows) {
                rows = from + p;
                period = p;
            }
        }
        return new Shown(rows, period, n);
    }

    private static boolean same(Step a, Step b) {
        return a.thread() == b.thread() && a.operation() == b.operation() && a.kind() == b.kind()
                && Objects.equals(a.target(), b.target()) && Objects.deepEquals(a.value(), b.value());
    }
}
