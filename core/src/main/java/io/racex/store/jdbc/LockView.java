package io.racex.store.jdbc;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The store's answer to the runtime's "which of these threads are blocked?": asks the database's
 * own lock view through the {@link Dialect} and lets {@link WaitsFor} decide. It lives apart from
 * the store because it is on the runtime's hot path while a statement runs: it must not ask the
 * database at all when no candidate can be waiting yet, and it must survive an embedded database
 * failing a read of its lock view now and then.
 */
final class LockView {
    private final Database db;
    private final Dialect dialect;
    private final boolean inProcess;
    /** A statement younger than this is not worth a round trip to the lock view yet. */
    private final long probeDelayNanos;

    LockView(Database db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
        this.inProcess = dialect.inProcess(db);
        // an embedded statement is checked by its Java thread's state first, so it can be probed at once
        this.probeDelayNanos = inProcess ? 0 : 1_000_000;
    }

    /** The candidates that wait in the database for another thread, among {@code slots} (indexed by thread, nulls allowed). */
    Set<Integer> blocked(Set<Integer> candidates, List<ConnectionSlot> slots, Connection monitor) {
        if (!worthAsking(candidates, slots)) {
            return Set.of();
        }
        // what racex knows of each thread, read before the lock view, never after: while the view is
        // read, a thread parked between steps stays so, and one inside a statement can only return.
        // Read after, a view showing a deadlock cycle could meet a snapshot where the database had
        // already broken it (one side returned, parked with its locks), and make the victim, still
        // on its way back, look blocked behind it: the same schedule would record a wait or not
        List<WaitsFor.Session> now = sessions(slots);
        // ask about every thread inside a statement: whether a candidate is in a cycle depends on them too
        Set<String> inStatement = inStatement(now);
        Map<String, Set<String>> waits = read(monitor, inStatement);
        if (waits.isEmpty()) {
            return Set.of();
        }
        return WaitsFor.blocked(candidates, now, waits);
    }

    /** The threads {@code thread}, blocked in a statement, waits for (see {@link WaitsFor#holders}). */
    Set<Integer> holders(int thread, List<ConnectionSlot> slots, Connection monitor) {
        List<WaitsFor.Session> now = sessions(slots);
        Set<String> inStatement = inStatement(now);
        return inStatement.isEmpty() ? Set.of() : WaitsFor.holders(thread, now, read(monitor, inStatement));
    }

    /** What racex knows of each thread's session now. */
    private static List<WaitsFor.Session> sessions(List<ConnectionSlot> slots) {
        List<WaitsFor.Session> now = new ArrayList<>(slots.size());
        for (ConnectionSlot s : slots) {
            if (s != null) {
                now.add(WaitsFor.Session.of(s));
            }
        }
        return now;
    }

    /** The sessions of {@code now} inside a statement: the ones worth asking the lock view about. */
    private static Set<String> inStatement(List<WaitsFor.Session> now) {
        Set<String> out = new HashSet<>();
        for (WaitsFor.Session s : now) {
            if (s.inStatement()) {
                out.add(s.session());
            }
        }
        return out;
    }

    private boolean worthAsking(Set<Integer> candidates, List<ConnectionSlot> slots) {
        long now = System.nanoTime();
        for (int t : candidates) {
            ConnectionSlot s = t < slots.size() ? slots.get(t) : null;
            // an embedded statement whose thread is running is not waiting for a lock
            if (s != null && s.inStatement && now - s.statementStart >= probeDelayNanos && !(inProcess && running(s.runner))) {
                return true;
            }
        }
        return false;
    }

    private static boolean running(Thread t) {
        return t != null && t.getState() == Thread.State.RUNNABLE;
    }

    /**
     * Reads the lock view, retrying a few times: it is a pure read, and an embedded database can
     * fail it transiently (H2 has thrown a NullPointerException reading SESSIONS while a session it
     * lists was changing). A failure that persists is the user's to see.
     */
    private Map<String, Set<String>> read(Connection monitor, Set<String> sessions) {
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return dialect.waits(monitor, sessions);
            } catch (SQLException | RuntimeException e) {
                last = e;
                LockSupport.parkNanos(200_000L << attempt);
            }
        }
        throw new RacexException("cannot read the lock view of " + db.kind() + " at " + db.address() + ": "
                + SqlErrors.clean(String.valueOf(last.getMessage())), last);
    }
}
