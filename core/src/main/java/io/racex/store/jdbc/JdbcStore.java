package io.racex.store.jdbc;

import io.racex.RacexException;
import io.racex.store.StepGate;
import io.racex.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A store whose threads run plain JDBC against a real database: H2 in memory by default,
 * PostgreSQL, MariaDB or another JDBC URL by {@link Database}. Each thread has its own connection; every statement
 * execution ({@code executeQuery}, {@code executeUpdate}, {@code execute}, {@code executeBatch}),
 * {@code commit}, {@code rollback}, {@code setAutoCommit} and {@code setTransactionIsolation} is
 * one step. The step shows the SQL with its parameters bound and what came back: the rows, the
 * update count, or the error with its SQLSTATE.
 *
 * <pre>{@code
 * Scenario<Connection> s = Scenario.on("find-and-update", () -> JdbcStore.builder(db)
 *         .setup(List.of("CREATE TABLE message (msg VARCHAR(100), time TIMESTAMP)",
 *                        "INSERT INTO message VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00')"))
 *         .state("message", "SELECT msg FROM message")
 *         .build())
 *     .thread(Operation.action("update('a')", c -> update(c, "a")))
 *     .thread(Operation.action("update('a')", c -> update(c, "a")))
 *     .spec(Spec.SERIALIZABLE)
 *     .build();
 * }</pre>
 *
 * <p><b>Scratch space.</b> Everything happens in a schema ({@code racex_<random>}, PostgreSQL
 * and H2 by URL; first on each connection's search path) or database (MariaDB) that the store
 * creates on first use and drops on {@link #close()}, or in a private in-memory H2 database. It
 * never drops or alters anything it did not create; a JVM shutdown hook drops what a store left
 * behind if it was never closed.
 *
 * <p><b>Same start every time.</b> Before each execution the tables are emptied (identity counters
 * restarted) and the setup's row statements run again; when a thread changed the schema itself,
 * or the setup makes objects a data reset cannot restore (sequences), the scratch space is
 * rebuilt from the setup instead. After each execution every connection is rolled back and
 * returned to its initial settings.
 *
 * <p><b>Blocking is decided by the database.</b> A statement waiting for a lock is reported
 * blocked only when the database's own lock view says so (H2 {@code INFORMATION_SCHEMA.SESSIONS},
 * PostgreSQL {@code pg_blocking_pids}, MariaDB's InnoDB status) and the session it waits for
 * still holds a transaction: a lock view that lags behind a commit never makes a schedule differ.
 * Deadlocks and serialization failures are what the database says: the statement throws a
 * {@link java.sql.SQLTransactionRollbackException} with the SQLSTATE, and the operation decides
 * (see {@link Jdbc#retrying}).
 *
 * <p>A store is used by one controlling thread at a time (the explorer's); the connections it
 * hands out are each used by one logical thread.
 *
 * <p>Inside, this class only wires its parts: the scratch space ({@code ScratchSpace}), the
 * choice between reload and rebuild ({@code ResetPlan}), each thread's connection and
 * transaction bookkeeping ({@code ConnectionSlot}, updated by the JDBC proxies of
 * {@code JdbcHandles}), and the answer to "who is blocked" ({@code LockView}, deciding with
 * {@code WaitsFor}). What a database does differently is its {@code Dialect}'s alone.
 */
public final class JdbcStore implements Store<Connection> {
    /** How the store returns to the initial state between executions. */
    public enum Reset {
        /** Reload when a data reset restores everything, else rebuild. */
        AUTO,
        /** Empty the tables, rerun the setup's row statements. */
        RELOAD,
        /** Drop everything in the scratch space and rerun the whole setup. */
        REBUILD
    }

    /**
     * Statements of a serial run (the spec's, the dry run of a scenario file) may not run this
     * long: nothing runs beside them, and an explored step may not take longer by default either.
     */
    private static final int SERIAL_QUERY_TIMEOUT_SECONDS = 10;

    private final Database db;
    private final Dialect dialect;
    private final Map<String, String> state;
    private final Isolation isolation;
    private final ScratchSpace scratch;
    private final ResetPlan plan;
    private final LockView lockView;
    /** The keys the setup declared, for row-level footprints. */
    private final SqlFootprints keys;
    /** Each thread's connection, by thread; null until the thread first asks for its handle. */
    private final List<ConnectionSlot> slots = new ArrayList<>();
    private volatile boolean schemaChanged;
    private boolean closed;
    /**
     * Entries the operations added to this execution's final state ({@link #note}); several
     * threads may add at once (a blocked one returns while another runs), hence concurrent.
     */
    private final Map<String, Object> notes = new java.util.concurrent.ConcurrentHashMap<>();

    private JdbcStore(Builder b) {
        this.db = b.db;
        this.dialect = b.dialect != null ? b.dialect : Dialect.of(b.db);
        this.state = new LinkedHashMap<>(b.state);
        this.isolation = b.isolation;
        this.scratch = new ScratchSpace(db, dialect);
        this.plan = new ResetPlan(b.setup, b.reset, dialect);
        this.lockView = new LockView(db, dialect);
        this.keys = SqlFootprints.learn(b.setup);
    }

    /** Starts a store on {@code db}. */
    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /** The database this store runs on. */
    public Database database() {
        return db;
    }

    /** The isolation level set on each thread's connection ({@link Isolation#DEFAULT}: the database's). */
    public Isolation isolation() {
        return isolation;
    }

    /**
     * The database's kind and address, and the isolation level each connection starts with (a
     * transaction may set its own): {@code h2 (private in-memory), connections start at isolation
     * READ COMMITTED (the database's default)}.
     */
    @Override
    public String describe() {
        String level = isolation != Isolation.DEFAULT ? isolation.sqlName() : switch (db.kind()) {
            case "h2", "postgresql" -> "READ COMMITTED (the database's default)";
            case "mariadb", "mysql" -> "REPEATABLE READ (the database's default)";
            default -> "the database's default";
        };
        String shown = db.display();
        return (shown.startsWith(db.kind()) ? shown : db.kind() + " " + shown) + ", connections start at isolation " + level;
    }

    /**
     * Whether connections start at READ UNCOMMITTED on a database that lets them read uncommitted
     * data (PostgreSQL runs READ UNCOMMITTED as READ COMMITTED). A transaction that sets its own
     * level in a statement is not seen here.
     */
    @Override
    public boolean dirtyReads() {
        return isolation == Isolation.READ_UNCOMMITTED && !db.kind().equals("postgresql");
    }

    /** The scratch schema or database name, once created (for tests and reports); {@code null} before. */
    public String scratchName() {
        return scratch.name();
    }

    /**
     * How many resets reloaded the data, how many rebuilt the scratch space, and how many of the
     * reloads also gave the tables new storage (PostgreSQL's TRUNCATE when a table's page had worn,
     * see {@code PostgresDialect.pageCheck}).
     */
    public long[] resetCounts() {
        return new long[] {plan.reloads(), plan.rebuilds(), plan.freshReloads()};
    }

    /** Builds a {@link JdbcStore}; nothing touches the database before the first {@link JdbcStore#reset()}. */
    public static final class Builder {
        private final Database db;
        private final List<String> setup = new ArrayList<>();
        private final Map<String, String> state = new LinkedHashMap<>();
        private Isolation isolation = Isolation.DEFAULT;
        private Reset reset = Reset.AUTO;
        private Dialect dialect;

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db");
        }

        /**
         * Statements that build the initial state in the scratch space, in order. An element may
         * hold several statements separated by semicolons; statements are numbered across all.
         */
        public Builder setup(List<String> sql) {
            for (String s : sql) {
                setup.addAll(SqlText.split(Objects.requireNonNull(s, "setup statement")));
            }
            return this;
        }

        /** Same as {@link #setup(List)}. */
        public Builder setup(String... sql) {
            return setup(List.of(sql));
        }

        /** Queries whose rows form the final state, each named by its own text. */
        public Builder state(List<String> queries) {
            for (String q : queries) {
                state(q, q);
            }
            return this;
        }

        /**
         * A query whose rows form part of the final state, under {@code name}: one value for one
         * row of one column, a list of values for one column, else a list of rows. Rows are
         * sorted unless the query has an {@code ORDER BY}.
         */
        public Builder state(String name, String query) {
            if (name == null || name.isBlank()) {
                throw new RacexException("a state query needs a name");
            }
            if (query == null || query.isBlank()) {
                throw new RacexException("state query '" + name + "' is empty");
            }
            state.put(name, query.strip());
            return this;
        }

        /** The isolation level each thread's connection starts with (default: the database's). */
        public Builder isolation(Isolation level) {
            this.isolation = Objects.requireNonNull(level, "isolation");
            return this;
        }

        /** How to reset between executions (default {@link Reset#AUTO}); for measuring the alternatives. */
        public Builder reset(Reset mode) {
            this.reset = Objects.requireNonNull(mode, "reset");
            return this;
        }

        /** Runs on {@code dialect} instead of the database's own (tests of the generic dialect on H2). */
        Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        public JdbcStore build() {
            return new JdbcStore(this);
        }
    }

    // ---- Store ------------------------------------------------------------------------------

    @Override
    public void reset() throws Exception {
        if (closed) {
            throw new IllegalStateException("store closed");
        }
        notes.clear();
        if (!scratch.isOpen()) {
            open();
        } else if (plan.canReload(schemaChanged)) {
            plan.reload(scratch.monitor());
        } else {
            rebuild();
        }
    }

    @Override
    public Connection handle(int thread, StepGate gate) {
        while (slots.size() <= thread) {
            slots.add(null);
        }
        ConnectionSlot s = slots.get(thread);
        if (s == null || s.broken) {
            if (s != null) {
                s.discard();
            }
            s = ConnectionSlot.open(thread, db, dialect, scratch.name(), isolation);
            slots.set(thread, s);
        }
        s.serial = gate.serial();
        return JdbcHandles.connection(this, s, gate);
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, String> q : state.entrySet()) {
            try (Statement s = scratch.monitor().createStatement(); ResultSet r = s.executeQuery(q.getValue())) {
                CachedRows rows = CachedRows.of(CachedRows.copy(r, null));
                out.put(q.getKey(), shape(rows.plainRows(), hasOrderBy(q.getValue())));
            } catch (SQLException e) {
                throw new RacexException("state query '" + q.getKey() + "' failed: " + SqlErrors.clean(e.getMessage()), e);
            }
        }
        out.putAll(notes);
        return out;
    }

    /**
     * Adds an entry to the final state of the current execution of the store that handed out
     * {@code c}, beside the state queries' results, until the next {@link #reset()}: how a thread
     * reports something it saw that a check on the final state must know about (a scenario file's
     * {@code expect:} that did not hold), so that the check fails the execution like an invariant
     * does, with the schedule. Whether {@code c} is a racex connection (else nothing is recorded).
     */
    public static boolean note(Connection c, String key, Object value) {
        if (c != null && java.lang.reflect.Proxy.isProxyClass(c.getClass())
                && java.lang.reflect.Proxy.getInvocationHandler(c) instanceof JdbcHandles.Conn h) {
            h.store.notes.put(key, value);
            return true;
        }
        return false;
    }

    private static boolean hasOrderBy(String sql) {
        List<String> t = SqlText.tokens(sql);
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).equals("order") && t.get(i + 1).equals("by")) {
                return true;
            }
        }
        return false;
    }

    /** One value, a list of values, or a list of rows; sorted when the query does not order them. */
    private static Object shape(List<List<Object>> rows, boolean ordered) {
        if (!ordered) {
            rows.sort((a, b) -> Values.show(a).compareTo(Values.show(b)));
        }
        int cols = rows.isEmpty() ? 1 : rows.get(0).size();
        if (cols == 1) {
            List<Object> one = new ArrayList<>();
            rows.forEach(r -> one.add(r.get(0)));
            return one.size() == 1 ? one.get(0) : one;
        }
        return rows;
    }

    @Override
    public void endExecution() {
        // first release everything held by threads that are not inside a statement: that frees the ones waiting on them
        List<ConnectionSlot> waiting = new ArrayList<>();
        for (ConnectionSlot s : slots) {
            if (s != null && s.inStatement) {
                waiting.add(s);
            } else if (s != null) {
                s.restore();
            }
        }
        // a statement freed by those rollbacks may finish at any moment, even before this loop reaches it: restore it all the same
        for (ConnectionSlot s : waiting) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (s.inStatement && System.nanoTime() < deadline) {
                LockSupport.parkNanos(200_000);
            }
            // still running after the others were released: a statement that does not end (pg_sleep, an
            // unbounded recursive query) or one waiting for someone outside racex: stop it in the server
            if (s.inStatement && !s.cancel(2_000)) {
                // still waiting for someone outside racex: cut the connection, open a new one next time
                s.broken = true;
                s.abort();
            } else {
                s.restore();
            }
        }
    }

    @Override
    public boolean canBlock() {
        return true;
    }

    @Override
    public Set<Integer> blockedThreads(Set<Integer> candidates) {
        return lockView.blocked(candidates, slots, scratch.monitor());
    }

    @Override
    public Set<Integer> holders(int thread, io.racex.store.StepRequest pending) {
        return pending != null ? Set.of() : lockView.holders(thread, slots, scratch.monitor());
    }

    /** Threads other than {@code slot} now inside a statement: only one thread moves, so they wait in the database. */
    int othersWaiting(ConnectionSlot slot) {
        int k = 0;
        for (ConnectionSlot s : slots) {
            if (s != null && s != slot && s.inStatement) {
                k++;
            }
        }
        return k;
    }

    String scratch() {
        return scratch.name();
    }

    /**
     * What a statement of {@code slot}'s thread reads and writes: rows where the keys tell them and
     * the connection's isolation keeps rows apart, else whole tables (see {@link SqlFootprints}).
     */
    io.racex.store.Footprint footprint(String sql, Map<Integer, Object> params, ConnectionSlot slot) {
        boolean apart = !schemaChanged && !slot.isolationUnknown && dialect.rowsApart(slot.isolationNow);
        return keys.footprint(sql, params, apart, dialect.insertsWaitForRanges(),
                () -> "T" + (slot.thread + 1) + "." + (++slot.freshRows));
    }

    Dialect dialect() {
        return dialect;
    }

    /** {@code slot} starts a statement: it and every thread now inside one overlap (see {@link ConnectionSlot#overlapped}). */
    void noteStatementStart(ConnectionSlot slot) {
        slot.overlapped.clear();
        for (ConnectionSlot s : slots) {
            if (s != null && s != slot && s.inStatement) {
                slot.overlapped.add(s.thread);
                s.overlapped.add(slot.thread);
            }
        }
    }

    void markSchemaChanged() {
        schemaChanged = true;
    }

    /**
     * Whether {@code e} is a statement stopped at its time limit or cancelled by racex (SQLSTATE
     * 57014 on PostgreSQL and H2, 70100 on MariaDB, or the driver's {@link java.sql.SQLTimeoutException}).
     */
    public static boolean timedOut(SQLException e) {
        String s = e.getSQLState();
        return e instanceof java.sql.SQLTimeoutException || "57014".equals(s) || "70100".equals(s)
                || (e.getCause() instanceof SQLException c && c != e && timedOut(c));
    }

    /** The time limit of a serial run's statements, in seconds. */
    public static int serialQueryTimeoutSeconds() {
        return SERIAL_QUERY_TIMEOUT_SECONDS;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (ConnectionSlot s : slots) {
                if (s != null) {
                    s.discard();
                }
            }
            slots.clear();
        } finally {
            scratch.drop();
        }
    }

    /** Creates the scratch space and builds the initial state in it; on any failure drops it again at once. */
    private void open() {
        try {
            scratch.create();
            plan.build(scratch.monitor(), scratch.name(), db);
        } catch (SQLException e) {
            scratch.drop();
            throw new RacexException("cannot create racex's scratch space on " + db.kind() + " at " + db.address() + ": "
                    + SqlErrors.clean(e.getMessage()), e);
        } catch (RuntimeException e) {
            scratch.drop();
            throw e;
        }
    }

    private void rebuild() throws SQLException {
        scratch.clear();
        plan.build(scratch.monitor(), scratch.name(), db);
        for (ConnectionSlot s : slots) {
            if (s != null) {
                s.reenter(scratch.name());
            }
        }
        schemaChanged = false;
    }

    @Override
    public String toString() {
        String name = scratch.name();
        return "JdbcStore[" + db.kind() + " " + db.display() + (name == null ? "" : " scratch " + name.toLowerCase(Locale.ROOT)) + "]";
    }
}
