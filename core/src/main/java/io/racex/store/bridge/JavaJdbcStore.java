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
        Connection c = jdbc.handle(thread, new OwnThreadOnly(gate, thread));
        sources[thread] = Jdbc.dataSource(c);
        return java.handle(thread, gate);
    }

    /**
     * The gate of thread {@code thread}'s session, refusing a step asked for from another thread:
     * the runtime would otherwise let one thread run a step on another's gate, and the execution
     * would no longer be the one the schedule names. A connection handed from one Java thread to
     * another is a mistake in JDBC code too (a connection is not meant for concurrent use).
     */
    private final class OwnThreadOnly implements StepGate {
        private final StepGate gate;
        private final int thread;

        OwnThreadOnly(StepGate gate, int thread) {
            this.gate = gate;
            this.thread = thread;
        }

        @Override
        public <T> T step(StepRequest request, java.util.concurrent.Callable<T> action) throws Exception {
            JavaStore.Here here = JavaStore.here();
            if (!gate.serial() && (here == null || here.store() != java || here.thread() != thread)) {
                throw new RacexException("a connection racex gave thread " + (thread + 1) + " was used by "
                        + (here == null || here.store() != java ? "code outside the execution" : "thread " + (here.thread() + 1))
                        + ": each thread must get its own from the data source (getConnection() on that thread)");
            }
            return gate.step(request, action);
        }

        @Override
        public void amend(Object value) {
            gate.amend(value);
        }

        @Override
        public boolean serial() {
            return gate.serial();
        }
    }

    @Override
    public Map<String, Object> snapshot() throws Exception {
        return java.snapshot();
    }

    /** The database's: Java fields are read as they are, so only its uncommitted writes can be read dirty. */
    @Override
    public boolean dirtyReads() {
        return jdbc.dirtyReads();
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

    /**
     * The Java model's account of the deadlock, with what each thread blocked in a statement waits
     * for in the database: a cycle may go through a Java lock and a row lock (a thread holding a
     * monitor waits in the database for a thread that waits for the monitor).
     */
    @Override
    public String deadlockDetail() {
        Map<Integer, Set<Integer>> inDatabase = new java.util.TreeMap<>();
        for (int t = 0; t < sources.length; t++) {
            Set<Integer> h = jdbc.holders(t, null);
            if (!h.isEmpty()) {
                inDatabase.put(t, h);
            }
        }
        return java.deadlockDetail(inDatabase);
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
