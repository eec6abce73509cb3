package io.racex.store.jdbc;

import io.racex.RacexException;
import io.racex.store.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Everything a database does differently, one subclass per database, so that {@link Database},
 * {@link JdbcStore} and its parts ask the dialect and never test which database they run on:
 * how {@code --db} names the database and how to reach it, how racex makes and drops its scratch
 * space, prepares a session, empties the tables between executions, reads the database's own view
 * of who waits for whom, and how the database words a deadlock.
 *
 * <p>{@link H2Dialect}, {@link PostgresDialect} and {@link MariaDbDialect} are the databases racex
 * knows by name; {@link GenericDialect} takes any other JDBC URL, with what standard JDBC offers.
 * A dialect holds no state of its own: per-connection state lives in the {@link SessionHooks} it
 * hands out.
 */
abstract class Dialect {
    /** How long the database itself lets a lock wait last: well beyond racex's own step timeout, so racex's safety net fires first. */
    static final int LOCK_WAIT_SECONDS = 120;
    /**
     * How long the database lets any statement of racex's sessions run (setup, resets, state
     * queries, the threads' statements): a server-side limit, so a statement that never ends
     * (an unbounded recursive query, {@code pg_sleep(100)}) stops even if racex is killed. An
     * explored step is cancelled sooner, at racex's own step timeout.
     */
    static final int STATEMENT_TIMEOUT_SECONDS = 60;

    /** The databases racex knows by name, in the order {@code --db} lists them. */
    private static final List<Dialect> KNOWN = List.of(new H2Dialect(), new PostgresDialect(), new MariaDbDialect());
    private static final Dialect GENERIC = new GenericDialect();

    /** The dialect of {@code db}. */
    static Dialect of(Database db) {
        for (Dialect d : KNOWN) {
            if (d.kind().equals(db.kind())) {
                return d.forDatabase(db);
            }
        }
        return GENERIC;
    }

    /** The kinds of the databases racex knows by name. */
    static List<String> kinds() {
        return KNOWN.stream().map(Dialect::kind).toList();
    }

    /** Whether {@code kind} is a valid kind for {@code url}: a known one, or the URL's own for any other. */
    static boolean validKind(String kind, String url) {
        return kinds().contains(kind) || kind.equals(GenericDialect.kindOf(url));
    }

    /**
     * A {@code --db} value: a name of a known database's local service, or a JDBC URL (the first
     * dialect that accepts it, else the generic one).
     */
    static Database parse(String option) {
        String lower = option.toLowerCase(Locale.ROOT);
        for (Dialect d : KNOWN) {
            if (d.names().contains(lower)) {
                return d.local().orElseThrow();
            }
        }
        for (Dialect d : KNOWN) {
            if (d.acceptsUrl(lower)) {
                return d.fromUrl(option);
            }
        }
        if (GenericDialect.kindOf(option) != null) {
            return GENERIC.fromUrl(option);
        }
        throw new RacexException("unsupported --db value '" + Database.redact(option) + "': give " + String.join(", ", kinds())
                + ", or a JDBC URL (jdbc:<database>:...)");
    }

    // ---- naming and reaching the database ----------------------------------------------------------

    /** The kind {@link Database#kind()} holds for this database ({@code h2}, {@code postgresql}, ...). */
    abstract String kind();

    /** The names {@code --db} accepts for this database's local service (none for a generic database). */
    List<String> names() {
        return List.of();
    }

    /** The database those names select. */
    Optional<Database> local() {
        return Optional.empty();
    }

    /** Whether this dialect takes a JDBC URL (given in lower case). */
    boolean acceptsUrl(String lowerUrl) {
        return false;
    }

    /** The database of a JDBC URL this dialect accepts, with the credentials taken out of it. */
    abstract Database fromUrl(String url);

    /** The dialect for this particular database of the kind (H2: a private in-memory one or one given by URL). */
    Dialect forDatabase(Database db) {
        return this;
    }

    /**
     * The {@code --db} value that selects {@code db} again: a short name for the local service as
     * the same user, else the URL with the user (never the password) as user-info, so a replay
     * line logs in as the run did (the password comes from the URL given then, or RACEX_DB_PASSWORD).
     */
    String option(Database db) {
        return local().filter(l -> l.url().equals(db.url()) && l.user().equals(db.user())).map(l -> names().get(0))
                .orElse(Database.withUser(db.display(), db.user()));
    }

    /** {@code host:port} of a server URL, for messages; the URL as shown when it names no host. */
    final String address(Database db) {
        int port = defaultPort();
        return Database.host(db.url())
                .map(h -> h.contains(":") || h.startsWith("[") || port == 0 ? h : h + ":" + port)
                .orElse(db.display());
    }

