package io.racex.history;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link Stress} run found.
 *
 * @param verdict {@link Verdict#NOT_LINEARIZABLE} when a round was not linearizable, else {@link Verdict#LINEARIZABLE} (no violation seen: not a proof)
 * @param rounds rounds run
 * @param operations operations called, over all rounds
 * @param exceptions calls that threw (recorded as pending)
 * @param threads threads per round
 * @param operationsPerThread operations each thread called per round
 * @param violation the check of the first round that was not linearizable
 * @param elapsed wall time
 */
public record StressResult(Verdict verdict, long rounds, long operations, long exceptions, int threads, int operationsPerThread,
        Optional<CheckResult> violation, Duration elapsed) {

    /** Whether no round was found not linearizable. */
    public boolean passed() {
        return verdict != Verdict.NOT_LINEARIZABLE;
    }

    /** One paragraph, and the failing round's report when there is one. */
    public String report() {
        String head = String.format(Locale.ROOT, "stress: %s, rounds of %d threads x %d operations (%,d operations, %,d threw), %d ms",
                passed() ? String.format(Locale.ROOT, "no violation in %,d rounds", rounds) : "VIOLATION in round " + rounds, threads,
                operationsPerThread, operations, exceptions, elapsed.toMillis());
        return violation.map(r -> head + "\n\n" + HistoryReport.text(r)).orElse(head + "\n");
    }

    /** Throws an {@link AssertionError} with {@link #report()} when a round was not linearizable. */
    public void assertLinearizable() {
        if (!passed()) {
            throw new AssertionError(report());
        }
    }
}
