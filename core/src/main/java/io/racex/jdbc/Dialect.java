package io.racex.jdbc;

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
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between databases: how racex makes and drops its scratch space, prepares a
 * session, resets the data, and reads the database's own view of who waits for whom.
 */
abstract class Dialect {
    /** How long the database itself lets a lock wait last: well beyond racex's own step timeout, so racex's safety net fires first. */
    static final int LOCK_WAIT_SECONDS = 120;

    final Database db;

    Dialect(Database db) {
        this.db = db;
    }

    static Dialect of(Database db) {
        switch (db.kind()) {
            case "postgresql":
                return new Postgres(db);
            case "mariadb":
                return new MariaDb(db);
            default:
                return db.isPrivateMemory() ? new H2Private(db) : new H2Schema(db);
        }
    }

    /** Whether statements run inside this JVM (embedded H2), so a waiting statement shows as a waiting Java thread. */
    boolean inProcess() {
        return false;
    }

    /** The scratch schema or database name for a random suffix. */
    String scratchName(String random) {
        return "racex_" + random;
    }

    /** The URL every connection of the store uses. */
    String url(String scratch) {
        return db.url();
    }

    /** Creates the scratch space (on the monitor connection). */
    abstract void createScratch(Statement s, String scratch) throws SQLException;

    /** Drops the scratch space and everything in it, nothing else. */
    abstract void dropScratch(Statement s, String scratch) throws SQLException;

    /** Makes a new connection work inside the scratch space, with racex's session settings. */
    abstract void initSession(Connection c, String scratch) throws SQLException;

    /** Session settings only the threads' connections need (not the monitor's). */
    void initThreadSession(JdbcStore.Slot slot) throws SQLException {}

    /** The query returning the session's id as the lock view names it. */
    abstract String sessionIdQuery();

    /** The base tables in the scratch space. */
    abstract List<String> tables(Connection monitor, String scratch) throws SQLException;

    /**
     * The statements that empty the scratch space's tables (identity counters restarted), worked
     * out once per build; {@code null} when only a rebuild restores the initial state. The store
     * runs them, then the setup's row statements: as one batch when {@link #batchReset()}.
     */
    abstract List<String> emptyTables(Connection monitor, String scratch, List<String> tables) throws SQLException;

    /**
     * Whether the reset statements go to the server as one batch wrapped in
     * {@code BEGIN … COMMIT} (one round trip, one commit), rather than one by one.
     */
    boolean batchReset() {
        return false;
    }

