package io.racex.jdbc;

import io.racex.RacexException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@link JdbcStore} runs: parsed from {@code --db h2|postgresql|mariadb|<jdbc-url>}.
 *
 * <p>{@code h2} (the default) is a private in-memory H2 database per store: no setup at all.
 * {@code postgresql} is {@code jdbc:postgresql://127.0.0.1:5432/test} and {@code mariadb} is
 * {@code jdbc:mariadb://127.0.0.1:3306/test}. Credentials come from the URL ({@code user=} and
 * {@code password=} parameters, or H2's {@code ;USER=} and {@code ;PASSWORD=}), else from the
 * environment variables {@code RACEX_DB_USER} and {@code RACEX_DB_PASSWORD}, else from defaults
 * that fit a local service: PostgreSQL user {@code root} with no password, MariaDB {@code root}
 * with an empty password, H2 {@code sa}. The URL kept here never contains the password, and
 * neither {@link #display()} nor {@link #toString()} prints it.
 *
 * <p>racex never writes to the database's own tables: it works in a scratch schema (PostgreSQL,
 * H2 given by URL) or scratch database (MariaDB) named {@code racex_<random>} that it creates and
 * drops itself.
 *
 * @param kind {@code h2}, {@code postgresql} or {@code mariadb}
 * @param url the JDBC URL without credentials; {@code jdbc:h2:mem:} means a private in-memory database per store
 * @param user the user to log in as
 * @param password the password (never printed)
 */
public record Database(String kind, String url, String user, String password) {
    /** The kinds racex knows how to isolate and how to ask for lock waits. */
    public static final java.util.List<String> KINDS = java.util.List.of("h2", "postgresql", "mariadb");

    private static final String PRIVATE_H2 = "jdbc:h2:mem:";
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:[a-z]+://([^/?;]*)");

    public Database {
        if (kind == null || !KINDS.contains(kind)) {
            throw new RacexException("unknown database kind '" + kind + "': racex supports " + String.join(", ", KINDS));
        }
        if (url == null || !url.startsWith("jdbc:")) {
            throw new RacexException("a database URL must start with 'jdbc:', was '" + url + "'");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** A private in-memory H2 database per store (the default; needs no setup). */
    public static Database h2() {
        return new Database("h2", PRIVATE_H2, "sa", "");
    }

    /** The local PostgreSQL service: {@code 127.0.0.1:5432}, database {@code test}. */
    public static Database postgresql() {
        return new Database("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", envUser("root"), envPassword(""));
    }

    /** The local MariaDB service: {@code 127.0.0.1:3306}, database {@code test}. */
    public static Database mariadb() {
        return new Database("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", envUser("root"), envPassword(""));
    }

    /**
     * Parses a {@code --db} value: {@code h2}, {@code postgresql} (or {@code postgres}),
     * {@code mariadb} (or {@code mysql}), or a {@code jdbc:h2:}, {@code jdbc:postgresql:},
     * {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL.
     *
     * @throws RacexException with one line naming what is accepted, on any other value
     */
    public static Database parse(String option) {
        if (option == null || option.isBlank()) {
            throw new RacexException("--db needs a value: h2, postgresql, mariadb or a JDBC URL");
        }
        String o = option.trim();
        switch (o.toLowerCase(Locale.ROOT)) {
            case "h2":
                return h2();
            case "postgresql":
            case "postgres":
            case "pg":
                return postgresql();
            case "mariadb":
            case "mysql":
                return mariadb();
            default:
                break;
        }
        String lower = o.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return fromH2Url(o);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return fromQueryUrl("postgresql", o, "root", "");
        }
        if (lower.startsWith("jdbc:mariadb:")) {
            return fromQueryUrl("mariadb", o, "root", "");
        }
        if (lower.startsWith("jdbc:mysql:")) {
            // the MariaDB driver only accepts its own scheme unless told otherwise
            return fromQueryUrl("mariadb", "jdbc:mariadb:" + o.substring("jdbc:mysql:".length()), "root", "");
        }
        throw new RacexException("unsupported --db value '" + redact(o) + "': give h2, postgresql, mariadb, or a jdbc:h2:, "
                + "jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL");
    }

    /** Whether this is the default: a private in-memory H2 database created for each store. */
    public boolean isPrivateMemory() {
        return kind.equals("h2") && url.equals(PRIVATE_H2);
    }

    /** The URL as shown in reports (it never contains the password). */
    public String display() {
        return isPrivateMemory() ? "h2 (private in-memory)" : url;
    }

    /**
     * The {@code --db} value that selects this database again, without the password: the short
     * name for the local defaults, else the URL.
     */
    public String option() {
        if (isPrivateMemory()) {
            return "h2";
        }
        if (kind.equals("postgresql") && url.equals("jdbc:postgresql://127.0.0.1:5432/test")) {
            return "postgresql";
        }
        if (kind.equals("mariadb") && url.equals("jdbc:mariadb://127.0.0.1:3306/test")) {
            return "mariadb";
        }
        return url;
    }

    /** {@code host:port} of a server URL (for messages); the URL itself for H2. */
    public String address() {
        Matcher m = HOST_PORT.matcher(url);
        if (m.find() && !m.group(1).isEmpty()) {
            String hp = m.group(1);
            if (hp.contains(":") || hp.startsWith("[")) {
                return hp;
            }
            return hp + ":" + (kind.equals("postgresql") ? 5432 : 3306);
        }
        return display();
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
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        p.setProperty("password", password);
        if (kind.equals("postgresql")) {
            p.setProperty("connectTimeout", "5");
            p.setProperty("ApplicationName", "racex");
        } else if (kind.equals("mariadb")) {
            p.setProperty("connectTimeout", "5000");
        }
        if (kind.equals("mariadb")) {
            // the driver would look for SLF4J, which its Windows-auth dependency drags in without a binding, and warn on stderr
            System.getProperties().putIfAbsent("mariadb.logging.disable", "true");
        }
        Driver driver;
        try {
            driver = DriverManager.getDriver(jdbcUrl);
        } catch (SQLException e) {
            throw new RacexException("no JDBC driver for " + kind + " on the classpath (add " + driverArtifact() + ")");
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
            return new RacexException("cannot connect to " + where + ": unknown host " + root.getMessage(), e);
        }
        if (root instanceof SocketTimeoutException || root instanceof NoRouteToHostException) {
            return new RacexException("cannot connect to " + where + ": no answer (timed out)", e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = SqlErrors.clean(e.getMessage());
        if (state.startsWith("28") || msg.toLowerCase(Locale.ROOT).contains("access denied")
                || msg.toLowerCase(Locale.ROOT).contains("authentication failed")) {
            return new RacexException("cannot log in to " + where + " as '" + user + "': " + msg
                    + " (set RACEX_DB_USER and RACEX_DB_PASSWORD, or user= and password= in the URL)", e);
        }
        return new RacexException("cannot connect to " + where + ": " + msg, e);
    }

    private String driverArtifact() {
        switch (kind) {
            case "postgresql":
                return "org.postgresql:postgresql";
            case "mariadb":
                return "org.mariadb.jdbc:mariadb-java-client";
            default:
                return "com.h2database:h2";
        }
    }

    private static Database fromQueryUrl(String kind, String url, String defaultUser, String defaultPassword) {
        String user = null;
        String password = null;
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

    private static Database fromH2Url(String url) {
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
        return new Database("h2", kept.toString(), user != null ? user : envUser("sa"), password != null ? password : envPassword(""));
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The value with any password parameter blanked, for messages. */
    static String redact(String value) {
        return value.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String envUser(String fallback) {
        String u = System.getenv("RACEX_DB_USER");
        return u == null || u.isEmpty() ? fallback : u;
    }

    private static String envPassword(String fallback) {
        String p = System.getenv("RACEX_DB_PASSWORD");
        return p == null ? fallback : p;
    }
}
