package io.racex.store.jdbc;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides which of racex's threads are blocked, from what the database's lock view says (who
 * waits, and for whom when it names them) and what racex knows of each thread's connection. A
 * pure function of those, apart from any database, because it is where a wrong answer makes a
 * schedule differ between runs: a thread called blocked too early lets the runtime move on while
 * the database is still deciding, and a lock view that lags behind a commit must not keep a
 * thread blocked.
 *
 * <p>A thread is blocked when the lock view lists it as waiting and it will stay so until another
 * racex step: it waits for a session outside racex, or for a racex thread that holds a transaction
 * and is parked between steps, or for one that is itself blocked in that sense. A blocker still
 * inside a statement and not waiting is finishing something (a deadlock victim rolling back) that
 * may free the waiter without any step; a cycle is a deadlock the database is about to break. In
 * both cases the waiter is not blocked yet, so the runtime waits for the database instead.
 */
final class WaitsFor {
    private WaitsFor() {}

    /**
     * What racex knows of one thread's connection when it decides, read before the lock view (see
     * {@link LockView}).
     *
     * @param thread the thread (0-based)
     * @param session the session id as the lock view names it
     * @param inStatement a statement of the thread is running in the database
     * @param holdsLocks inside a statement or an open transaction, so it may hold locks
     */
    record Session(int thread, String session, boolean inStatement, boolean holdsLocks) {
        static Session of(ConnectionSlot s) {
            boolean in = s.inStatement;
            return new Session(s.thread, s.session, in, in || s.txOpen);
        }
    }

    /** Stands for a session outside racex in the waits-for graph. */
    private static final Session OUTSIDE = new Session(-1, null, false, true);

    /**
     * The candidates that are blocked.
     *
     * @param candidates threads the runtime asks about
     * @param sessions every thread's connection as it is now
     * @param waits the lock view: waiting session to the sessions it waits for; an empty set when
     *     the database does not name them (MariaDB), so that any other thread holding a transaction
     *     may be the blocker
     */
    static Set<Integer> blocked(Collection<Integer> candidates, Collection<Session> sessions, Map<String, Set<String>> waits) {
        Map<String, Session> bySession = new HashMap<>();
        Map<Integer, Session> byThread = new HashMap<>();
        for (Session s : sessions) {
            bySession.put(s.session(), s);
            byThread.put(s.thread(), s);
        }
        Map<Session, Set<Session>> graph = graph(waits, bySession, sessions);
        Set<Integer> out = new LinkedHashSet<>();
        for (int t : candidates) {
            Session s = byThread.get(t);
            if (s != null && s.inStatement() && graph.containsKey(s) && settled(s, graph, new HashSet<>())) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The threads {@code thread} waits for, as the lock view names them (0-based; -1 for a session
     * outside racex), for a person stepping through an execution. Empty when it waits for nobody.
     */
    static Set<Integer> holders(int thread, Collection<Session> sessions, Map<String, Set<String>> waits) {
        Map<String, Session> bySession = new HashMap<>();
        Session waiter = null;
        for (Session s : sessions) {
            bySession.put(s.session(), s);
            if (s.thread() == thread) {
                waiter = s;
            }
        }
        Set<Session> blockers = graph(waits, bySession, sessions).get(waiter);
        Set<Integer> out = new java.util.TreeSet<>();
        if (blockers != null) {
            blockers.forEach(b -> out.add(b.thread()));
        }
        return out;
    }

    /**
     * The waits-for graph among racex's threads: waiter to the threads it waits for, keeping only
     * blockers that still hold a transaction (a lock view that lags behind a commit, as H2's does
     * until the waiter wakes, must not keep a thread blocked). A blocker outside racex is
     * {@link #OUTSIDE}. When the database does not name blockers, every other thread holding a
     * transaction may be one: with three or more threads this can take an unrelated holder for the
     * blocker while InnoDB's status still lists a just-granted wait (a known limit, pinned by
     * {@code WaitsForTest}); with two, such a stale entry has no holder left and is dropped.
     */
    private static Map<Session, Set<Session>> graph(Map<String, Set<String>> waits, Map<String, Session> bySession,
            Collection<Session> sessions) {
        Map<Session, Set<Session>> graph = new HashMap<>();
        for (Map.Entry<String, Set<String>> w : waits.entrySet()) {
            Session waiter = bySession.get(w.getKey());
            if (waiter == null || !waiter.inStatement()) {
                continue;
            }
            Set<Session> blockers = new HashSet<>();
            if (w.getValue().isEmpty()) {
                // no names: any other thread holding a transaction may be the one. With none, the
                // entry is one the database has not cleared yet after the holder ended, or a
                // session outside racex: either way not racex's to wait for as a blocked thread
                for (Session s : sessions) {
                    if (s != waiter && s.holdsLocks()) {
                        blockers.add(s);
                    }
                }
            } else {
                for (String b : w.getValue()) {
                    Session s = bySession.get(b);
                    if (s == null) {
                        blockers.add(OUTSIDE);
                    } else if (s.holdsLocks()) {
                        blockers.add(s);
                    }
                }
            }
            if (!blockers.isEmpty()) {
                graph.put(waiter, blockers);
            }
        }
        return graph;
    }

    private static boolean settled(Session waiter, Map<Session, Set<Session>> graph, Set<Session> onPath) {
        Set<Session> blockers = graph.get(waiter);
        if (blockers == null || !onPath.add(waiter)) {
            return false;
        }
        try {
            for (Session b : blockers) {
                if (b == OUTSIDE || (!b.inStatement() && b.holdsLocks())) {
                    return true;
                }
                if (b.inStatement() && settled(b, graph, onPath)) {
                    return true;
                }
            }
            return false;
        } finally {
            onPath.remove(waiter);
        }
    }
}