    static int count(Connection monitor, String sql, String scratch) throws SQLException {
        try (PreparedStatement p = monitor.prepareStatement(sql)) {
            p.setString(1, scratch);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    /**
     * The sessions now waiting for a lock, among {@code sessions}, each with the sessions it waits
     * for (empty when the database does not say who).
     */
    abstract Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException;

    /** The first column of a one-parameter query, as strings in row order. */
    static List<String> firstColumn(Connection c, String sql, String parameter) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, parameter);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** Called inside a statement's step before it runs, knowing how many other threads wait in the database. */
    void beforeStatement(JdbcStore.Slot slot, int othersWaiting) throws SQLException {}

    /** Called when a thread's transaction ended: committed ({@code true}) or rolled back. */
    void afterTransactionEnd(JdbcStore.Slot slot, boolean committed) {}

    static String quoteIdent(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    // ---------------------------------------------------------------------------------------------

    /** H2: a private in-memory database per store; dropping it is closing its last connection. */
    static class H2Private extends Dialect {
        H2Private(Database db) {
            super(db);
        }

        @Override
        boolean inProcess() {
            String u = db.url().toLowerCase(java.util.Locale.ROOT);
            return !(u.startsWith("jdbc:h2:tcp:") || u.startsWith("jdbc:h2:ssl:"));
        }

        @Override
        String url(String scratch) {
            // LOCK_TIMEOUT: a lock wait ends only by commit, rollback or deadlock, not by H2's default 1 s timer
            return "jdbc:h2:mem:" + scratch + ";LOCK_TIMEOUT=" + LOCK_WAIT_SECONDS * 1000 + ";DB_CLOSE_ON_EXIT=FALSE";
        }

        @Override
        void createScratch(Statement s, String scratch) throws SQLException {
            // the database came into being with the monitor connection
        }

        @Override
        void dropScratch(Statement s, String scratch) throws SQLException {
            s.execute("SHUTDOWN");
        }

        @Override
        void initSession(Connection c, String scratch) throws SQLException {}

        @Override
        String sessionIdQuery() {
            return "SELECT SESSION_ID()";
        }

        @Override
        List<String> tables(Connection monitor, String scratch) throws SQLException {
            return h2Tables(monitor, "PUBLIC");
        }

        static List<String> h2Tables(Connection monitor, String schema) throws SQLException {
            return firstColumn(monitor, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", schema);
        }

        @Override
        List<String> emptyTables(Connection monitor, String scratch, List<String> tables) {
            List<String> out = new ArrayList<>();
            // the database is racex's own, so switching referential checks off touches nobody else
            out.add("SET REFERENTIAL_INTEGRITY FALSE");
            for (String t : tables) {
                out.add("TRUNCATE TABLE " + quoteIdent(t) + " RESTART IDENTITY");
            }
            out.add("SET REFERENTIAL_INTEGRITY TRUE");
            return out;
        }

        @Override
        Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException {
            Map<String, Set<String>> out = new HashMap<>();
            try (Statement s = monitor.createStatement();
                 ResultSet r = s.executeQuery("SELECT SESSION_ID, BLOCKER_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
                while (r.next()) {
                    String id = r.getString(1);
                    if (sessions.contains(id)) {
                        out.computeIfAbsent(id, k -> new HashSet<>()).add(r.getString(2));
                    }
                }
            }
            return out;
        }
    }

    /** H2 given by URL: a scratch schema in that database. */
    static final class H2Schema extends H2Private {
        H2Schema(Database db) {
            super(db);
        }

        @Override
        String scratchName(String random) {
            return ("racex_" + random).toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        String url(String scratch) {
            return db.url();
        }

        @Override
        void createScratch(Statement s, String scratch) throws SQLException {
            s.execute("CREATE SCHEMA " + quoteIdent(scratch));
        }

        @Override
        void dropScratch(Statement s, String scratch) throws SQLException {
            s.execute("DROP SCHEMA IF EXISTS " + quoteIdent(scratch) + " CASCADE");
        }

        @Override
        void initSession(Connection c, String scratch) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET SCHEMA " + quoteIdent(scratch));
                s.execute("SET LOCK_TIMEOUT " + LOCK_WAIT_SECONDS * 1000);
            }
        }

        @Override
        List<String> tables(Connection monitor, String scratch) throws SQLException {
            return h2Tables(monitor, scratch);
        }

        @Override
        List<String> emptyTables(Connection monitor, String scratch, List<String> tables) {
            // SET REFERENTIAL_INTEGRITY is database-wide: not racex's to switch in a shared database
            return null;
        }
    }

    /** PostgreSQL: a scratch schema in the URL's database, first on every connection's search_path. */
    static final class Postgres extends Dialect {
        /** deadlock_timeout by how many other threads already wait: see {@link #beforeStatement}. */
        private static final String[] DEADLOCK_TIMEOUTS = {"10s", "50ms", "10ms", "2ms", "1ms"};

        Postgres(Database db) {
            super(db);
        }

        @Override
        void createScratch(Statement s, String scratch) throws SQLException {
            s.execute("CREATE SCHEMA " + quoteIdent(scratch));
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
                // commits need not wait for the disk: nothing racex runs must survive a crash
                s.execute("SET synchronous_commit = off");
            }
        }

        @Override
        String sessionIdQuery() {
            return "SELECT pg_backend_pid()";
        }

        @Override
        List<String> tables(Connection monitor, String scratch) throws SQLException {
            return firstColumn(monitor, "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename", scratch);
        }

        /**
         * DELETE is several times cheaper than TRUNCATE on tiny tables (no new files, no catalog
         * update); TRUNCATE … RESTART IDENTITY is used when there are sequences to restart or
         * foreign keys that make the delete order matter.
         */
        @Override
        List<String> emptyTables(Connection monitor, String scratch, List<String> tables) throws SQLException {
            List<String> out = new ArrayList<>();
            if (tables.isEmpty()) {
                return out;
            }
            int sequences = count(monitor, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = ? AND c.relkind = 'S'", scratch);
            int foreignKeys = count(monitor, "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                    + "WHERE n.nspname = ? AND c.contype = 'f'", scratch);
            if (sequences == 0 && foreignKeys == 0) {
                for (String t : tables) {
                    out.add("DELETE FROM " + quoteIdent(scratch) + "." + quoteIdent(t));
                }
                return out;
            }
            StringBuilder sb = new StringBuilder("TRUNCATE ");
            for (int i = 0; i < tables.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(quoteIdent(scratch)).append('.').append(quoteIdent(tables.get(i)));
            }
            sb.append(" RESTART IDENTITY CASCADE");
            out.add(sb.toString());
            return out;
        }

        @Override
        boolean batchReset() {
            return true;
        }

        @Override
        Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException {
            Map<String, Set<String>> out = new HashMap<>();
            Integer[] pids = sessions.stream().map(Integer::valueOf).toArray(Integer[]::new);
            try (PreparedStatement p = monitor.prepareStatement("SELECT p, pg_blocking_pids(p) FROM unnest(?::int[]) AS p")) {
                Array arr = monitor.createArrayOf("int4", pids);
                p.setArray(1, arr);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Object[] blockers = (Object[]) r.getArray(2).getArray();
                        if (blockers.length > 0) {
                            Set<String> b = new HashSet<>();
                            for (Object x : blockers) {
                                b.add(String.valueOf(x));
                            }
                            out.put(String.valueOf(r.getInt(1)), b);
                        }
                    }
                }
            }
            return out;
        }

        /**
         * PostgreSQL looks for a deadlock only when a waiter's {@code deadlock_timeout} expires,
         * and the session that finds the cycle is the one aborted. For the same schedule to give the
         * same victim, the thread that closes a cycle must find it first: a statement started while
         * k other threads already wait gets a shorter timeout the larger k is (10 s, 50 ms, 10 ms, …),
         * so the last thread to wait always checks first. Set only when it changes.
         */
        @Override
        void initThreadSession(JdbcStore.Slot slot) {
            try (Statement s = slot.raw.createStatement()) {
                s.execute("SET deadlock_timeout = '" + DEADLOCK_TIMEOUTS[0] + "'");
                slot.deadlockTimeout = DEADLOCK_TIMEOUTS[0];
                slot.deadlockTimeoutCommitted = DEADLOCK_TIMEOUTS[0];
                slot.deadlockTimeoutSettable = true;
            } catch (SQLException e) {
                // only superusers may set it: deadlocks still resolve, after the server's own timeout
                slot.deadlockTimeoutSettable = false;
            }
        }

        @Override
        void beforeStatement(JdbcStore.Slot slot, int othersWaiting) throws SQLException {
            if (!slot.deadlockTimeoutSettable || slot.transactionFailed) {
                return;
            }
            String want = DEADLOCK_TIMEOUTS[Math.min(othersWaiting, DEADLOCK_TIMEOUTS.length - 1)];
            if (want.equals(slot.deadlockTimeout)) {
                return;
            }
            try (Statement s = slot.raw.createStatement()) {
                s.execute("SET deadlock_timeout = '" + want + "'");
            }
            slot.deadlockTimeout = want;
            if (slot.autoCommit && !slot.explicitTx) {
                slot.deadlockTimeoutCommitted = want;
            }
        }

        @Override
        void afterTransactionEnd(JdbcStore.Slot slot, boolean committed) {
            // a SET inside a transaction lasts only if the transaction commits
            if (committed) {
                slot.deadlockTimeoutCommitted = slot.deadlockTimeout;
            } else {
                slot.deadlockTimeout = slot.deadlockTimeoutCommitted;
            }
        }
    }

    /** MariaDB: a scratch database, made current on every connection. */
    static final class MariaDb extends Dialect {
        private static final Pattern TRX = Pattern.compile("(?m)^---TRANSACTION ");
        private static final Pattern THREAD_ID = Pattern.compile("(?:MySQL|MariaDB) thread id (\\d+)");

        MariaDb(Database db) {
            super(db);
        }

        /** {@code Innodb_row_lock_current_waits}: waits that passed their deadlock check (server-wide). */
        private static long rowLockWaitsPastDeadlockCheck(Connection monitor) throws SQLException {
            try (Statement s = monitor.createStatement();
                 ResultSet r = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_current_waits'")) {
                return r.next() ? r.getLong(2) : Long.MAX_VALUE;
            }
        }

        private static String q(String ident) {
            return "`" + ident.replace("`", "``") + "`";
        }

        @Override
        void createScratch(Statement s, String scratch) throws SQLException {
            s.execute("CREATE DATABASE " + q(scratch));
        }

        @Override
        void dropScratch(Statement s, String scratch) throws SQLException {
            s.execute("DROP DATABASE IF EXISTS " + q(scratch));
        }

        @Override
        void initSession(Connection c, String scratch) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("USE " + q(scratch));
                s.execute("SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            }
        }

        @Override
        String sessionIdQuery() {
            return "SELECT CONNECTION_ID()";
        }

        @Override
        List<String> tables(Connection monitor, String scratch) throws SQLException {
            return firstColumn(monitor, "SELECT TABLE_NAME FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", scratch);
        }

        /**
         * DELETE inside one transaction (one log flush) for plain tables; TRUNCATE, which commits
         * by itself, for tables with an AUTO_INCREMENT counter to restart. Foreign key checks are
         * off for the reset only, and only in racex's own session.
         */
        @Override
        List<String> emptyTables(Connection monitor, String scratch, List<String> tables) throws SQLException {
            Set<String> autoIncrement = new HashSet<>();
            try (PreparedStatement p = monitor.prepareStatement("SELECT TABLE_NAME FROM information_schema.COLUMNS "
                    + "WHERE TABLE_SCHEMA = ? AND EXTRA LIKE '%auto_increment%'")) {
                p.setString(1, scratch);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        autoIncrement.add(r.getString(1));
                    }
                }
            }
            List<String> out = new ArrayList<>();
            out.add("SET FOREIGN_KEY_CHECKS = 0");
            for (String t : tables) {
                if (autoIncrement.contains(t)) {
                    out.add("TRUNCATE TABLE " + q(scratch) + "." + q(t));
                }
            }
            out.add("BEGIN");
            for (String t : tables) {
                if (!autoIncrement.contains(t)) {
                    out.add("DELETE FROM " + q(scratch) + "." + q(t));
                }
            }
            out.add("SET FOREIGN_KEY_CHECKS = 1");
            return out;
        }

        @Override
        boolean batchReset() {
            return true;
        }

        /**
         * From {@code SHOW ENGINE INNODB STATUS}: the transactions in {@code LOCK WAIT}. The
         * {@code information_schema.INNODB_LOCK_WAITS} and {@code INNODB_TRX} tables would also
         * name the blocker, but InnoDB serves them from a cache refreshed only after 0.1 s without
         * readers, so under polling they never change; the status text is built on each call.
         */
        @Override
        Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException {
            Map<String, Set<String>> out = new HashMap<>();
            String status;
            try (Statement s = monitor.createStatement(); ResultSet r = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
                if (!r.next()) {
                    return out;
                }
                status = r.getString(3);
            }
            int start = status.indexOf("LIST OF TRANSACTIONS");
            if (start < 0) {
                return out;
            }
            String[] blocks = TRX.split(status.substring(start));
            for (String b : blocks) {
                int end = b.indexOf("\n---");
                String head = end < 0 ? b : b.substring(0, end);
                if (!head.contains("LOCK WAIT")) {
                    continue;
                }
                Matcher m = THREAD_ID.matcher(head);
                if (m.find() && sessions.contains(m.group(1))) {
                    out.put(m.group(1), Set.of());
                }
            }
            if (!out.isEmpty() && rowLockWaitsPastDeadlockCheck(monitor) < out.size()) {
                // a wait is listed from the moment its request is queued, but the waiting thread then
                // runs its own deadlock check; a cycle closed before that check has run may be broken
                // by either side. InnoDB counts a row lock wait only after the check: until every
                // listed wait is counted, none is settled
                return Map.of();
            }
            return out;
        }
    }
}
