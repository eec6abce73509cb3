package io.racex.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL: a scratch schema in the URL's database, first on every connection's
 * {@code search_path}. The lock view is {@code pg_blocking_pids()}, which names each waiter's
 * blockers. Deadlocks are found by the waiter whose {@code deadlock_timeout} runs out first, so
 * each thread's connection gets a timeout that makes the victim depend on the schedule only
 * ({@link DeadlockTimeout}).
 */
final class PostgresDialect extends Dialect {
    /** The local service {@code --db postgresql} selects. */
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    /** SET TRANSACTION READ ONLY: first statement of the transaction (pgjdbc has begun it): PostgreSQL then refuses writes with 25006. */
    @Override
    Optional<String> readOnlyTransaction() {
        return Optional.of("SET TRANSACTION READ ONLY");
    }

    @Override
    String kind() {
        return "postgresql";
    }

    @Override
    List<String> names() {
        return List.of("postgresql", "postgres", "pg");
    }

    @Override
    Optional<Database> local() {
        return Optional.of(Database.postgresql());
    }

    @Override
    boolean acceptsUrl(String lowerUrl) {
        return lowerUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    Database fromUrl(String url) {
        return Database.fromQueryUrl(kind(), url, "root", "");
    }

    @Override
    int defaultPort() {
        return 5432;
    }

    @Override
    String driverHint() {
        return "org.postgresql:postgresql";
    }

    /** Held so the setting outlives garbage collection: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    /** The driver logs through java.util.logging (e.g. a WARNING for a bad port) before racex says it in one line. */
    @Override
    void quietDriver() {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @Override
    void connectionProperties(Properties p) {
        p.setProperty("connectTimeout", "5");
        p.setProperty("ApplicationName", "racex");
    }

    @Override
    void createScratch(Statement s, String scratch) throws SQLException {
        s.execute("CREATE SCHEMA " + quoteIdent(scratch));
        s.execute("COMMENT ON SCHEMA " + quoteIdent(scratch) + " IS '" + ownerMark() + "'");
    }

    /** 'race' in ASCII: the first key of racex's advisory locks, the second the scratch name's hash. */
    private static final int LEASE_KEY = 0x72616365;

    @Override
    boolean hasLease() {
        return true;
    }

    /** A session-level advisory lock: PostgreSQL releases it when the session ends, however it ends. */
    @Override
    boolean tryLease(Connection c, String scratch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            p.setInt(1, LEASE_KEY);
            p.setInt(2, scratch.toLowerCase(Locale.ROOT).hashCode());
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @Override
    void releaseLease(Connection c, String scratch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            p.setInt(1, LEASE_KEY);
            p.setInt(2, scratch.toLowerCase(Locale.ROOT).hashCode());
            p.executeQuery().close();
        }
    }

    @Override
    Map<String, String> scratchSpaces(Connection c) throws SQLException {
        return scratchSpaces(c, "SELECT nspname, coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace "
                + "WHERE nspname LIKE 'racex\\_%'");
    }

    @Override
    void dropScratch(Statement s, String scratch) throws SQLException {
        s.execute("SET lock_timeout = '10s'");
        s.execute("DROP SCHEMA IF EXISTS " + quoteIdent(scratch) + " CASCADE");
    }

    @Override
    void initSession(Connection c, String scratch) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + quoteIdent(scratch));
            s.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT_SECONDS + "s'");
            // commits need not wait for the disk: nothing racex runs must survive a crash
            s.execute("SET synchronous_commit = off");
        }
    }

    @Override
    String sessionId(Connection c) throws SQLException {
        return single(c, "SELECT pg_backend_pid()");
    }

    @Override
    List<String> tables(Connection monitor, String scratch) throws SQLException {
        return firstColumn(monitor, "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename", scratch);
    }

    /**
     * DELETE is several times cheaper than TRUNCATE on tiny tables (no new files, no catalog
     * update); TRUNCATE … RESTART IDENTITY is used when there are sequences to restart or
     * foreign keys that make the delete order matter. All in one transaction. A DELETE reload
     * wears the tables' pages: {@link #pageCheck} says when to start them afresh.
     */
    @Override
    Optional<List<String>> reloadScript(Connection monitor, String scratch, List<String> tables, List<String> rows)
            throws SQLException {
        List<String> out = new ArrayList<>();
        out.add("BEGIN");
        if (!tables.isEmpty()) {
            int sequences = count(monitor, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = ? AND c.relkind = 'S'", scratch);
            int foreignKeys = count(monitor, "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                    + "WHERE n.nspname = ? AND c.contype = 'f'", scratch);
            // scratch tables are thrown away: autovacuum on them would only move rows and change plans (see pageCheck)
            try (Statement s = monitor.createStatement()) {
                for (String t : tables) {
                    s.execute("ALTER TABLE " + quoteIdent(scratch) + "." + quoteIdent(t)
                            + " SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
                }
            }
            if (sequences == 0 && foreignKeys == 0) {
                for (String t : tables) {
                    out.add("DELETE FROM " + quoteIdent(scratch) + "." + quoteIdent(t));
                }
            } else {
                out.add(truncate(scratch, tables));
            }
        }
        out.addAll(rows);
        out.add("COMMIT");
        return Optional.of(out);
    }

    /**
     * Whether the tables' pages must start afresh. A DELETE reload is ten to forty times cheaper than
     * TRUNCATE on tiny tables (0.3 ms against 5 to 11 ms here: TRUNCATE makes new files), but it
     * leaves the old row versions in the table's page. Once a page is about 90% full, PostgreSQL
     * prunes them when it reads it (as far as every other session's snapshot allows, so at no
     * foreseeable moment) and puts the next rows in the freed slots, ahead of older rows; the
     * physical order of the rows then differs between executions, and with it the order in which a
     * sequential or bitmap scan reaches and locks them: hermitage-otv's {@code UPDATE test SET val =
     * val + 1 WHERE id IN (1, 2)} waited for row 1 in one execution and took row 2 first in another
     * after the same schedule, and the search stopped with "the scenario is not deterministic".
     *
     * <p>So before each reload this query looks at each table as the execution left it: rows beyond
     * the first page, half the first page used (the highest slot of a live row times the rows' mean
     * size, which counts the old versions below it), or an empty table that has storage (how much of
     * it is used is not visible) call for TRUNCATE, which gives every table new, empty storage;
     * otherwise the next execution has some 3 KB of the page before pruning can start, far more
     * than the statements of a scenario write (find-and-update writes some 130 bytes), and only
     * every few dozen resets pay for new storage. Autovacuum, which would free slots at any
     * moment and, by an ANALYZE, change plans in the middle of a search (an index scan in key order
     * becoming a sequential scan in page order), is turned off for the scratch tables when they are
     * built ({@link #reloadScript}).
     */
    @Override
    Optional<String> pageCheck(String scratch, List<String> tables) {
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        List<String> each = new ArrayList<>();
        for (String t : tables) {
            String q = quoteIdent(scratch) + "." + quoteIdent(t);
            each.add("SELECT CASE WHEN count(*) = 0 THEN pg_relation_size('" + q.replace("'", "''") + "') > 0"
                    + " ELSE max((ctid::text::point)[0]) > 0"
                    + " OR max((ctid::text::point)[1]) * (avg(pg_column_size(x.*)) + 4) > " + WORN_BYTES + " END AS worn"
                    + " FROM " + q + " x");
        }
        return Optional.of("SELECT coalesce(bool_or(worn), false) FROM (" + String.join(" UNION ALL ", each) + ") w");
    }

    /** Half a page: beyond it a table's storage is started afresh (see {@link #pageCheck}). */
    static final int WORN_BYTES = 4096;

    @Override
    Optional<List<String>> freshReloadScript(String scratch, List<String> tables, List<String> rows) {
        List<String> out = new ArrayList<>();
        out.add("BEGIN");
        if (!tables.isEmpty()) {
            out.add(truncate(scratch, tables));
        }
        out.addAll(rows);
        out.add("COMMIT");
        return Optional.of(out);
    }

    private static String truncate(String scratch, List<String> tables) {
        StringBuilder sb = new StringBuilder("TRUNCATE ");
        for (int i = 0; i < tables.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quoteIdent(scratch)).append('.').append(quoteIdent(tables.get(i)));
        }
        return sb.append(" RESTART IDENTITY CASCADE").toString();
    }

    @Override
    boolean batchReset() {
        return true;
    }

    @Override
    Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException {
        Map<String, Object[]> rows = new HashMap<>();
        Integer[] pids = sessions.stream().map(Integer::valueOf).toArray(Integer[]::new);
        try (PreparedStatement p = monitor.prepareStatement("SELECT p, pg_blocking_pids(p) FROM unnest(?::int[]) AS p")) {
            Array arr = monitor.createArrayOf("int4", pids);
            p.setArray(1, arr);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.put(String.valueOf(r.getInt(1)), (Object[]) r.getArray(2).getArray());
                }
            }
        }
        return waits(rows);
    }

    /** The waits from {@code pg_blocking_pids} of each asked pid: a pid with none is not waiting. */
    static Map<String, Set<String>> waits(Map<String, Object[]> blockingPids) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Map.Entry<String, Object[]> e : blockingPids.entrySet()) {
            if (e.getValue().length > 0) {
                Set<String> b = new HashSet<>();
                for (Object x : e.getValue()) {
                    b.add(String.valueOf(x));
                }
                out.put(e.getKey(), b);
            }
        }
        return out;
    }

    @Override
    SessionHooks initThreadSession(Connection c) {
        return DeadlockTimeout.start(c);
    }

    /**
     * PostgreSQL looks for a deadlock only when a waiter's {@code deadlock_timeout} expires, and
     * the session that finds the cycle is the one aborted. For the same schedule to give the same
     * victim, the thread that closes a cycle must find it first: a statement started while k other
     * threads already wait gets a shorter timeout the larger k is (10 s, 50 ms, 10 ms, …), so the
     * last thread to wait always checks first. Set only when it changes; a SET inside a transaction
     * lasts only if the transaction commits, so the committed value is kept beside the current one.
     */
    static final class DeadlockTimeout implements SessionHooks {
        /** deadlock_timeout by how many other threads already wait. */
        static final String[] BY_WAITING = {"10s", "50ms", "10ms", "2ms", "1ms"};

        private String current = BY_WAITING[0];
        private String committed = BY_WAITING[0];

        private DeadlockTimeout() {}

        static SessionHooks start(Connection c) {
            try (Statement s = c.createStatement()) {
                s.execute("SET deadlock_timeout = '" + BY_WAITING[0] + "'");
                return new DeadlockTimeout();
            } catch (SQLException e) {
                // only superusers may set it: deadlocks still resolve, after the server's own timeout
                return SessionHooks.NONE;
            }
        }

        @Override
        public boolean wantsOthersWaiting() {
            return true;
        }

        @Override
        public void beforeStatement(ConnectionSlot slot, int othersWaiting) throws SQLException {
            if (slot.transactionFailed) {
                return; // PostgreSQL refuses everything but ROLLBACK now
            }
            String want = BY_WAITING[Math.min(othersWaiting, BY_WAITING.length - 1)];
            if (want.equals(current)) {
                return;
            }
            try (Statement s = slot.raw.createStatement()) {
                s.execute("SET deadlock_timeout = '" + want + "'");
            }
            current = want;
            if (slot.autoCommit && !slot.explicitTx) {
                committed = want;
            }
        }

        @Override
        public void afterTransactionEnd(boolean committed) {
            if (committed) {
                this.committed = current;
            } else {
                current = this.committed;
            }
        }
    }
}
