package io.racex.store.jdbc;

import io.racex.RacexException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

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

    /**
     * A {@link DataSource} for the user's own JDBC code (a repository, a DAO) called from an
     * operation: every {@code getConnection()} is a new handle on the operation's thread's
     * connection {@code handle}, so each statement, commit and rollback the code runs is a step,
     * with the same blocking, scratch space and reports as statements of the operation itself.
     * Closing such a connection closes only that handle: the store rolls the real one back after
     * the execution. Under a serial run (the spec's) it is the same.
     *
     * <pre>{@code
     * .thread(Operation.of("withdraw(100)", c -> new AccountRepository(Jdbc.dataSource(c)).withdraw(1, 100)))
     * }</pre>
     *
     * @throws RacexException if {@code handle} is not a connection racex gave an operation
     */
    public static DataSource dataSource(Connection handle) {
        if (handle == null || !Proxy.isProxyClass(handle.getClass())
                || !(Proxy.getInvocationHandler(handle) instanceof JdbcHandles.Conn conn)) {
            throw new RacexException("Jdbc.dataSource needs the connection racex gave the operation (its handle), not "
                    + (handle == null ? "null" : handle.getClass().getName()));
        }
        return new ThreadDataSource(conn);
    }

    /** The data source of one thread's connection: a fresh handle each time. */
    private static final class ThreadDataSource extends HandleDataSource {
        private final JdbcHandles.Conn conn;

        ThreadDataSource(JdbcHandles.Conn conn) {
            this.conn = conn;
        }

        @Override
        public Connection getConnection() {
            return JdbcHandles.connection(conn.store, conn.slot, conn.gate);
        }

        @Override
        public String toString() {
            return "racex data source of thread " + (conn.slot.thread + 1);
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
