package io.racex;

import java.util.Map;
import java.util.StringJoiner;

/**
 * What an execution produced, as the spec judges it: each operation's result (keyed by
 * {@code T<n>: <operation>}) and the final state.
 *
 * @param results operation label to result, in thread then program order
 * @param state final state, sorted by name
 */
public record Outcome(Map<String, OpResult> results, Map<String, Object> state) {
    /** The final state as {@code a=150 b=100 c=100}. */
    public String stateText() {
        StringJoiner j = new StringJoiner(" ");
        state.forEach((k, v) -> j.add(k + "=" + render(v)));
        return j.toString();
    }

    /** Results that carry information (non-null values and exceptions), as {@code T1: op -> value}. */
    public String resultsText() {
        StringJoiner j = new StringJoiner(", ");
        results.forEach((k, v) -> {
            if (v.value() != null || v.isException()) {
                j.add(k + " -> " + render(v));
            }
        });
        return j.toString();
    }

    static String render(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(v);
    }
}
