package io.racex.check;

/** Why an execution failed. */
public enum FailureKind {
    NOT_LINEARIZABLE("not linearizable: no serial order that keeps real-time order gives this outcome"),
    NOT_SERIALIZABLE("not serializable: no serial order of the operations gives this outcome"),
    INVARIANT("an invariant does not hold on the final state"),
    DEADLOCK("deadlock: every live thread waits for a lock another holds"),
    LIVELOCK("step bound exceeded: a possible livelock or spin loop"),
    TIMEOUT("a thread did not reach its next step in time"),
    EXCEPTION("an exception escaped a thread (a failed assertion, an unexpected error)");

    private final String sentence;

    FailureKind(String sentence) {
        this.sentence = sentence;
    }

    /** One line for a person. */
    public String sentence() {
        return sentence;
    }

    /** Kebab-case name used in JSON: {@code not-linearizable}, {@code deadlock}, … */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
