package io.racex.store.jdbc;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One thread's real connection and what racex knows about its transaction, kept apart from the
 * store because three parties read it: the thread's JDBC proxies update it at every step
 * ({@link JdbcHandles}), the lock view reads it from the controlling thread to decide who is
 * blocked ({@link LockView}), and the store restores it between executions. The fields the
 * controlling thread reads while the thread runs are volatile.
 *
 * <p>A connection is opened once and reused across executions: after each one it is rolled back
 * and returned to its initial settings, or replaced when that cannot be done (a session setting
 * racex cannot undo, a statement still waiting for someone outside racex).
 */
final class ConnectionSlot {
    final int thread;
    final Connection raw;
    /** The session's id as the database's lock view names it. */
    final String session;
    final Dialect.SessionHooks hooks;
    private final Dialect dialect;
    private final int baseIsolation;

    volatile boolean inStatement;
    /**
     * The threads whose statements were running in the database at some time while this one's
     * current statement ran: only one thread moves at a time, so they were waiting for a lock, and
     * if this statement is refused to break a deadlock they are the rest of its cycle. Which
     * statements overlap follows from the schedule alone, so the cycle is the same on every replay.
     */
    final Set<Integer> overlapped = ConcurrentHashMap.newKeySet();
    volatile long statementStart;
    /** The statement now running in the database, if it is one (commit and rollback are not): what {@link #cancel} cancels. */
    volatile Statement running;
    /** The dialect limits every statement on the server, so no JDBC query timeout is needed. */
    final boolean serverTimeout;
    /** The Java thread running the current statement. */
    volatile Thread runner;
    /** A transaction is open and may hold locks. */
    volatile boolean txOpen;
    boolean autoCommit = true;
    /** BEGIN / START TRANSACTION ran as SQL. */
    boolean explicitTx;
    /** A statement of the open transaction failed (PostgreSQL then refuses everything but ROLLBACK). */
    boolean transactionFailed;
    final Set<String> txReads = new LinkedHashSet<>();
    final Set<String> txWrites = new LinkedHashSet<>();
    boolean isolationChanged;
    boolean sessionChanged;
    /** The connection cannot be brought back to its initial settings: it is replaced before the next use. */
    boolean broken;
    /** The thread runs in a serial (spec) run, where nothing runs beside it. */
    boolean serial;
    /** The isolation level (a JDBC constant) the connection runs at now, as far as racex knows. */
    int isolationNow;
    /** A SQL statement may have changed the isolation level: racex treats it as unknown, the strictest. */
    boolean isolationUnknown;
    /** Inserts into tables without keys so far in this execution: numbers the fresh rows they write. */
    int freshRows;
    /** The open transaction has run the consistent read that fixes its snapshot (see {@link JdbcHandles#SNAPSHOT}). */
    boolean snapshotTaken;

    private ConnectionSlot(int thread, Connection raw, String session, Dialect.SessionHooks hooks, Dialect dialect, int baseIsolation) {
        this.thread = thread;
        this.raw = raw;
        this.session = session;
        this.hooks = hooks;
        this.dialect = dialect;
        this.baseIsolation = baseIsolation;
        this.isolationNow = baseIsolation;
        this.serverTimeout = dialect == null || dialect.serverStatementTimeout();
    }

    /** A slot without a connection: only for deciding who is blocked, in tests of {@link LockView}. */
    ConnectionSlot(int thread, String session) {
        this(thread, null, session, Dialect.SessionHooks.NONE, null, Connection.TRANSACTION_NONE);
    }

    /** Opens thread {@code thread}'s connection inside the scratch space, at {@code isolation}. */
    static ConnectionSlot open(int thread, Database db, Dialect dialect, String scratch, Isolation isolation) {
        Connection raw = db.connect(dialect.url(db, scratch));
        try {
            dialect.initSession(raw, scratch);
            Dialect.SessionHooks hooks = dialect.initThreadSession(raw);
            String session = dialect.sessionId(raw);
            if (isolation != Isolation.DEFAULT) {
                raw.setTransactionIsolation(isolation.jdbcLevel());
            }
            return new ConnectionSlot(thread, raw, session, hooks, dialect, raw.getTransactionIsolation());
        } catch (SQLException e) {
            closeQuietly(raw);
            throw new RacexException("cannot prepare a connection to " + db.kind() + " at " + db.address() + ": "
                    + SqlErrors.clean(e.getMessage()), e);
        }
    }

