package io.racex.strategy;

import io.racex.RacexException;

/**
 * The one error for a scenario that is not deterministic: the same schedule prefix led to a
 * different step (or different threads able to move) in another execution. Searches replay
 * prefixes of earlier executions, so everything they conclude depends on this never happening.
 */
public final class Nondeterminism {
    private Nondeterminism() {}

    /**
     * The error for a divergence at step {@code step} (1-based): {@code what} differed, being
     * {@code before} in an earlier execution and {@code now} in this one.
     */
    public static RacexException at(int step, String what, String before, String now) {
        return new RacexException("the scenario is not deterministic: at step " + step + " " + what + " " + before
                + " in an earlier execution and " + now + " in this one, after the same schedule; operations must depend only on"
                + " the store and their arguments (no randomness, clocks, or state kept outside the store)");
    }

    /** Threads as a person reads them: {@code {T1,T3}} for the 0-based {@code {0, 2}}. */
    public static String threads(int[] ts) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < ts.length; i++) {
            sb.append(i == 0 ? "" : ",").append("T").append(ts[i] + 1);
        }
        return sb.append('}').toString();
    }
}
