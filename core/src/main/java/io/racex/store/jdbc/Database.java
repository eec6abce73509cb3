package io.racex.store.jdbc;

import io.racex.RacexException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@link JdbcStore} runs: parsed from {@code --db h2|postgresql|mariadb|<jdbc-url>}.
 *
 * <p>{@code h2} (the default) is a private in-memory H2 database per store: no setup at all.
 * {@code postgresql} is {@code jdbc:postgresql://127.0.0.1:5432/test} and {@code mariadb} is
 * {@code jdbc:mariadb://127.0.0.1:3306/test}. Any other JDBC URL runs with what standard JDBC
 * offers (its driver on the classpath; a statement waiting for a lock is not recognised as
 * blocked there, so such scenarios time out). Credentials come from the URL ({@code user=} and
 * {@code password=} parameters, or H2's {@code ;USER=} and {@code ;PASSWORD=}), else from the
 * environment variables {@code RACEX_DB_USER} and {@code RACEX_DB_PASSWORD}, else from defaults
 * that fit a local service: PostgreSQL user {@code root} with no password, MariaDB {@code root}
 * with an empty password, H2 {@code sa}. The URL kept here never contains the password, and
 * neither {@link #display()} nor {@link #toString()} prints it.
 *
 * <p>racex never writes to the database's own tables: it works in a scratch schema (PostgreSQL,
 * H2 given by URL, other databases) or scratch database (MariaDB) named {@code racex_<random>}
 * that it creates and drops itself.
 *
 * @param kind {@code h2}, {@code postgresql}, {@code mariadb}, or another JDBC URL's subprotocol
 * @param url the JDBC URL without credentials; {@code jdbc:h2:mem:} means a private in-memory database per store
 * @param user the user to log in as
 * @param password the password (never printed)
 */
public record Database(String kind, String url, String user, String password) {
    /** The kinds racex knows by name: how to isolate them and how to ask them for lock waits. */
    public static final List<String> KINDS = Dialect.kinds();

    private static final Pattern HOST = Pattern.compile("^jdbc:[a-z]+://([^/?;]*)");
    /** {@code jdbc:scheme://user:password@}: the user-info of a server URL (greedy: a password may hold an {@code @}). */
    private static final Pattern USER_INFO = Pattern.compile("^(jdbc:[A-Za-z0-9]+:(?:[A-Za-z0-9]+:)?//)([^/?#]*)@");

    public Database {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new RacexException("a database URL must start with 'jdbc:', was '" + (url == null ? null : redact(url)) + "'");
        }
        if (kind == null || !Dialect.validKind(kind, url)) {
            throw new RacexException("unknown database kind '" + kind + "' for " + redact(url) + ": racex knows "
                    + String.join(", ", KINDS) + ", and any other JDBC URL by its own kind");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** A private in-memory H2 database per store (the default; needs no setup). */
    public static Database h2() {
        return new Database("h2", H2Dialect.PRIVATE_URL, "sa", "");
    }

    /** The local PostgreSQL service: {@code 127.0.0.1:5432}, database {@code test}. */
    public static Database postgresql() {
        return new Database("postgresql", PostgresDialect.LOCAL_URL, envUser("root"), envPassword(""));
    }

    /** The local MariaDB service: {@code 127.0.0.1:3306}, database {@code test}. */
    public static Database mariadb() {
        return new Database("mariadb", MariaDbDialect.LOCAL_URL, envUser("root"), envPassword(""));
    }

    /**
     * Parses a {@code --db} value: {@code h2}, {@code postgresql} (or {@code postgres}),
     * {@code mariadb} (or {@code mysql}), or a JDBC URL ({@code jdbc:mysql:} URLs run on the
     * MariaDB driver).
     *
     * @throws RacexException with one line naming what is accepted, on any other value
     */
    public static Database parse(String option) {
        if (option == null || option.isBlank()) {
            throw new RacexException("--db needs a value: h2, postgresql, mariadb or a JDBC URL");
        }
        Database db = Dialect.parse(option.trim());
        db.checkPorts();
        return db;
    }

    /** Whether this is the default: a private in-memory H2 database created for each store. */
    public boolean isPrivateMemory() {
        return url.equals(H2Dialect.PRIVATE_URL);
    }

    /** The URL as shown in reports (it never contains the password). */
    public String display() {
        return isPrivateMemory() ? "h2 (private in-memory)" : redact(url);
    }

    /**
     * The {@code --db} value that selects this database again, without the password: the short
     * name for the local defaults, else the URL.
     */
    public String option() {
        return Dialect.of(this).option(this);
    }

    /** {@code host:port} of a server URL (for messages); the URL itself for H2. */
    public String address() {
        return Dialect.of(this).address(this);
    }

    /**
     * Whether an error this database raised, with this SQLSTATE and message, is the database
     * breaking a deadlock (rather than refusing a transaction it could not serialize): PostgreSQL
     * says 40P01, MariaDB says 40001 with its own deadlock message.
     */
    public boolean isDeadlock(String sqlState, String message) {
        return Dialect.of(this).isDeadlock(sqlState, message);
    }

    /**
     * The SQL that declares a transaction read-only on this database ({@code SET TRANSACTION READ
     * ONLY} on PostgreSQL and MariaDB, run at the start of each transaction), or empty when the
     * database does not enforce read-only transactions (H2: its writes would succeed).
     */
    public Optional<String> readOnlyTransactionSql() {
        return Dialect.of(this).readOnlyTransaction();
    }

    @Override
    public String toString() {
        return "Database[" + kind + " " + display() + (user.isEmpty() ? "" : " as " + user) + "]";
    }

    /**
     * Opens a connection to {@code jdbcUrl} (this database's URL or a variant of it) with this
     * database's credentials.
     *
     * @throws RacexException with one line saying why (refused, unknown host, login failed, no driver)
     */
    Connection connect(String jdbcUrl) {
        Dialect dialect = Dialect.of(this);
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        p.setProperty("password", password);
        dialect.connectionProperties(p);
        Dialect.quietDrivers();
        Driver driver;
        try {
            driver = DriverManager.getDriver(jdbcUrl);
        } catch (SQLException e) {
            throw new RacexException("no JDBC driver for " + kind + " on the classpath (add " + dialect.driverHint() + ")");
        }
        try {
            Connection c = driver.connect(jdbcUrl, p);
            if (c == null) {
                throw new RacexException("the " + kind + " driver does not accept the URL " + display());
            }
            return c;
        } catch (SQLException e) {
            throw connectFailure(e);
        }
    }

    /** A driver's message with this database's password (should the driver echo it) and any password parameter blanked. */
    private String scrub(String message) {
        String m = redact(String.valueOf(message));
        return password.length() >= 3 ? m.replace(password, "***") : m;
    }

    private RacexException connectFailure(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = kind + " at " + address();
        if (root instanceof ConnectException) {
            return new RacexException("cannot connect to " + where + ": connection refused (is the server running?)", e);
        }
        if (root instanceof UnknownHostException) {
            return new RacexException("cannot connect to " + where + ": unknown host " + scrub(root.getMessage()), e);
        }
        if (root instanceof SocketTimeoutException || root instanceof NoRouteToHostException) {
            return new RacexException("cannot connect to " + where + ": no answer (timed out)", e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = scrub(SqlErrors.clean(e.getMessage()));
        if (state.startsWith("28") || msg.toLowerCase(Locale.ROOT).contains("access denied")
                || msg.toLowerCase(Locale.ROOT).contains("authentication failed")) {
            return new RacexException("cannot log in to " + where + " as '" + user + "': " + msg
                    + " (set RACEX_DB_USER and RACEX_DB_PASSWORD, or user= and password= in the URL)", e);
        }
        return new RacexException("cannot connect to " + where + ": " + msg, e);
    }

    /**
     * A server URL ({@code jdbc:scheme://host/...}) with {@code user} as its user-info
     * ({@code jdbc:scheme://user@host/...}); any other URL, or an empty user, as it is.
     */
    static String withUser(String url, String user) {
        Matcher m = HOST.matcher(url);
        if (user.isEmpty() || !m.find() || USER_INFO.matcher(url).find()) {
            return url;
        }
        int at = m.start(1);
        return url.substring(0, at) + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8) + "@" + url.substring(at);
    }

    /** The host part of a server URL ({@code jdbc:scheme://host[:port]/...}), if it has one. */
    static Optional<String> host(String url) {
        Matcher m = HOST.matcher(url);
        return m.find() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * A database from a URL whose credentials are user-info ({@code jdbc:mariadb://user:password@host/db})
     * or {@code ?user=…&password=…} parameters (these win), which are taken out.
     */
    static Database fromQueryUrl(String kind, String url, String defaultUser, String defaultPassword) {
        String user = null;
        String password = null;
        Matcher info = USER_INFO.matcher(url);
        if (info.find()) {
            String ui = info.group(2);
            int colon = ui.indexOf(':');
            user = decode(colon < 0 ? ui : ui.substring(0, colon));
            password = colon < 0 ? null : decode(ui.substring(colon + 1));
            url = info.group(1) + url.substring(info.end());
        }
        int q = url.indexOf('?');
        String base = url;
        StringBuilder kept = new StringBuilder();
        if (q >= 0) {
            base = url.substring(0, q);
            for (String kv : url.substring(q + 1).split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = (eq < 0 ? kv : kv.substring(0, eq)).toLowerCase(Locale.ROOT);
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                if (k.equals("user")) {
                    user = v;
                } else if (k.equals("password")) {
                    password = v;
                } else {
                    kept.append(kept.length() == 0 ? "?" : "&").append(kv);
                }
            }
        }
        return new Database(kind, base + kept, user != null ? user : envUser(defaultUser),
                password != null ? password : envPassword(defaultPassword));
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The value with any password blanked, for messages: a {@code password=} (or {@code pwd=}) parameter, a user-info password. */
    static String redact(String value) {
        return value.replaceAll("(?i)((?:password|pwd|passwd)=)[^&;]*", "$1***").replaceAll("(//[^/?#:@]*:)[^/?#]*@", "$1***@");
    }

    /**
     * Checks the ports of a server URL ({@code host:port}, several hosts separated by commas).
     *
     * @throws RacexException naming the port when one is not a number from 1 to 65535
     */
    void checkPorts() {
        Optional<String> hosts = host(url);
        if (hosts.isEmpty()) {
            return;
        }
        for (String h : hosts.get().split(",")) {
            int close = h.lastIndexOf(']');
            int colon = h.lastIndexOf(':');
            if (colon < 0 || colon < close || (close < 0 && h.indexOf(':') != colon)) {
                continue; // no port, or a bare IPv6 address
            }
            String port = h.substring(colon + 1);
            long n = port.matches("[0-9]{1,9}") ? Long.parseLong(port) : -1;
            if (n < 1 || n > 65535) {
                int usual = Dialect.of(this).defaultPort();
                throw new RacexException("invalid port '" + port + "' in the --db URL " + display()
                        + ": a port is a number from 1 to 65535" + (usual > 0 ? " (" + kind + " listens on " + usual + " by default)" : ""));
            }
        }
    }

    static String envUser(String fallback) {
        String u = System.getenv("RACEX_DB_USER");
        return u == null || u.isEmpty() ? fallback : u;
    }

    static String envPassword(String fallback) {
        String p = System.getenv("RACEX_DB_PASSWORD");
        return p == null ? fallback : p;
    }
}
