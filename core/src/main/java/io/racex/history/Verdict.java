package io.racex.history;

/** The verdict on a history or on one of its parts. */
public enum Verdict {
    /** Some order of the operations respects real time and the model. */
    LINEARIZABLE("linearizable"),
    /** No order does: a violation. */
    NOT_LINEARIZABLE("not-linearizable"),
    /** The search stopped (time limit) before it could tell. */
    UNKNOWN("unknown"),
    /** A part left unfinished because another part was found not linearizable first (the history's verdict is known). */
    NOT_CHECKED("not-checked");

    private final String id;

    Verdict(String id) {
        this.id = id;
    }

    /** The name in reports: {@code linearizable}, {@code not-linearizable}, {@code unknown}. */
    public String id() {
        return id;
    }
}
