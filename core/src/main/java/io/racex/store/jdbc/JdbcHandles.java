package io.racex.store.jdbc;

import io.racex.store.Footprint;
import io.racex.store.Refusal;
import io.racex.store.StepGate;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JDBC objects a thread's operation receives: proxies over the thread's real connection that
 * turn every statement execution, commit, rollback and transaction setting into one step through
 * the thread's {@link StepGate}. Everything else (preparing, binding, reading metadata) passes
 * straight through: it does not touch shared state.
 */
final class JdbcHandles {
    private JdbcHandles() {}

    /** What a step does to the thread's transaction. */
    private enum Effect { STATEMENT, COMMIT, ROLLBACK, AUTOCOMMIT, ISOLATION, SAVEPOINT }

    /** The value a step records: a short text for reports; the operation gets {@code result} or {@code error}. */
    sealed interface StepValue permits Ran, Refused {
        String text();

        Object result();

        SQLException error();
    }

    /** A step that ran: its result, or an error that was not the database giving up on the transaction. */
    record Ran(String text, Object result, SQLException error) implements StepValue {
        @Override
        public String toString() {
            return text;
        }

        // the same step of the same schedule renders the same text; result and error are live objects without equals
        @Override
        public boolean equals(Object o) {
            return o instanceof Ran v && text.equals(v.text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /** A step the database refused: a deadlock victim or a serialization failure, with the lock cycle where known. */
    record Refused(String text, SQLException error, Refusal.Kind refusal, String code, String vendorCode, List<Integer> cycle)
            implements StepValue, Refusal {
        @Override
        public Object result() {
            return null;
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Refused v && text.equals(v.text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    @FunctionalInterface
    interface SqlCall {
        Object call() throws SQLException;
    }

    static Connection connection(JdbcStore store, ConnectionSlot slot, StepGate gate) {
        Conn h = new Conn(store, slot, gate);
        Connection proxy = (Connection) Proxy.newProxyInstance(JdbcHandles.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
        h.self = proxy;
        return proxy;
    }

    private static Object invokeRaw(Object target, Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Runs one step: announce it, wait for the strategy, run it, keep the transaction bookkeeping. */
    static Object step(Conn c, StepKind kind, String target, Footprint fp, Effect effect, SqlText.Verb verb, SqlCall call)
            throws SQLException {
        StepValue v;
        try {
            v = c.gate.step(new StepRequest(kind, target, fp, null, null), () -> run(c, fp, effect, verb, call));
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(e);
        }
        if (v.error() != null) {
            throw v.error();
        }
        return v.result();
    }

    private static StepValue run(Conn c, Footprint fp, Effect effect, SqlText.Verb verb, SqlCall call) {
        ConnectionSlot slot = c.slot;
        slot.runner = Thread.currentThread();
        slot.statementStart = System.nanoTime();
        c.store.noteStatementStart(slot);
        slot.inStatement = true;
        try {
            if (effect == Effect.STATEMENT && slot.hooks != Dialect.SessionHooks.NONE) {
                slot.hooks.beforeStatement(slot, slot.hooks.wantsOthersWaiting() ? c.store.othersWaiting(slot) : 0);
            }
            Object r = call.call();
            after(c, fp, effect, verb, null, r);
            return new Ran(render(effect, verb, r), r, null);
        } catch (SQLException e) {
            if (c.store.dialect().refusal(e).isPresent()) {
                try {
                    c.store.dialect().afterRefusal(slot.raw, e);
                } catch (SQLException r) {
                    e.addSuppressed(r);
                    slot.broken = true;
                }
            }
            after(c, fp, effect, verb, e, null);
            return errorValue(c, e);
        } finally {
            slot.inStatement = false;
            slot.running = null;
        }
    }

    /** The value of a step that failed with {@code e}: the normalized error, and what the database refused, if it did. */
    private static StepValue errorValue(Conn c, SQLException e) {
        Dialect dialect = c.store.dialect();
        String vendor = dialect.vendorCode(e);
        SQLException n = SqlErrors.normalize(e, c.store.scratch(), vendor);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String code = state + (vendor.isEmpty() ? "" : " (" + dialect.kind() + " " + vendor + ")");
        String text = "error " + (code.isEmpty() ? "" : code + ": ") + SqlErrors.withoutCodes(n.getMessage());
        Optional<Refusal.Kind> refusal = dialect.refusal(e);
        if (refusal.isEmpty()) {
            return new Ran(text, null, n);
        }
        List<Integer> cycle = List.of();
        if (refusal.get() == Refusal.Kind.DEADLOCK) {
            cycle = c.slot.cycle();
            text += cycle.isEmpty() ? " [deadlock]" : " [deadlock: " + Refusal.describe(cycle) + "]";
        }
        return new Refused(text, n, refusal.get(), state, vendor, cycle);
    }

    private static String render(Effect effect, SqlText.Verb verb, Object r) {
        switch (effect) {
            case COMMIT:
                return "committed";
            case ROLLBACK:
                return "rolled back";
            case AUTOCOMMIT:
            case ISOLATION:
            case SAVEPOINT:
                return "ok";
            default:
                break;
        }
        if (r instanceof ResultSet rs) {
            return rs.toString();
        }
        if (r instanceof Integer || r instanceof Long) {
            return new Count(((Number) r).longValue(), verb == null ? SqlText.Verb.OTHER : verb).toString();
        }
        if (r instanceof int[] a) {
            return "batch " + Arrays.toString(a);
        }
        if (r instanceof long[] a) {
            return "batch " + Arrays.toString(a);
        }
        return String.valueOf(r);
    }

    /** Transaction bookkeeping after a step ran: what is open, what it touched, what must be restored. */
    private static void after(Conn c, Footprint fp, Effect effect, SqlText.Verb verb, SQLException error, Object result) {
        ConnectionSlot s = c.slot;
        switch (effect) {
            case COMMIT:
                endTx(c, error == null);
                return;
            case ROLLBACK:
                endTx(c, false);
                return;
            case AUTOCOMMIT: {
                if (error == null) {
                    boolean on = (Boolean) result;
                    if (on && !s.autoCommit) {
                        endTx(c, true); // switching auto-commit on commits
                    }
                    s.autoCommit = on;
                }
                return;
            }
            case ISOLATION:
                s.isolationChanged = true;
                if (error == null && result instanceof Integer level) {
                    s.isolationNow = level;
                }
                return;
            case SAVEPOINT:
                return;
            default:
                break;
        }
        switch (verb) {
            case BEGIN:
                if (error == null) {
                    s.explicitTx = true;
                    s.txOpen = true;
                }
                return;
            case COMMIT:
                endTx(c, error == null);
                return;
            case ROLLBACK:
                endTx(c, false);
                return;
            case SET:
                s.sessionChanged = true;
                return;
            case OTHER:
                if (fp.writes().contains(SqlText.ANY_TABLE)) {
                    c.store.markSchemaChanged();
                }
                break;
            default:
                break;
        }
        boolean inTx = !s.autoCommit || s.explicitTx;
        if (error != null && c.store.dialect().refusal(error).isPresent()) {
            endTx(c, false); // the database rolled the whole transaction back
            return;
        }
        if (inTx) {
            s.txOpen = true;
            s.txReads.addAll(fp.reads());
            s.txWrites.addAll(fp.writes());
            if (error != null) {
                s.transactionFailed = true;
            }
        }
    }

    private static void endTx(Conn c, boolean committed) {
        c.slot.transactionEnded(committed);
    }

    /**
     * Where a transaction at REPEATABLE READ or SERIALIZABLE takes its snapshot, as a location: the
     * statements that may fix the snapshot (each one up to the first plain query: H2 and PostgreSQL
     * take it at the first statement, MariaDB at the first consistent read) write the thread's part
     * of it, and every commit of writes (a COMMIT of a transaction that wrote, a write in
     * auto-commit) reads it whole. So the order of one transaction's snapshot and another's commit
     * is an order DPOR explores: what the later reads of the transaction see depends on it, even
     * where those reads and the committed writes touch rows the snapshot's own statement does not
     * (checked against brute force on H2, SqlDporCrossCheckTest). Reports do not show it, and no
     * data step writes it, so anomaly names are not affected.
     */
    static final String SNAPSHOT = "racex:snapshot";

    private static boolean snapshotLevel(ConnectionSlot s) {
        return s.isolationUnknown || s.isolationNow == Connection.TRANSACTION_REPEATABLE_READ
                || s.isolationNow == Connection.TRANSACTION_SERIALIZABLE;
    }

    /** A statement's footprint with the snapshot marks it carries (see {@link #SNAPSHOT}). */
    private static Footprint withSnapshot(ConnectionSlot s, String text, SqlText.Verb verb, Footprint fp) {
        boolean data = verb == SqlText.Verb.QUERY || verb == SqlText.Verb.DML;
        if (!data) {
            return fp;
        }
        boolean inTx = !s.autoCommit || s.explicitTx;
        if (inTx && !s.snapshotTaken && snapshotLevel(s)) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            if (verb == SqlText.Verb.QUERY && !lower.contains(" for update") && !lower.contains(" for share")
                    && !lower.contains(" lock in share mode")) {
                s.snapshotTaken = true;
            }
            return plus(fp, Set.of(), Set.of(Footprint.part(SNAPSHOT, "thread", Integer.toString(s.thread))));
        }
        if (!inTx && !fp.writes().isEmpty()) {
            return plus(fp, Set.of(SNAPSHOT), Set.of()); // a write in auto-commit commits at once
        }
        return fp;
    }

    private static Footprint plus(Footprint fp, Set<String> reads, Set<String> writes) {
        Set<String> r = new java.util.LinkedHashSet<>(fp.reads());
        r.addAll(reads);
        Set<String> w = new java.util.LinkedHashSet<>(fp.writes());
        w.addAll(writes);
        return new Footprint(r, w);
    }

    /** What a commit touches: everything its transaction touched, and, if it wrote, the others' snapshots. */
    private static Footprint commitFootprint(ConnectionSlot s) {
        Footprint fp = txFootprint(s);
        return s.txWrites.isEmpty() ? fp : plus(fp, Set.of(SNAPSHOT), Set.of());
    }

    /** What a commit or rollback touches: everything its transaction touched. */
    private static Footprint txFootprint(ConnectionSlot s) {
        return new Footprint(s.txReads, s.txWrites);
    }

    // ---- Connection ---------------------------------------------------------------------------

    static final class Conn implements InvocationHandler {
        final JdbcStore store;
        final ConnectionSlot slot;
        final StepGate gate;
        Connection self;
        private boolean closed;

        Conn(JdbcStore store, ConnectionSlot slot, StepGate gate) {
            this.store = store;
            this.slot = slot;
            this.gate = gate;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] a) throws Throwable {
            String name = m.getName();
            Connection raw = slot.raw;
            switch (name) {
                case "toString":
                    return "racex connection of thread " + (slot.thread + 1);
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                case "close":
                case "abort":
                    // the store owns the connection: it rolls back and reuses it after the execution
                    closed = true;
                    return null;
                case "isClosed":
                    return closed || raw.isClosed();
                case "unwrap":
                    return ((Class<?>) a[0]).isInstance(proxy) ? proxy : raw.unwrap((Class<?>) a[0]);
                case "isWrapperFor":
                    return ((Class<?>) a[0]).isInstance(proxy) || raw.isWrapperFor((Class<?>) a[0]);
                case "createStatement": {
                    Statement st = (Statement) invokeRaw(raw, m, a);
                    return wrap(new Stmt(this, st, null), Statement.class);
                }
                case "prepareStatement": {
                    PreparedStatement ps = (PreparedStatement) invokeRaw(raw, m, a);
                    return wrap(new Stmt(this, ps, (String) a[0]), PreparedStatement.class);
                }
                case "prepareCall": {
                    CallableStatement cs = (CallableStatement) invokeRaw(raw, m, a);
                    return wrap(new Stmt(this, cs, (String) a[0]), CallableStatement.class);
                }
                case "commit":
                    return step(this, StepKind.COMMIT, "COMMIT", commitFootprint(slot), Effect.COMMIT, SqlText.Verb.COMMIT, () -> {
                        raw.commit();
                        return null;
                    });
                case "rollback":
                    if (a == null || a.length == 0) {
                        return step(this, StepKind.ROLLBACK, "ROLLBACK", txFootprint(slot), Effect.ROLLBACK, SqlText.Verb.ROLLBACK, () -> {
                            raw.rollback();
                            return null;
                        });
                    }
                    return step(this, StepKind.ROLLBACK, "ROLLBACK TO SAVEPOINT", txFootprint(slot), Effect.SAVEPOINT,
                            SqlText.Verb.OTHER, () -> {
                                raw.rollback((java.sql.Savepoint) a[0]);
                                return null;
                            });
                case "setSavepoint":
                    return step(this, StepKind.EXECUTE, a == null || a.length == 0 ? "SAVEPOINT" : "SAVEPOINT " + a[0],
                            Footprint.NONE, Effect.SAVEPOINT, SqlText.Verb.OTHER, () -> invokeSql(raw, m, a));
                case "releaseSavepoint":
                    return step(this, StepKind.EXECUTE, "RELEASE SAVEPOINT", Footprint.NONE, Effect.SAVEPOINT, SqlText.Verb.OTHER,
                            () -> invokeSql(raw, m, a));
                case "setAutoCommit": {
                    boolean on = (Boolean) a[0];
                    Footprint fp = on ? commitFootprint(slot) : Footprint.NONE;
                    step(this, StepKind.CONFIG, "setAutoCommit(" + on + ")", fp, Effect.AUTOCOMMIT, SqlText.Verb.OTHER, () -> {
                        raw.setAutoCommit(on);
                        return on;
                    });
                    return null;
                }
                case "setTransactionIsolation": {
                    int level = (Integer) a[0];
                    step(this, StepKind.CONFIG, "setTransactionIsolation(" + Isolation.of(level).name() + ")", Footprint.NONE,
                            Effect.ISOLATION, SqlText.Verb.OTHER, () -> {
                                raw.setTransactionIsolation(level);
                                return level;
                            });
                    return null;
                }
                case "getAutoCommit":
                    return raw.getAutoCommit();
                case "setCatalog":
                case "setSchema":
                case "setReadOnly":
                case "setClientInfo":
                case "setTypeMap":
                case "setHoldability":
                case "setNetworkTimeout":
                    slot.sessionChanged = true;
                    return invokeRaw(raw, m, a);
                default:
                    return invokeRaw(raw, m, a);
            }
        }
    }

    private static Object invokeSql(Object target, Method m, Object[] a) throws SQLException {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException(e);
        }
    }

    private static Object wrap(Stmt h, Class<?> type) {
        Object p = Proxy.newProxyInstance(JdbcHandles.class.getClassLoader(), new Class<?>[] {type}, h);
        h.self = (Statement) p;
        return p;
    }

    // ---- Statement, PreparedStatement, CallableStatement -----------------------------------------

    static final class Stmt implements InvocationHandler {
        final Conn conn;
        final Statement raw;
        /** The SQL of a prepared statement; null for a plain statement. */
        final String sql;
        Statement self;
        private final Map<Integer, Object> params = new TreeMap<>();
        private final List<String> batch = new ArrayList<>();
        private ResultSet lastRows;
        private long lastCount = -1;

        Stmt(Conn conn, Statement raw, String sql) throws SQLException {
            this.conn = conn;
            this.raw = raw;
            this.sql = sql;
            if (conn.slot.serial) {
                raw.setQueryTimeout(JdbcStore.serialQueryTimeoutSeconds());
            } else if (!conn.slot.serverTimeout) {
                raw.setQueryTimeout(Dialect.STATEMENT_TIMEOUT_SECONDS);
            }
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] a) throws Throwable {
            String name = m.getName();
            int argc = a == null ? 0 : a.length;
            switch (name) {
                case "toString":
                    return "racex statement" + (sql == null ? "" : ": " + SqlText.oneLine(sql));
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                case "getConnection":
                    return conn.self;
                case "unwrap":
                    return ((Class<?>) a[0]).isInstance(proxy) ? proxy : raw.unwrap((Class<?>) a[0]);
                case "isWrapperFor":
                    return ((Class<?>) a[0]).isInstance(proxy) || raw.isWrapperFor((Class<?>) a[0]);
                case "executeQuery": {
                    String text = argc == 0 ? sql : (String) a[0];
                    return execute(text, argc == 0, StepKind.QUERY, () -> CachedRows.copy((ResultSet) invokeSql(raw, m, a), self));
                }
                case "executeUpdate":
                case "executeLargeUpdate": {
                    String text = argc == 0 ? sql : (String) a[0];
                    SqlText.Verb v = SqlText.verb(text);
                    StepKind kind = v == SqlText.Verb.QUERY || v == SqlText.Verb.OTHER ? StepKind.UPDATE : v.stepKind();
                    return execute(text, argc == 0, kind, () -> {
                        Object r = invokeSql(raw, m, a);
                        lastRows = null;
                        lastCount = ((Number) r).longValue();
                        return r;
                    });
                }
                case "execute": {
                    String text = argc == 0 ? sql : (String) a[0];
                    StepValueBox box = new StepValueBox();
                    Object r = execute(text, argc == 0, SqlText.verb(text).stepKind(), () -> {
                        boolean rows = (Boolean) invokeSql(raw, m, a);
                        box.rows = rows;
                        if (rows) {
                            lastRows = CachedRows.copy(raw.getResultSet(), self);
                            lastCount = -1;
                            return lastRows;
                        }
                        lastRows = null;
                        lastCount = raw.getUpdateCount();
                        return new Count(lastCount, SqlText.verb(text));
                    });
                    return box.rows;
                }
                case "addBatch":
                    if (argc == 0) {
                        batch.add(SqlText.bind(sql, params));
                    } else {
                        batch.add(SqlText.oneLine((String) a[0]));
                    }
                    return invokeRaw(raw, m, a);
                case "clearBatch":
                    batch.clear();
                    return invokeRaw(raw, m, a);
                case "executeBatch":
                case "executeLargeBatch": {
                    String target = String.join("; ", batch);
                    Footprint fp = batchFootprint();
                    List<String> ran = new ArrayList<>(batch);
                    batch.clear();
                    String first = ran.isEmpty() ? "" : ran.get(0);
                    conn.slot.running = raw;
                    return step(conn, StepKind.UPDATE, target.isEmpty() ? "(empty batch)" : target, fp, Effect.STATEMENT,
                            SqlText.verb(first), () -> invokeSql(raw, m, a));
                }
                case "getResultSet": {
                    ResultSet r = lastRows;
                    lastRows = null;
                    return r;
                }
                case "getUpdateCount":
                    return lastRows != null ? -1 : (int) lastCount;
                case "getLargeUpdateCount":
                    return lastRows != null ? -1L : lastCount;
                case "getMoreResults":
                    lastRows = null;
                    lastCount = -1;
                    return false;
                case "getGeneratedKeys":
                    return CachedRows.copy(raw.getGeneratedKeys(), self);
                case "clearParameters":
                    params.clear();
                    return invokeRaw(raw, m, a);
                default:
                    break;
            }
            if (name.startsWith("set") && argc >= 2 && a[0] instanceof Integer index && sql != null) {
                params.put(index, name.equals("setNull") ? SqlText.Null.NULL : a[1] == null ? SqlText.Null.NULL : a[1]);
            }
            return invokeRaw(raw, m, a);
        }

        private Footprint batchFootprint() {
            Set<String> reads = new LinkedHashSet<>();
            Set<String> writes = new LinkedHashSet<>();
            for (String s : batch) {
                Footprint f = SqlText.footprint(s);
                reads.addAll(f.reads());
                writes.addAll(f.writes());
            }
            return new Footprint(reads, writes);
        }

        private Object execute(String text, boolean prepared, StepKind kind, SqlCall call) throws SQLException {
            conn.slot.running = raw;
            String target = prepared ? SqlText.bind(text, params) : SqlText.oneLine(text);
            SqlText.Verb verb = SqlText.verb(text);
            if ((verb == SqlText.Verb.OTHER || verb == SqlText.Verb.SET || verb == SqlText.Verb.BEGIN)
                    && text.toLowerCase(java.util.Locale.ROOT).contains("isolation")) {
                conn.slot.isolationUnknown = true; // SET TRANSACTION ISOLATION LEVEL …, BEGIN ISOLATION LEVEL …
            }
            Footprint fp = verb == SqlText.Verb.COMMIT ? commitFootprint(conn.slot)
                    : verb == SqlText.Verb.ROLLBACK ? txFootprint(conn.slot)
                    : withSnapshot(conn.slot, text, verb, conn.store.footprint(text, prepared ? params : Map.of(), conn.slot));
            return step(conn, kind, target, fp, Effect.STATEMENT, verb, call);
        }
    }

    /** Carries {@code execute()}'s boolean past the step, which records rows or a count instead. */
    private static final class StepValueBox {
        boolean rows;
    }

    /**
     * An update count as a step shows it; a transaction statement shows what it did (a driver
     * reports 0 rows for BEGIN, COMMIT or ROLLBACK, which told a reader nothing).
     */
    private record Count(long n, SqlText.Verb verb) {
        @Override
        public String toString() {
            return switch (verb) {
                case BEGIN -> "begun";
                case COMMIT -> "committed";
                case ROLLBACK -> "rolled back";
                case SET -> "ok";
                // SET TRANSACTION …, DDL, CALL: a driver's 0 says no rows changed, not that nothing was done
                case OTHER -> n == 0 ? "ok" : n == 1 ? "1 row" : n < 0 ? "done" : n + " rows";
                default -> n == 1 ? "1 row" : n < 0 ? "done" : n + " rows";
            };
        }
    }
}
