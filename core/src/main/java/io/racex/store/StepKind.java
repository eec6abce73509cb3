package io.racex.store;

/** What a step does; shown in reports and used by the anomaly classifier. */
public enum StepKind {
    READ, WRITE, LOCK, UNLOCK, QUERY, UPDATE, EXECUTE, COMMIT, ROLLBACK, CONFIG,
    /**
     * The first step of a thread that the code under test may start later (instrumented Java). It
     * is enabled once the thread is started; a thread still waiting at it when every other thread
     * has finished was never started, and counts as finished rather than deadlocked.
     */
    BEGIN;

    /** Lower-case name as printed in reports and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
