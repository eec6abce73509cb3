package io.racex.store.jdbc;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Helpers for the plain JDBC code of operations. */
public final class Jdbc {
    private Jdbc() {}

    /** The body of one transaction attempt. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Connection c) throws SQLException;
    }

    /** SQLSTATEs that mean "the database gave up on this transaction; run it again": serialization failure, deadlock. */
    public static final Set<String> RETRYABLE = Set.of("40001", "40P01");

    /**
     * Runs {@code body} as one transaction and commits it; when the body or the commit fails with
     * an SQLSTATE in {@code retryOn}, rolls back and runs it again, at most {@code maxAttempts}
     * times in all, with no sleeping (under racex the schedule decides what happens between
     * attempts). Any other failure rolls back and propagates, and so does the last retryable one.
     * Auto-commit must be off (each attempt's statements, commit and rollback are steps).
     *
     * <pre>{@code
     * conn.setAutoCommit(false);
     * conn.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
     * Jdbc.retrying(conn, 3, Jdbc.RETRYABLE, c -> { ... SELECT ...; ... UPDATE ...; return null; });
     * }</pre>
     *
     * @throws RacexException if auto-commit is on or {@code maxAttempts} is below 1
     */
    public static <T> T retrying(Connection conn, int maxAttempts, Set<String> retryOn, Transaction<T> body) throws SQLException {
        if (maxAttempts < 1) {
            throw new RacexException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (conn.getAutoCommit()) {
            throw new RacexException("Jdbc.retrying needs auto-commit off: call setAutoCommit(false) first");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                T result = body.run(conn);
                conn.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(conn, e);
                if (attempt >= maxAttempts || e.getSQLState() == null || !retryOn.contains(e.getSQLState())) {
                    throw e;
                }
            } catch (RuntimeException e) {
                rollbackQuietly(conn, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection conn, Exception cause) throws SQLException {
        try {
            conn.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }
}
