package io.racex.store.jdbc;

import io.racex.store.Refusal;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB (and MySQL URLs, run on the MariaDB driver): a scratch database, made current on every
 * connection. The lock view is InnoDB's status text, which says who waits but not for whom. A
 * deadlock is reported as SQLSTATE 40001 with its own message (error 1213), not 40P01.
 */
final class MariaDbDialect extends Dialect {
    /** The local service {@code --db mariadb} selects. */
    static final String LOCAL_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    private static final Pattern TRX = Pattern.compile("(?m)^---TRANSACTION ");
    private static final Pattern THREAD_ID = Pattern.compile("(?:MySQL|MariaDB) thread id (\\d+)");

    /** InnoDB's gap and next-key locks make an insert wait for locks on the range around its key. */
    @Override
    boolean insertsWaitForRanges() {
        return true;
    }

    /** SET TRANSACTION READ ONLY: run before the transaction begins (auto-commit off, no statement yet): it applies to the next one; writes fail with 1792 / 25006. */
    @Override
    Optional<String> readOnlyTransaction() {
        return Optional.of("SET TRANSACTION READ ONLY");
    }

    @Override
    String kind() {
        return "mariadb";
    }

    @Override
    List<String> names() {
        return List.of("mariadb", "mysql");
    }

    @Override
    Optional<Database> local() {
        return Optional.of(Database.mariadb());
    }

    @Override
    boolean acceptsUrl(String lowerUrl) {
        return lowerUrl.startsWith("jdbc:mariadb:") || lowerUrl.startsWith("jdbc:mysql:");
    }

