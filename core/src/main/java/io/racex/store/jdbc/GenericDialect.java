package io.racex.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any other JDBC URL, with what standard JDBC offers: a scratch schema made with
 * {@code CREATE SCHEMA} and entered with {@link Connection#setSchema}, tables found through
 * {@link DatabaseMetaData}, and every reset a rebuild from the setup (emptying tables portably
 * would need the foreign key order and a way to restart identity counters). The database's kind
 * is the URL's subprotocol ({@code jdbc:sqlite:…} is {@code sqlite}); its driver must be on the
 * classpath.
 *
 * <p>There is no portable lock view: a statement that waits for another thread's lock is not
 * recognised as blocked, so the runtime's step timeout ends that execution. Scenarios whose
 * transactions never wait for each other's locks run as on any other database.
 */
final class GenericDialect extends Dialect {
    private static final Pattern SUBPROTOCOL = Pattern.compile("^jdbc:([a-z][a-z0-9]*)(?::|$)");

    /** The subprotocol of a JDBC URL, lower case, or null when the text is not a JDBC URL. */
    static String kindOf(String url) {
        Matcher m = SUBPROTOCOL.matcher(url == null ? "" : url.toLowerCase(Locale.ROOT));
        return m.find() ? m.group(1) : null;
    }

    /** A database racex does not know may lock ranges at any level: statements touch whole tables. */
    @Override
    boolean rowsApart(int level) {
        return false;
    }

    @Override
    String kind() {
        return "jdbc";
    }

    @Override
    Database fromUrl(String url) {
        return Database.fromQueryUrl(kindOf(url), url, "", "");
    }

    @Override
    String driverHint() {
        return "the database's JDBC driver";
    }

    @Override
    void createScratch(Statement s, String scratch) throws SQLException {
        s.execute("CREATE SCHEMA " + quote(s.getConnection(), scratch));
    }

    @Override
    void dropScratch(Statement s, String scratch) throws SQLException {
        s.execute("DROP SCHEMA " + quote(s.getConnection(), scratch) + " CASCADE");
    }

    /** The name in the database's own identifier quotes, so its case is kept as {@link Connection#setSchema} and the metadata see it. */
    private static String quote(Connection c, String name) throws SQLException {
        String q = c.getMetaData().getIdentifierQuoteString();
        q = q == null || q.isBlank() ? "" : q.strip();
        return q + name + q;
    }

    @Override
    void initSession(Connection c, String scratch) throws SQLException {
        c.setSchema(scratch);
    }

    /** No portable server-side limit: each statement gets a JDBC query timeout instead. */
    @Override
    boolean serverStatementTimeout() {
        return false;
    }

    /** No lock view to match: the connection's identity is enough to tell racex's own sessions apart. */
    @Override
    String sessionId(Connection c) {
        return "connection-" + Integer.toHexString(System.identityHashCode(c));
    }

    @Override
    List<String> tables(Connection monitor, String scratch) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r = monitor.getMetaData().getTables(null, scratch, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                out.add(r.getString("TABLE_NAME"));
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    Optional<List<String>> reloadScript(Connection monitor, String scratch, List<String> tables, List<String> rows) {
        return Optional.empty();
    }

    @Override
    Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) {
        return Map.of();
    }
}
