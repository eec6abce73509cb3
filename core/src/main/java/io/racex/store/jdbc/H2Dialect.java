package io.racex.store.jdbc;

import io.racex.store.Refusal;
import java.sql.Connection;
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
import java.util.Set;

/**
 * H2. By default ({@code --db h2}) a private in-memory database per store: racex owns all of it,
 * so the scratch space is the whole database and dropping it is closing its last connection.
 * Given by URL, a scratch schema in that database ({@link Shared}). The lock view is
 * {@code INFORMATION_SCHEMA.SESSIONS}, which names each waiter's blocker.
 */
class H2Dialect extends Dialect {
    /** The URL that means "a private in-memory database per store". */
    static final String PRIVATE_URL = "jdbc:h2:mem:";
    private static final Dialect SHARED = new Shared();

    @Override
    String kind() {
        return "h2";
    }

    @Override
    List<String> names() {
        return List.of("h2");
    }

    @Override
    Optional<Database> local() {
        return Optional.of(Database.h2());
    }

    @Override
    boolean acceptsUrl(String lowerUrl) {
        return lowerUrl.startsWith("jdbc:h2:");
    }

    /** H2 carries settings after semicolons: {@code ;USER=} and {@code ;PASSWORD=} come out. */
    @Override
    Database fromUrl(String url) {
        String user = null;
        String password = null;
        String[] parts = url.split(";");
        StringBuilder kept = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String kv = parts[i];
            int eq = kv.indexOf('=');
            String k = (eq < 0 ? kv : kv.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            if (k.equals("USER")) {
                user = v;
            } else if (k.equals("PASSWORD")) {
                password = v;
            } else if (!kv.isEmpty()) {
                kept.append(';').append(kv);
            }
        }
        // H2 does not read user-info (jdbc:h2:tcp://user:password@host/...): take it out like the other credentials
        Database info = Database.fromQueryUrl(kind(), kept.toString(), "sa", "");
        boolean hadInfo = !info.url().equals(kept.toString());
        return new Database(kind(), info.url(), user != null ? user : hadInfo ? info.user() : Database.envUser("sa"),
                password != null ? password : hadInfo ? info.password() : Database.envPassword(""));
    }

    @Override
    Dialect forDatabase(Database db) {
        return db.isPrivateMemory() ? this : SHARED;
    }

    @Override
    String driverHint() {
        return "com.h2database:h2";
    }

    @Override
    boolean inProcess(Database db) {
        String u = db.url().toLowerCase(Locale.ROOT);
        return !(u.startsWith("jdbc:h2:tcp:") || u.startsWith("jdbc:h2:ssl:"));
    }

    /**
     * H2 words a serialization conflict and a lock cycle alike (40001 "Deadlock detected"); only the
     * cause tells them apart: its transaction store's "chosen as a deadlock victim", which names the
     * waits of the cycle.
     */
    @Override
    Optional<Refusal.Kind> refusal(SQLException e) {
        Optional<Refusal.Kind> k = super.refusal(e);
        if (k.isPresent() && "40001".equals(e.getSQLState()) && victim(e)) {
            return Optional.of(Refusal.Kind.DEADLOCK);
        }
        return k;
    }