    @Override
    Database fromUrl(String url) {
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
            // the MariaDB driver only accepts its own scheme unless told otherwise
            url = "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
        }
        return Database.fromQueryUrl(kind(), url, "root", "");
    }

    @Override
    int defaultPort() {
        return 3306;
    }

    @Override
    String driverHint() {
        return "org.mariadb.jdbc:mariadb-java-client";
    }

    @Override
    void connectionProperties(Properties p) {
        p.setProperty("connectTimeout", "5000");
    }

    @Override
    void quietDriver() {
        // the driver would look for SLF4J, which its Windows-auth dependency drags in without a binding, and warn on stderr
        System.getProperties().putIfAbsent("mariadb.logging.disable", "true");
    }

    /** InnoDB's deadlock (error 1213, "Deadlock found when trying to get lock") comes as 40001, like a serialization failure. */
    @Override
    boolean isDeadlock(String sqlState, String message) {
        return super.isDeadlock(sqlState, message)
                || ("40001".equals(sqlState) && message != null && message.toLowerCase(Locale.ROOT).contains("deadlock"));
    }

    /** InnoDB's error number: 1213 is a deadlock, 1205 a lock wait timeout, 1062 a duplicate key. */
    @Override
    String vendorCode(SQLException e) {
        return e.getErrorCode() > 0 ? String.valueOf(e.getErrorCode()) : "";
    }

    @Override
    Optional<Refusal.Kind> refusal(SQLException e) {
        if (e.getErrorCode() == 1213) {
            return Optional.of(Refusal.Kind.DEADLOCK);
        }
        return super.refusal(e);
    }

    @Override
    String scratchKind() {
        return "database";
    }

    private static String q(String ident) {
        return "`" + ident.replace("`", "``") + "`";
    }

    @Override
    void createScratch(Statement s, String scratch) throws SQLException {
        s.execute("CREATE DATABASE " + q(scratch) + " COMMENT '" + ownerMark() + "'");
    }

    @Override
    boolean hasLease() {
        return true;
    }

    /** A named lock ({@code GET_LOCK}): the server releases it when the connection ends, however it ends. */
    @Override
    boolean tryLease(Connection c, String scratch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            p.setString(1, scratch.toLowerCase(Locale.ROOT));
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getInt(1) == 1;
            }
        }
    }

    @Override
    void releaseLease(Connection c, String scratch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            p.setString(1, scratch.toLowerCase(Locale.ROOT));
            p.executeQuery().close();
        }
    }

    @Override
    Map<String, String> scratchSpaces(Connection c) throws SQLException {
        return scratchSpaces(c, "SELECT SCHEMA_NAME, COALESCE(SCHEMA_COMMENT, '') FROM information_schema.SCHEMATA "
                + "WHERE SCHEMA_NAME LIKE 'racex\\_%'");
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
            s.execute("SET SESSION max_statement_time = " + STATEMENT_TIMEOUT_SECONDS);
        }
    }

    @Override
    String sessionId(Connection c) throws SQLException {
        return single(c, "SELECT CONNECTION_ID()");
    }

    @Override
    List<String> tables(Connection monitor, String scratch) throws SQLException {
        return firstColumn(monitor, "SELECT TABLE_NAME FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", scratch);
    }

    /**
     * TRUNCATE for every table, then the setup's rows in one transaction. Foreign key checks are
     * off for the reset only, and only in racex's own session: switched back on after the commit.
     *
     * <p>Not DELETE, though it is cheaper (about 1 ms a table less here): InnoDB's DELETE only marks
     * the records deleted, and its purge threads remove them later, at no moment racex can foresee
     * or wait for (purge waits for every older read view on the server). Until then a locking read
     * (SERIALIZABLE, FOR UPDATE, LOCK IN SHARE MODE, an UPDATE's scan) locks the marked records it
     * passes too, and when purge removes a locked one, InnoDB moves its locks to the next record's
     * gap as new lock structs. The same steps then leave the transactions holding different numbers
     * of locks from one execution to the next, and InnoDB's deadlock detector rolls back the
     * transaction with the fewest locks and undo records (the one whose wait closed the cycle only
     * when they tie): idempotency-key at SERIALIZABLE sometimes rolled back the other thread after
     * the same schedule ("the scenario is not deterministic"). A table without a primary key gets new
     * hidden row ids on every reload, so DELETE left marked records behind after every reset, not
     * only after executions that wrote. TRUNCATE gives the table a new, empty tree (and restarts an
     * AUTO_INCREMENT counter, which the setup's rows advance again).
     */
    @Override
    Optional<List<String>> reloadScript(Connection monitor, String scratch, List<String> tables, List<String> rows) {
        List<String> out = new ArrayList<>();
        out.add("SET FOREIGN_KEY_CHECKS = 0");
        for (String t : tables) {
            out.add("TRUNCATE TABLE " + q(scratch) + "." + q(t));
        }
        out.add("BEGIN");
        out.addAll(rows);
        out.add("COMMIT");
        out.add("SET FOREIGN_KEY_CHECKS = 1");
        return Optional.of(out);
    }

    @Override
    boolean batchReset() {
        return true;
    }

    /**
     * From {@code SHOW ENGINE INNODB STATUS}: the transactions in {@code LOCK WAIT}. The
     * {@code information_schema.INNODB_LOCK_WAITS} and {@code INNODB_TRX} tables would also name
     * the blocker, but InnoDB serves them from a cache refreshed only after 0.1 s without readers,
     * so under polling they never change; the status text is built on each call.
     */
    @Override
    Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException {
        String status;
        try (Statement s = monitor.createStatement(); ResultSet r = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            if (!r.next()) {
                return Map.of();
            }
            status = r.getString(3);
        }
        Set<String> listed = lockWaits(status, sessions);
        if (listed.isEmpty()) {
            return Map.of();
        }
        return settledWaits(listed, rowLockWaitsPastDeadlockCheck(monitor));
    }

    /** The thread ids, among {@code sessions}, of the transactions InnoDB's status lists in {@code LOCK WAIT}. */
    static Set<String> lockWaits(String status, Set<String> sessions) {
        Set<String> out = new HashSet<>();
        int start = status == null ? -1 : status.indexOf("LIST OF TRANSACTIONS");
        if (start < 0) {
            return out;
        }
        for (String b : TRX.split(status.substring(start))) {
            int end = b.indexOf("\n---");
            String head = end < 0 ? b : b.substring(0, end);
            if (!head.contains("LOCK WAIT")) {
                continue;
            }
            Matcher m = THREAD_ID.matcher(head);
            if (m.find() && sessions.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * The listed waits, each with its blockers unnamed, once InnoDB has counted every one of them
     * as past its deadlock check; none before. A wait is listed from the moment its request is
     * queued, but the waiting thread then runs its own deadlock check, and a cycle closed before
     * that check has run may be broken by either side. InnoDB counts a row lock wait
     * ({@code Innodb_row_lock_current_waits}, server-wide) only after the check.
     */
    static Map<String, Set<String>> settledWaits(Set<String> listed, long pastDeadlockCheck) {
        if (pastDeadlockCheck < listed.size()) {
            return Map.of();
        }
        Map<String, Set<String>> out = new HashMap<>();
        for (String s : listed) {
            out.put(s, Set.of());
        }
        return out;
    }

    private static long rowLockWaitsPastDeadlockCheck(Connection monitor) throws SQLException {
        try (Statement s = monitor.createStatement();
             ResultSet r = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_current_waits'")) {
            return r.next() ? r.getLong(2) : Long.MAX_VALUE;
        }
    }
}
