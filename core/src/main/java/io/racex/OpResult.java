package io.racex;

import java.util.Objects;

/**
 * What an operation produced: a value, or the exception it threw (compared by type and message).
 *
 * @param value the returned value, or {@code null}
 * @param thrown the exception's class name when it threw, else {@code null}
 * @param message the exception's message when it threw
 */
public record OpResult(Object value, String thrown, String message) {
    public static OpResult returned(Object value) {
        return new OpResult(value, null, null);
    }

    public static OpResult threw(Throwable t) {
        return new OpResult(null, t.getClass().getName(), t.getMessage());
    }

    public boolean isException() {
        return thrown != null;
    }

    @Override
    public String toString() {
        if (thrown != null) {
            String simple = thrown.substring(thrown.lastIndexOf('.') + 1);
            return "threw " + simple + (message == null ? "" : ": " + message);
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpResult r && Objects.equals(value, r.value) && Objects.equals(thrown, r.thrown);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, thrown);
    }
}