    /** The port a server URL without one means; 0 when there is no default. */
    int defaultPort() {
        return 0;
    }

    /** What to put on the classpath when the driver is missing. */
    abstract String driverHint();

    /** Connection properties beyond the credentials (timeouts, application name). */
    void connectionProperties(Properties p) {}

    /**
     * Keeps this database's driver from writing to stderr when it loads. Every driver on the
     * classpath loads as soon as any connection is asked for, whatever the database.
     */
    void quietDriver() {}

    /** Before the first connection to any database: {@link #quietDriver()} of every known one. */
    static void quietDrivers() {
        for (Dialect d : KNOWN) {
            d.quietDriver();
        }
    }

    /**
     * Whether an error with this SQLSTATE and message is the database breaking a deadlock, rather
     * than refusing a transaction it could not serialize: 40P01 is a deadlock everywhere.
     */
    boolean isDeadlock(String sqlState, String message) {
        return "40P01".equals(sqlState);
    }

    /**
     * The statement that makes the next transaction (or, run first in one, the current one)
     * read-only, so that a write in it fails with the database's error; empty when the database
     * has none that it enforces (H2 parses no such statement and treats JDBC's setReadOnly as a hint).
     */
    Optional<String> readOnlyTransaction() {
        return Optional.empty();
    }

    /**
     * Why the database refused a statement with {@code e}, if it gave up on the transaction:
     * a deadlock ({@link #isDeadlock}) or, for any other SQLSTATE of class 40, a serialization failure.
     */
    Optional<Refusal.Kind> refusal(SQLException e) {
        String state = e.getSQLState();
        if (state == null || !state.startsWith("40")) {
            return Optional.empty();
        }
        return Optional.of(isDeadlock(state, e.getMessage()) ? Refusal.Kind.DEADLOCK : Refusal.Kind.SERIALIZATION_FAILURE);
    }

    /**
     * Called inside a step the database refused ({@link #refusal}), before the step returns: makes
     * sure the transaction is over and its locks released, as the error says. Nothing to do by
     * default: the database already rolled it back.
     */
    void afterRefusal(Connection raw, SQLException e) throws SQLException {}

    /** The database's own error code, shown beside the SQLSTATE where it tells more (MariaDB's 1213); empty otherwise. */
    String vendorCode(SQLException e) {
        return "";
    }

    // ---- the scratch space ----------------------------------------------------------------------

    /** Whether statements run inside this JVM (embedded H2), so a waiting statement shows as a waiting Java thread. */
    boolean inProcess(Database db) {
        return false;
    }

    /** The scratch schema or database name for a random suffix. */
    String scratchName(String random) {
        return "racex_" + random;
    }

    /** What the scratch space is, for messages: {@code schema} or {@code database}. */
    String scratchKind() {
        return "schema";
    }

    /** The URL every connection of the store uses. */
    String url(Database db, String scratch) {
        return db.url();
    }

    /** Creates the scratch space (on the monitor connection). */
    abstract void createScratch(Statement s, String scratch) throws SQLException;

    /** Drops the scratch space and everything in it, nothing else. */
    abstract void dropScratch(Statement s, String scratch) throws SQLException;

    /** Empties the scratch space of every object, for a rebuild from the setup. */
    void clearScratch(Statement s, String scratch) throws SQLException {
        dropScratch(s, scratch);
        createScratch(s, scratch);
    }

    /**
     * Whether the scratch space goes away by itself when the store's connections close (a private
     * in-memory database), so a failed drop leaves nothing behind.
     */
    boolean scratchDiesWithConnections() {
        return false;
    }

    // ---- the lease: a live run's proof of life on its scratch space --------------------------------

    /**
     * Whether the database offers a lease: an advisory lock the run's monitor connection takes
     * before it creates the scratch space and holds until it ends, so that a scratch space whose
     * lease is free belongs to a run that is gone (killed, lost its connection), whatever its host.
     */
    boolean hasLease() {
        return false;
    }

    /** Tries to take the lease of {@code scratch} on {@code c}: {@code true} when taken. */
    boolean tryLease(Connection c, String scratch) throws SQLException {
        return true;
    }

    /** Gives back a lease {@link #tryLease} took on {@code c}. */
    void releaseLease(Connection c, String scratch) throws SQLException {}

    /**
     * The schemas or databases named like racex's scratch spaces ({@code racex_} and hex digits)
     * where {@code c} is connected, each with its comment (racex's owner mark, or {@code ""}).
     */
    Map<String, String> scratchSpaces(Connection c) throws SQLException {
        return Map.of();
    }

