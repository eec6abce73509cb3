package io.racex.jdbc;

import io.racex.RacexException;
import io.racex.store.StepGate;
import io.racex.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store whose threads run plain JDBC against a real database: H2 in memory by default,
 * PostgreSQL or MariaDB by {@link Database}. Each thread has its own connection; every statement
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

    /** Statements of a serial (spec) run may not wait this long: nothing runs beside them. */
    private static final int SERIAL_QUERY_TIMEOUT_SECONDS = 30;
    private static final Set<JdbcStore> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final Database db;
    private final Dialect dialect;
    private final List<String> setup;
    private final List<String> rowStatements;
    private final boolean reloadable;
    private final Map<String, String> state;
    private final Isolation isolation;
    private final Reset resetMode;
    private final long probeDelayNanos;

    private Connection monitor;
    private String scratch;
    private boolean created;
    private List<String> tables = List.of();
    /** The statements that restore the initial state from any state, or null when only a rebuild does. */
    private List<String> reloadScript;
    private volatile boolean schemaChanged;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Slot> bySession = new ConcurrentHashMap<>();
    private boolean closed;
    private long reloads;
    private long rebuilds;

    private JdbcStore(Builder b) {
        this.db = b.db;
        this.dialect = Dialect.of(b.db);
        this.setup = List.copyOf(b.setup);
        this.state = new LinkedHashMap<>(b.state);
        this.isolation = b.isolation;
        this.resetMode = b.reset;
        List<String> rows = new ArrayList<>();
        boolean ok = true;
        for (String s : setup) {
            SqlText.Verb v = SqlText.verb(s);
            if (v == SqlText.Verb.DML) {
                rows.add(s);
            } else if (!isStructure(s)) {
                ok = false;
            }
        }
        this.rowStatements = List.copyOf(rows);
        this.reloadable = ok;
        // an embedded statement is checked by its Java thread's state first, so it can be probed at once
        this.probeDelayNanos = dialect.inProcess() ? 0 : 1_000_000;
    }

    /** Tables, indexes, views, constraints: what emptying the tables leaves intact. Sequences are state, so not structure. */
    private static boolean isStructure(String sql) {
        List<String> w = SqlText.words(sql, 4);
        if (w.isEmpty()) {
            return false;
        }
        if (w.get(0).equals("create") || w.get(0).equals("alter")) {
            return !w.contains("sequence") && !w.contains("temporary") && !w.contains("temp");
        }
        return w.get(0).equals("comment") || SqlText.verb(sql) == SqlText.Verb.QUERY;
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

    /** The scratch schema or database name, once created (for tests and reports); {@code null} before. */
    public String scratchName() {
        return scratch;
    }

    /** How many resets reloaded the data and how many rebuilt the scratch space. */
    public long[] resetCounts() {
        return new long[] {reloads, rebuilds};
    }

    /** Builds a {@link JdbcStore}; nothing touches the database before the first {@link JdbcStore#reset()}. */
    public static final class Builder {
        private final Database db;
        private final List<String> setup = new ArrayList<>();
        private final Map<String, String> state = new LinkedHashMap<>();
        private Isolation isolation = Isolation.DEFAULT;
        private Reset reset = Reset.AUTO;

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

        public JdbcStore build() {
            return new JdbcStore(this);
        }
    }

    /** One thread's connection and what racex knows about its transaction. */
    static final class Slot {
        final int thread;
        Connection raw;
        String session;
        int baseIsolation;
        volatile boolean inStatement;
        volatile long statementStart;
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
        boolean broken;
        boolean serial;
        String deadlockTimeout;
        String deadlockTimeoutCommitted;
        boolean deadlockTimeoutSettable;

        Slot(int thread) {
            this.thread = thread;
        }

        boolean holdsLocks() {
            return inStatement || txOpen;
        }

        void clearTracking() {
            txOpen = false;
            autoCommit = true;
            explicitTx = false;
            transactionFailed = false;
            txReads.clear();
            txWrites.clear();
            isolationChanged = false;
        }
    }

    // ---- Store ------------------------------------------------------------------------------

    @Override
    public void reset() throws Exception {
        if (closed) {
            throw new IllegalStateException("store closed");
        }
        if (monitor == null) {
            open();
            return;
        }
        if (resetMode == Reset.REBUILD || schemaChanged || (resetMode == Reset.AUTO && !reloadable)) {
            rebuild();
        } else {
            reload();
        }
    }

    @Override
    public Connection handle(int thread, StepGate gate) {
        while (slots.size() <= thread) {
            slots.add(null);
        }
        Slot s = slots.get(thread);
        if (s == null || s.broken) {
            if (s != null) {
                discard(s);
            }
            s = openSlot(thread);
            slots.set(thread, s);
        }
        s.serial = gate.serial();
        return JdbcHandles.connection(this, s, gate);
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, String> q : state.entrySet()) {
            try (Statement s = monitor.createStatement(); ResultSet r = s.executeQuery(q.getValue())) {
                CachedRows rows = CachedRows.of(CachedRows.copy(r, null));
                out.put(q.getKey(), shape(rows.plainRows(), hasOrderBy(q.getValue())));
            } catch (SQLException e) {
                throw new RacexException("state query '" + q.getKey() + "' failed: " + SqlErrors.clean(e.getMessage()), e);
            }
        }
        return out;
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
        for (Slot s : slots) {
            if (s != null && !s.inStatement) {
                restore(s);
            }
        }
        for (Slot s : slots) {
            if (s == null || !s.inStatement) {
                continue;
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (s.inStatement && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
            if (s.inStatement) {
                // still waiting for someone outside racex: cut the connection, open a new one next time
                s.broken = true;
                abort(s);
            } else {
                restore(s);
            }
        }
    }

    /** Rolls back and returns a connection to its initial settings; a connection that resists is replaced. */
    private void restore(Slot s) {
        if (s.broken) {
            return;
        }
        try {
            if (!s.raw.getAutoCommit()) {
                s.raw.rollback();
                s.raw.setAutoCommit(true);
            } else if (s.explicitTx || s.txOpen) {
                try (Statement st = s.raw.createStatement()) {
                    st.execute("ROLLBACK");
                }
            }
            if (s.txOpen || s.explicitTx) {
                dialect.afterTransactionEnd(s, false);
            }
            if (s.isolationChanged) {
                s.raw.setTransactionIsolation(s.baseIsolation);
            }
            if (s.sessionChanged) {
                s.broken = true;
            }
        } catch (SQLException | RuntimeException e) {
            s.broken = true;
        }
        s.clearTracking();
    }

    /**
     * Reads the lock view, retrying a few times: it is a pure read, and an embedded database can
     * fail it transiently (H2 has thrown a NullPointerException reading SESSIONS while a session it
     * lists was changing). A failure that persists is the user's to see.
     */
    private Map<String, Set<String>> readLockView(Set<String> sessions) {
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return dialect.waits(monitor, sessions);
            } catch (SQLException | RuntimeException e) {
                last = e;
                java.util.concurrent.locks.LockSupport.parkNanos(200_000L << attempt);
            }
        }
        throw new RacexException("cannot read the lock view of " + db.kind() + " at " + db.address() + ": "
                + SqlErrors.clean(String.valueOf(last.getMessage())), last);
    }

    @Override
    public boolean canBlock() {
        return true;
    }

    @Override
    public Set<Integer> blockedThreads(Set<Integer> candidates) {
        boolean worthAsking = false;
        long now = System.nanoTime();
        for (int t : candidates) {
            Slot s = t < slots.size() ? slots.get(t) : null;
            // a statement that only just started is not worth a round trip to the lock view yet, and
            // an embedded one whose thread is running is not waiting for a lock
            if (s != null && s.inStatement && now - s.statementStart >= probeDelayNanos
                    && !(dialect.inProcess() && running(s.runner))) {
                worthAsking = true;
            }
        }
        if (!worthAsking) {
            return Set.of();
        }
        // ask about every thread inside a statement: whether a candidate is in a cycle depends on them too
        Map<String, Slot> inStatement = new HashMap<>();
        for (Slot s : slots) {
            if (s != null && s.inStatement) {
                inStatement.put(s.session, s);
            }
        }
        Map<String, Set<String>> waits = readLockView(inStatement.keySet());
        Map<Slot, Set<Slot>> graph = waitsFor(waits, inStatement);
        Set<Integer> out = new HashSet<>();
        for (int t : candidates) {
            Slot s = t < slots.size() ? slots.get(t) : null;
            if (s != null && s.inStatement && graph.containsKey(s)
                    && settledWaiting(s, graph)) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean running(Thread t) {
        return t != null && t.getState() == Thread.State.RUNNABLE;
    }

    /**
     * The waits-for graph among racex's threads: waiter to the threads it waits for, keeping only
     * blockers that still hold a transaction (a lock view that lags behind a commit, as H2's does
     * until the waiter wakes, must not keep a thread blocked). A blocker outside racex is
     * {@link #OUTSIDE}. When the database does not name blockers (MariaDB), every other thread
     * holding a transaction may be one (with three or more threads this can take an unrelated
     * holder for the blocker while InnoDB's status still lists a just-granted wait).
     */
    private Map<Slot, Set<Slot>> waitsFor(Map<String, Set<String>> waits, Map<String, Slot> inStatement) {
        Map<Slot, Set<Slot>> graph = new HashMap<>();
        for (Map.Entry<String, Set<String>> w : waits.entrySet()) {
            Slot waiter = inStatement.get(w.getKey());
            if (waiter == null) {
                continue;
            }
            Set<Slot> blockers = new HashSet<>();
            if (w.getValue().isEmpty()) {
                // no names: any other thread holding a transaction may be the one. With none, the
                // entry is one InnoDB has not cleared yet after the holder ended (as H2's), or a
                // session outside racex: either way not racex's to wait for as a blocked thread
                for (Slot s : slots) {
                    if (s != null && s != waiter && s.holdsLocks()) {
                        blockers.add(s);
                    }
                }
            } else {
                for (String b : w.getValue()) {
                    Slot s = bySession.get(b);
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

    /** Stands for a session outside racex in the waits-for graph. */
    private static final Slot OUTSIDE = new Slot(-1);

    /**
     * Whether {@code waiter} will stay blocked until another racex step: it waits for a session
     * outside racex, or for a racex thread that holds a transaction and is parked between steps,
     * or for one that is itself settled waiting. A blocker still inside a statement and not
     * waiting is finishing something (a deadlock victim rolling back) that may free the waiter
     * without any step; a cycle is a deadlock the database is about to break. In both cases the
     * waiter is not settled, so the runtime waits for the database instead of moving on.
     */
    private static boolean settledWaiting(Slot waiter, Map<Slot, Set<Slot>> graph) {
        return settled(waiter, graph, new HashSet<>());
    }

    private static boolean settled(Slot waiter, Map<Slot, Set<Slot>> graph, Set<Slot> onPath) {
        Set<Slot> blockers = graph.get(waiter);
        if (blockers == null || !onPath.add(waiter)) {
            return false;
        }
        try {
            for (Slot b : blockers) {
                if (b == OUTSIDE || (!b.inStatement && b.holdsLocks())) {
                    return true;
                }
                if (b.inStatement && settled(b, graph, onPath)) {
                    return true;
                }
            }
            return false;
        } finally {
            onPath.remove(waiter);
        }
    }

    /** Threads other than {@code slot} now inside a statement: only one thread moves, so they wait in the database. */
    int othersWaiting(Slot slot) {
        int k = 0;
        for (Slot s : slots) {
            if (s != null && s != slot && s.inStatement) {
                k++;
            }
        }
        return k;
    }

    Dialect dialect() {
        return dialect;
    }

    String scratch() {
        return scratch;
    }

    void markSchemaChanged() {
        schemaChanged = true;
    }

    static int serialQueryTimeoutSeconds() {
        return SERIAL_QUERY_TIMEOUT_SECONDS;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Slot s : slots) {
                if (s != null) {
                    discard(s);
                }
            }
            slots.clear();
            dropScratch();
        } finally {
            OPEN.remove(this);
        }
    }

    // ---- building the scratch space -------------------------------------------------------------

    private void open() {
        installHook();
        // unique enough across processes and stores; SecureRandom would cost its seeding on every start
        long r = java.util.concurrent.ThreadLocalRandom.current().nextLong() ^ System.nanoTime() ^ (ProcessHandle.current().pid() << 40);
        scratch = dialect.scratchName(Long.toHexString(r & 0xFFFFFFFFFFL));
        try {
            monitor = db.connect(dialect.url(scratch));
            OPEN.add(this);
            try (Statement s = monitor.createStatement()) {
                dialect.createScratch(s, scratch);
                created = true;
            }
            dialect.initSession(monitor, scratch);
            runSetup();
            prepareReload();
            rebuilds++;
        } catch (SQLException e) {
            dropScratch();
            throw new RacexException("cannot create racex's scratch space on " + db.kind() + " at " + db.address() + ": "
                    + SqlErrors.clean(e.getMessage()), e);
        } catch (RuntimeException e) {
            dropScratch();
            throw e;
        }
    }

    private void runSetup() {
        try (Statement s = monitor.createStatement()) {
            for (int i = 0; i < setup.size(); i++) {
                try {
                    s.execute(setup.get(i));
                } catch (SQLException e) {
                    throw new RacexException("setup statement " + (i + 1) + " failed: " + SqlErrors.normalize(e, scratch).getMessage()
                            + " in: " + abbreviate(SqlText.oneLine(setup.get(i))), e);
                }
            }
        } catch (SQLException e) {
            throw new RacexException("cannot run the setup on " + db.kind() + ": " + SqlErrors.clean(e.getMessage()), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private void reload() throws SQLException {
        if (reloadScript == null) {
            rebuild();
            return;
        }
        try (Statement s = monitor.createStatement()) {
            if (dialect.batchReset()) {
                for (String sql : reloadScript) {
                    s.addBatch(sql);
                }
                s.executeBatch();
            } else {
                for (String sql : reloadScript) {
                    s.execute(sql);
                }
            }
        }
        reloads++;
    }

    /** Works out the reload script after a build: empty the tables, rerun the setup's row statements. */
    private void prepareReload() throws SQLException {
        tables = dialect.tables(monitor, scratch);
        List<String> empty = reloadable ? dialect.emptyTables(monitor, scratch, tables) : null;
        if (empty == null) {
            reloadScript = null;
            return;
        }
        List<String> script = new ArrayList<>(empty);
        boolean batch = dialect.batchReset();
        if (batch && !script.contains("BEGIN")) {
            script.add(0, "BEGIN");
        }
        // MariaDB's script switches foreign key checks back on last: keep that after the inserts
        String last = script.isEmpty() ? null : script.get(script.size() - 1);
        boolean trailingSet = last != null && last.startsWith("SET FOREIGN_KEY_CHECKS");
        if (trailingSet) {
            script.remove(script.size() - 1);
        }
        script.addAll(rowStatements);
        if (batch) {
            script.add("COMMIT");
        }
        if (trailingSet) {
            script.add(last);
        }
        reloadScript = List.copyOf(script);
    }

    private void rebuild() throws SQLException {
        try (Statement s = monitor.createStatement()) {
            if (dialect instanceof Dialect.H2Private && !(dialect instanceof Dialect.H2Schema)) {
                s.execute("DROP ALL OBJECTS");
            } else {
                dialect.dropScratch(s, scratch);
                dialect.createScratch(s, scratch);
            }
        }
        dialect.initSession(monitor, scratch);
        runSetup();
        prepareReload();
        for (Slot sl : slots) {
            if (sl != null && !sl.broken) {
                try {
                    dialect.initSession(sl.raw, scratch);
                } catch (SQLException e) {
                    sl.broken = true;
                }
            }
        }
        schemaChanged = false;
        rebuilds++;
    }

    private Slot openSlot(int thread) {
        Slot s = new Slot(thread);
        s.raw = db.connect(dialect.url(scratch));
        try {
            dialect.initSession(s.raw, scratch);
            dialect.initThreadSession(s);
            try (Statement st = s.raw.createStatement(); ResultSet r = st.executeQuery(dialect.sessionIdQuery())) {
                r.next();
                s.session = r.getString(1);
            }
            if (isolation != Isolation.DEFAULT) {
                s.raw.setTransactionIsolation(isolation.jdbcLevel());
            }
            s.baseIsolation = s.raw.getTransactionIsolation();
        } catch (SQLException e) {
            closeQuietly(s.raw);
            throw new RacexException("cannot prepare a connection to " + db.kind() + " at " + db.address() + ": "
                    + SqlErrors.clean(e.getMessage()), e);
        }
        bySession.put(s.session, s);
        return s;
    }

    private void discard(Slot s) {
        if (s.session != null) {
            bySession.remove(s.session);
        }
        if (s.inStatement) {
            abort(s);
        } else {
            try {
                if (!s.raw.isClosed() && !s.raw.getAutoCommit()) {
                    s.raw.rollback();
                }
            } catch (SQLException | RuntimeException ignored) {
                // closing below ends the transaction anyway
            }
            closeQuietly(s.raw);
        }
    }

    private void abort(Slot s) {
        Connection c = s.raw;
        // close from another thread: a connection blocked in a statement may hold its own lock while it waits
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

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // nothing more can be done with it
        }
    }

    /** Drops the scratch space if this store created it; never anything else. */
    private void dropScratch() {
        try {
            if (monitor != null && created) {
                try (Statement s = monitor.createStatement()) {
                    dialect.dropScratch(s, scratch);
                    created = false;
                } catch (SQLException e) {
                    dropFromNewConnection();
                }
            }
        } finally {
            closeQuietly(monitor);
            monitor = null;
            OPEN.remove(this);
        }
    }

    private void dropFromNewConnection() {
        if (dialect instanceof Dialect.H2Private && !(dialect instanceof Dialect.H2Schema)) {
            created = false;
            return; // a private in-memory database disappears with its connections
        }
        try (Connection c = db.connect(db.url()); Statement s = c.createStatement()) {
            dialect.dropScratch(s, scratch);
            created = false;
        } catch (SQLException | RuntimeException e) {
            System.err.println("racex: could not drop its scratch " + (db.kind().equals("mariadb") ? "database " : "schema ")
                    + scratch + " on " + db.display() + ": " + SqlErrors.clean(e.getMessage()) + " (drop it by hand)");
        }
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (OPEN) {
            if (hookInstalled) {
                return;
            }
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (JdbcStore s : OPEN) {
                    // the owning thread may be using the monitor: drop from a fresh connection
                    if (s.created && s.scratch != null) {
                        s.dropFromNewConnection();
                    }
                }
            }, "racex-drop-scratch"));
            hookInstalled = true;
        }
    }

    @Override
    public String toString() {
        return "JdbcStore[" + db.kind() + " " + db.display() + (scratch == null ? "" : " scratch " + scratch.toLowerCase(Locale.ROOT)) + "]";
    }
}
