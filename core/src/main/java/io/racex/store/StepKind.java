package io.racex.store;

/** What a step does; shown in reports and used by the anomaly classifier. */
public enum StepKind {
    READ, WRITE, LOCK, UNLOCK, QUERY, UPDATE, EXECUTE, COMMIT, ROLLBACK, CONFIG;

    /** Lower-case name as printed in reports and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