    /**
     * The scratch-shaped names among the rows of {@code query} (name, comment), with their
     * comments: what each dialect's {@link #scratchSpaces} asks of its catalogue.
     */
    static Map<String, String> scratchSpaces(Connection c, String query) throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                if (scratchShaped(r.getString(1))) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
        }
        return out;
    }

    /** The comment racex writes on a scratch space it creates: its {@link ScratchOwner} mark. */
    static String ownerMark() {
        return ScratchOwner.SELF.mark();
    }

    /** Whether {@code name} has the shape of racex's scratch names (any case). */
    static boolean scratchShaped(String name) {
        return name != null && name.matches("(?i)racex_[0-9a-f]{1,16}");
    }

    /**
     * Whether {@link #initSession} sets a server-side limit of {@link #STATEMENT_TIMEOUT_SECONDS}
     * on every statement; if not, each thread's statement gets it as its JDBC query timeout.
     */
    boolean serverStatementTimeout() {
        return true;
    }

    /** Makes a new connection work inside the scratch space, with racex's session settings. */
    abstract void initSession(Connection c, String scratch) throws SQLException;

    /**
     * Session settings only the threads' connections need (not the monitor's), and the hooks that
     * keep them right as the thread's transactions run.
     */
    SessionHooks initThreadSession(Connection c) {
        return SessionHooks.NONE;
    }

    /** The session's id as the lock view names it. */
    abstract String sessionId(Connection c) throws SQLException;

    /** The base tables in the scratch space. */
    abstract List<String> tables(Connection monitor, String scratch) throws SQLException;

    /**
     * The statements that bring the scratch space's data back to the initial state: empty the
     * tables (identity counters restarted), then the setup's row statements {@code rows}. Worked
     * out once per build; empty when only a rebuild restores the initial state.
     */
    abstract Optional<List<String>> reloadScript(Connection monitor, String scratch, List<String> tables, List<String> rows)
            throws SQLException;

    /**
     * For a database whose reload can leave the tables' storage so worn that rows change places
     * (PostgreSQL: see {@link PostgresDialect#pageCheck}): a query of one boolean, run before each
     * reload, that says whether to reload with {@link #freshReloadScript} instead; empty when a
     * reload never moves rows. Worked out once per build.
     */
    Optional<String> pageCheck(String scratch, List<String> tables) {
        return Optional.empty();
    }

    /** The reload that also gives every table new, empty storage; used when {@link #pageCheck} says so. */
    Optional<List<String>> freshReloadScript(String scratch, List<String> tables, List<String> rows) {
        return Optional.empty();
    }

    /** Whether the reload script goes to the server as one batch (one round trip), rather than statement by statement. */
    boolean batchReset() {
        return false;
    }

    // ---- how far apart rows are -------------------------------------------------------------------

    /**
     * Whether, at the JDBC isolation level {@code level}, statements on different rows of a table
     * never wait for, block or refuse each other in this database, so that their order cannot
     * matter ({@link SqlFootprints}). False at SERIALIZABLE everywhere (predicate and range locks,
     * PostgreSQL's page-granular SIREAD locks, reach beyond the rows named) and for databases racex
     * does not know.
     */
    boolean rowsApart(int level) {
        return level != java.sql.Connection.TRANSACTION_SERIALIZABLE && level != java.sql.Connection.TRANSACTION_NONE;
    }

    /** Whether an INSERT may wait for a lock on a range of keys around its own (InnoDB's gap locks): it then writes the table. */
    boolean insertsWaitForRanges() {
        return false;
    }

    // ---- the lock view ---------------------------------------------------------------------------

    /**
     * The sessions now waiting for a lock, among {@code sessions}, each with the sessions it waits
     * for (empty when the database does not say who). Reads the database; the deciding is
     * {@link WaitsFor}'s.
     */
    abstract Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) throws SQLException;

    /**
     * What a dialect does around a thread's statements on one connection. Called from the thread
     * running the statement; the slot's transaction bookkeeping is up to date.
     */
    interface SessionHooks {
        /** Hooks that do nothing. */
        SessionHooks NONE = new SessionHooks() {};

        /** Before a statement runs, knowing how many other threads now wait in the database. */
        default void beforeStatement(ConnectionSlot slot, int othersWaiting) throws SQLException {}

        /** Whether {@link #beforeStatement} needs the count of waiting threads (it costs a look at every slot). */
        default boolean wantsOthersWaiting() {
            return false;
        }

        /** The thread's transaction ended: committed ({@code true}) or rolled back. */
        default void afterTransactionEnd(boolean committed) {}
    }

    // ---- helpers for the subclasses ----------------------------------------------------------------

    static String quoteIdent(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

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

    /** The count a one-parameter {@code count(*)} query gives. */
    static int count(Connection monitor, String sql, String parameter) throws SQLException {
        try (PreparedStatement p = monitor.prepareStatement(sql)) {
            p.setString(1, parameter);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    /** The one value a parameterless query returns, as a string. */
    static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