    /** The lock cycle of a deadlock this thread's statement was refused for: this thread, then the others it overlapped. */
    List<Integer> cycle() {
        if (overlapped.isEmpty()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        out.add(thread);
        new TreeSet<>(overlapped).forEach(out::add);
        return List.copyOf(out);
    }

    /** Whether the connection may hold locks: inside a statement or a transaction. */
    boolean holdsLocks() {
        return inStatement || txOpen;
    }

    /** Marks the transaction ended and tells the dialect's hooks. */
    void transactionEnded(boolean committed) {
        boolean was = txOpen || explicitTx || !autoCommit;
        txOpen = false;
        snapshotTaken = false;
        explicitTx = false;
        transactionFailed = false;
        txReads.clear();
        txWrites.clear();
        if (was) {
            hooks.afterTransactionEnd(committed);
        }
    }

    /** Rolls back and returns the connection to its initial settings; a connection that resists is marked broken. */
    void restore() {
        if (broken) {
            return;
        }
        try {
            if (!raw.getAutoCommit()) {
                raw.rollback();
                raw.setAutoCommit(true);
            } else if (explicitTx || txOpen) {
                try (Statement st = raw.createStatement()) {
                    st.execute("ROLLBACK");
                }
            }
            if (txOpen || explicitTx) {
                hooks.afterTransactionEnd(false);
            }
            if (isolationChanged) {
                raw.setTransactionIsolation(baseIsolation);
            }
            if (sessionChanged) {
                broken = true;
            }
        } catch (SQLException | RuntimeException e) {
            broken = true;
        }
        clearTracking();
    }

    private void clearTracking() {
        txOpen = false;
        snapshotTaken = false;
        autoCommit = true;
        explicitTx = false;
        transactionFailed = false;
        txReads.clear();
        txWrites.clear();
        isolationChanged = false;
        isolationNow = baseIsolation;
        isolationUnknown = false;
        freshRows = 0;
    }

    /** Makes the connection work in the rebuilt scratch space again; marks it broken if it cannot. */
    void reenter(String scratch) {
        if (broken) {
            return;
        }
        try {
            dialect.initSession(raw, scratch);
        } catch (SQLException e) {
            broken = true;
        }
    }

    /** Ends the connection for good: rolls back and closes it, or aborts it if a statement still runs. */
    void discard() {
        if (inStatement && !cancel(2_000)) {
            abort();
            return;
        }
        try {
            if (!raw.isClosed() && !raw.getAutoCommit()) {
                raw.rollback();
            }
        } catch (SQLException | RuntimeException ignored) {
            // closing below ends the transaction anyway
        }
        closeQuietly(raw);
    }

    /**
     * Asks the database to stop the statement now running (PostgreSQL's cancel request, MariaDB's
     * {@code KILL QUERY}, H2's cancel), from another thread, and waits up to {@code millis} for
     * the thread to come back: what keeps a statement that never ends from running on in the
     * server after racex moved on or exited. Whether it came back.
     */
    boolean cancel(long millis) {
        Statement st = running;
        if (!inStatement) {
            return true;
        }
        if (st != null) {
            Thread t = new Thread(() -> {
                try {
                    st.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // the connection is aborted next if the statement does not return
                }
            }, "racex-cancel-statement");
            t.setDaemon(true);
            t.start();
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (inStatement && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return !inStatement;
    }

    /** Cuts the connection, from another thread: a connection blocked in a statement may hold its own lock while it waits. */
    void abort() {
        Connection c = raw;
        Thread t = new Thread(() -> {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException | AbstractMethodError e) {
                closeQuietly(c);
            }
        }, "racex-abort-connection");
        t.setDaemon(true);
        t.start();
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // nothing more can be done with it
        }
    }
}
