package io.racex.store.bridge;

import io.racex.RacexException;
import io.racex.store.StepGate;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import io.racex.store.java.JavaStore;
import io.racex.store.java.JavaThread;
import io.racex.store.jdbc.Jdbc;
import io.racex.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The user's own Java classes (a {@link JavaStore}) together with a database (a {@link JdbcStore}):
 * the Java threads of a test call the user's repository, and the repository's connections come
 * from racex ({@link RacexDataSource}). Every field access, monitor and thread call of the code is a
 * step of the Java model, and every statement, commit and rollback on those connections a step of
 * the same execution, on the same thread, with its SQL footprint; so DPOR orders them against each
 * other as it orders any two steps.
 *
 * <p>Each thread of the execution (the test body, each thread it starts) has its own database
 * session: the Java store's thread {@code t} uses the JDBC store's connection of thread {@code t}.
 * Because a statement may wait for a lock another thread's transaction holds, this store
 * {@linkplain #canBlock() can block}: the runtime grants each step from its controlling thread and
 * asks the database's lock view whether a thread that does not come back is waiting, and then runs
 * another thread; that is what the JDBC store alone does too.
 *
 * <p>Between executions the database is reset first (the scratch schema's tables back to the
 * setup's rows), then the Java side (static fields, a new test instance). The scratch schema is
 * dropped when the store is closed.
 */
public final class JavaJdbcStore implements Store<JavaThread> {
    private final JavaStore java;
    private final JdbcStore jdbc;
    /** The data source of each thread's connection in the execution in progress; built in {@link #handle}. */
    private final DataSource[] sources;

    /** {@code java}'s executions, with {@code jdbc}'s connections for their threads. Closing this closes both. */
    public JavaJdbcStore(JavaStore java, JdbcStore jdbc) {
        this.java = java;
        this.jdbc = jdbc;
        this.sources = new DataSource[java.threadCount()];
        java.companion(this);
    }

    /** The database side, for tests (its scratch name). */
    public JdbcStore jdbc() {
        return jdbc;
    }

    /**
     * A data source on the connection of thread {@code thread} of the execution in progress: each
     * {@code getConnection()} is a new handle on that thread's one session.
     *
     * @throws RacexException if no execution is in progress
     */
    DataSource dataSource(int thread) {
        DataSource s = thread < sources.length ? sources[thread] : null;
        if (s == null) {
            throw new RacexException("no racex connection for thread " + (thread + 1) + ": no execution is in progress");
        }
        return s;
    }

    @Override
    public void reset() throws Exception {
        // the database first: the Java set-up (a @BeforeEach) may already hold the data source, but
        // it cannot use it there (it runs outside the execution), so the order only matters for failures
        jdbc.reset();
        java.reset();
    }

    @Override
    public JavaThread handle(int thread, StepGate gate) throws Exception {
        // one session per thread, opened once and reused across executions (the JDBC store keeps it);
        // its statements step through the same gate as the thread's Java steps
        Connection c = jdbc.handle(thread, gate);
        sources[thread] = Jdbc.dataSource(c);
        return java.handle(thread, gate);
    }

    @Override
    public Map<String, Object> snapshot() throws Exception {
        return java.snapshot();
    }

    @Override
    public String describe() {
        return java.describe() + ", with a database: " + jdbc.describe();
    }

    @Override
    public void endExecution() {
        // rolls back and frees every connection, which also releases a thread blocked in a lock wait
        jdbc.endExecution();
        java.endExecution();
    }

    /** A statement can wait for a database lock: the runtime then grants steps one by one. */
    @Override
    public boolean canBlock() {
        return true;
    }

    @Override
    public Set<Integer> blockedThreads(Set<Integer> candidates) {
        return jdbc.blockedThreads(candidates);
    }

    @Override
    public String deadlockDetail() {
        return java.deadlockDetail();
    }

    @Override
    public Set<Integer> holders(int thread, StepRequest pending) {
        return pending == null ? jdbc.holders(thread, null) : java.holders(thread, pending);
    }

    @Override
    public void close() throws Exception {
        try (JdbcStore d = jdbc) {
            java.close();
        }
    }
}
