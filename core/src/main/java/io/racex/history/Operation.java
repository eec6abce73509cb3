package io.racex.history;

import java.util.List;
import java.util.Objects;

/**
 * One operation of a recorded history: a call by a client and, unless it is pending, the return
 * that ended it.
 *
 * <p>{@code call} and {@code ret} place the two events in real time: timestamps when the history
 * has them, otherwise the events' positions in the file. One operation precedes another in real
 * time when it returned before the other was called ({@code a.ret() < b.call()}); events at the same
 * instant count as overlapping. A pending operation (it timed out, its client crashed, Jepsen's
 * {@code :info}) has {@code ret == Long.MAX_VALUE} and no result: it may take effect at any point
 * after its call, or never.
 *
 * @param id position of the operation in the history (0-based, in order of calls)
 * @param client who called it: a thread, a process, a virtual user; one row of the timeline
 * @param name the operation, e.g. {@code read}, {@code cas}, {@code append}
 * @param args the arguments, normalized by {@link Values#normalize}
 * @param result the returned value, normalized; {@code null} when pending or when nothing was returned
 * @param call when it was called
 * @param ret when it returned, {@code Long.MAX_VALUE} when pending
 * @param line the 1-based line of the call in the source, 0 when not read from a file
 * @param returnLine the 1-based line of the return, 0 when pending or not read from a file
 */
public record Operation(int id, String client, String name, List<Object> args, Object result, long call, long ret, int line,
        int returnLine) {
    /** The {@code ret} of a pending operation. */
    public static final long PENDING = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(name, "name");
        args = Values.normalizeAll(args);
        result = Values.normalize(result);
        if (ret < call) {
            throw new IllegalArgumentException("operation " + name + " returns (" + ret + ") before it is called (" + call + ")");
        }
    }

    /** Whether the operation never returned: its effect, if any, and its result are unknown. */
    public boolean pending() {
        return ret == PENDING;
    }

    /** Argument {@code i}, or {@code null} when there are fewer. */
    public Object arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** Whether this operation returned before {@code other} was called. */
    public boolean precedes(Operation other) {
        return ret < other.call;
    }

    /**
     * The call and its result as a person reads them, e.g. {@code cas(1, 2) -> true}, or
     * {@code write(3) -> ?} when pending; a {@code null} result is not shown.
     */
    public String describe() {
        return describe(result != null);
    }

    /**
     * The call, with its result (even {@code nil}) when {@code withResult}; {@code -> ?} when
     * pending and {@code withResult}.
     */
    public String describe(boolean withResult) {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Values.format(sb, args.get(i));
        }
        sb.append(')');
        if (pending()) {
            sb.append(" -> ?");
        } else if (withResult) {
            sb.append(" -> ");
            Values.format(sb, result);
        }
        return sb.toString();
    }

    /** A copy with another id (used when a history is split into parts). */
    Operation withId(int newId) {
        return new Operation(newId, client, name, args, result, call, ret, line, returnLine);
    }

    @Override
    public String toString() {
        return client + ": " + describe();
    }
}
