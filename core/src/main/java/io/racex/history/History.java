package io.racex.history;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A recorded history: the operations of several clients with their calls and returns, as read by
 * {@link HistoryReader} or recorded by {@link HistoryRecorder}.
 *
 * @param source where it came from (a file name), for messages
 * @param format how it was written: {@code jsonl}, {@code jepsen-edn}, {@code jepsen-log} or {@code recorded}
 * @param operations the operations in order of their calls; {@link Operation#id()} is the index
 * @param leftOut operations that failed for certain (JSON Lines {@code fail}, Jepsen {@code :fail}
 *     other than a failed compare-and-set): they did not take effect and are not checked
 */
public record History(String source, String format, List<Operation> operations, int leftOut) {
    public History {
        operations = List.copyOf(operations);
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i).id() != i) {
                throw new IllegalArgumentException("operation " + i + " has id " + operations.get(i).id());
            }
        }
    }

    /** The clients in order of their first call. */
    public List<String> clients() {
        Set<String> out = new LinkedHashSet<>();
        for (Operation op : operations) {
            out.add(op.client());
        }
        return List.copyOf(out);
    }

    /** How many operations never returned. */
    public int pending() {
        int n = 0;
        for (Operation op : operations) {
            if (op.pending()) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return operations.size();
    }
}
