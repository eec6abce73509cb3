package io.racex.check;

import io.racex.runtime.Step;
import io.racex.store.StepKind;
import java.util.List;
import java.util.Optional;

/**
 * A named pattern in a failing history, derived from its steps' reads and writes.
 *
 * @param name short name: {@code lost update}, {@code write skew}, {@code dirty read}, …
 * @param explanation one sentence pointing at the steps (numbered from 1)
 */
public record Anomaly(String name, String explanation) {

    /** Names the anomaly of a failing history, where one fits. */
    public static Optional<Anomaly> classify(List<Step> steps) {
        return lostUpdate(steps);
    }

    /**
     * Thread A reads x, thread B then writes x, then A writes x without reading it again: B's
     * write is lost.
     */
    static Optional<Anomaly> lostUpdate(List<Step> steps) {
        for (int k = 0; k < steps.size(); k++) {
            Step w2 = steps.get(k);
            if (!writes(w2)) {
                continue;
            }
            for (String x : w2.footprint().writes()) {
                // A's last read of x before its write k
                int readAt = -1;
                for (int i = k - 1; i >= 0; i--) {
                    Step s = steps.get(i);
                    if (s.thread() == w2.thread() && s.footprint().reads().contains(x)) {
                        readAt = i;
                        break;
                    }
                    if (s.thread() == w2.thread() && s.footprint().writes().contains(x)) {
                        break;
                    }
                }
                if (readAt < 0) {
                    continue;
                }
                for (int j = readAt + 1; j < k; j++) {
                    Step w1 = steps.get(j);
                    if (w1.thread() != w2.thread() && w1.footprint().writes().contains(x)) {
                        return Optional.of(new Anomaly("lost update", "T" + (w2.thread() + 1) + " read " + x
                                + " (step " + (readAt + 1) + "), T" + (w1.thread() + 1) + " then wrote it (step " + (j + 1)
                                + "), and T" + (w2.thread() + 1) + "'s write (step " + (k + 1)
                                + ") overwrote that write without seeing it"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean writes(Step s) {
        return !s.footprint().writes().isEmpty() && s.kind() != StepKind.LOCK && s.kind() != StepKind.UNLOCK;
    }
}