    private static boolean victim(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("deadlock victim")) {
                return true;
            }
        }
        return false;
    }

    /**
     * H2 2.3 says of a deadlock victim "the current transaction was rolled back", but after a
     * {@code SELECT ... FOR UPDATE} cycle the victim keeps its row locks until its session rolls
     * back (after an {@code UPDATE} cycle it does not). racex makes the message true on the spot,
     * as PostgreSQL and MariaDB behave: the refused step rolls its transaction back, so the other
     * side of the cycle goes on at once whichever statement closed it.
     */
    @Override
    void afterRefusal(Connection raw, SQLException e) throws SQLException {
        try (Statement s = raw.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    @Override
    String scratchKind() {
        return "database";
    }

    @Override
    String url(Database db, String scratch) {
        // LOCK_TIMEOUT: a lock wait ends only by commit, rollback or deadlock, not by H2's default 1 s timer;
        // NON_KEYWORDS=VALUE: 'value' is a column name in PostgreSQL and MariaDB (Hermitage's tables use it)
        // but a keyword in H2 2.x, so a scenario written for the others would fail on the default database
        return PRIVATE_URL + scratch + ";LOCK_TIMEOUT=" + LOCK_WAIT_SECONDS * 1000 + ";DB_CLOSE_ON_EXIT=FALSE;NON_KEYWORDS=VALUE";
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
    void clearScratch(Statement s, String scratch) throws SQLException {
        s.execute("DROP ALL OBJECTS");
    }

    @Override
    boolean scratchDiesWithConnections() {
        return true;
    }

    @Override
    void initSession(Connection c, String scratch) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET QUERY_TIMEOUT " + STATEMENT_TIMEOUT_SECONDS * 1000);
        }
    }

    @Override
    String sessionId(Connection c) throws SQLException {
        return single(c, "SELECT SESSION_ID()");
    }

    @Override
    List<String> tables(Connection monitor, String scratch) throws SQLException {
        return tablesIn(monitor, "PUBLIC");
    }

    static List<String> tablesIn(Connection monitor, String schema) throws SQLException {
        return firstColumn(monitor, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", schema);
    }

    @Override
    Optional<List<String>> reloadScript(Connection monitor, String scratch, List<String> tables, List<String> rows) {
        List<String> out = new ArrayList<>();
        // the database is racex's own, so switching referential checks off touches nobody else
        out.add("SET REFERENTIAL_INTEGRITY FALSE");
        for (String t : tables) {
            out.add("TRUNCATE TABLE " + quoteIdent(t) + " RESTART IDENTITY");
        }
        out.add("SET REFERENTIAL_INTEGRITY TRUE");
        out.addAll(rows);
        return Optional.of(out);
    }

    @Override
    Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = monitor.createStatement();
             ResultSet r = s.executeQuery("SELECT SESSION_ID, BLOCKER_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
            while (r.next()) {
                rows.add(new String[] {r.getString(1), r.getString(2)});
            }
        }
        return waits(rows, sessions);
    }

    /** The waits among {@code sessions} from rows of {@code (SESSION_ID, BLOCKER_ID)}. */
    static Map<String, Set<String>> waits(List<String[]> rows, Set<String> sessions) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String[] row : rows) {
            if (sessions.contains(row[0]) && row[1] != null) {
                out.computeIfAbsent(row[0], k -> new HashSet<>()).add(row[1]);
            }
        }
        return out;
    }

    /** H2 given by URL: a scratch schema in a database others may use too. */
    static final class Shared extends H2Dialect {
        @Override
        String scratchName(String random) {
            return ("racex_" + random).toUpperCase(Locale.ROOT);
        }

        @Override
        String scratchKind() {
            return "schema";
        }

        @Override
        String url(Database db, String scratch) {
            return db.url();
        }

        @Override
        void createScratch(Statement s, String scratch) throws SQLException {
            s.execute("CREATE SCHEMA " + quoteIdent(scratch));
            s.execute("COMMENT ON SCHEMA " + quoteIdent(scratch) + " IS '" + ownerMark() + "'");
        }

        /** H2 has no advisory locks: a scratch schema is stale when its owner's process is gone from this host. */
        @Override
        Map<String, String> scratchSpaces(Connection c) throws SQLException {
            return scratchSpaces(c, "SELECT SCHEMA_NAME, COALESCE(REMARKS, '') FROM INFORMATION_SCHEMA.SCHEMATA "
                    + "WHERE SCHEMA_NAME LIKE 'RACEX\\_%' ESCAPE '\\'");
        }

        @Override
        void dropScratch(Statement s, String scratch) throws SQLException {
            s.execute("DROP SCHEMA IF EXISTS " + quoteIdent(scratch) + " CASCADE");
        }

        @Override
        void clearScratch(Statement s, String scratch) throws SQLException {
            dropScratch(s, scratch);
            createScratch(s, scratch);
        }

        @Override
        boolean scratchDiesWithConnections() {
            return false;
        }

        @Override
        void initSession(Connection c, String scratch) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET SCHEMA " + quoteIdent(scratch));
                s.execute("SET LOCK_TIMEOUT " + LOCK_WAIT_SECONDS * 1000);
                s.execute("SET QUERY_TIMEOUT " + STATEMENT_TIMEOUT_SECONDS * 1000);
            }
        }

        @Override
        List<String> tables(Connection monitor, String scratch) throws SQLException {
            return tablesIn(monitor, scratch);
        }

        @Override
        Optional<List<String>> reloadScript(Connection monitor, String scratch, List<String> tables, List<String> rows) {
            // SET REFERENTIAL_INTEGRITY is database-wide: not racex's to switch in a shared database
            return Optional.empty();
        }
    }
}
