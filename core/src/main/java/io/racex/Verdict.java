package io.racex;

import java.util.List;

/** The judgement of one execution. */
public sealed interface Verdict permits Verdict.Pass, Verdict.Violation {
    /** The execution's outcome is allowed and every invariant holds. */
    record Pass() implements Verdict {}

    /**
     * The execution breaks correctness.
     *
     * @param kind why
     * @param message one line saying what broke
     * @param brokenInvariants names of invariants that do not hold
     */
    record Violation(FailureKind kind, String message, List<String> brokenInvariants) implements Verdict {}

    Pass PASS = new Pass();
}
