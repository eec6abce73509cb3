package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the tests run on, for every module's tests (core's test jar): H2 always;
 * PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) when they answer, else the test is
 * skipped with a message saying so, except with {@code CI=true}, where a database that does not
 * answer fails the test: the database tests must run in CI, not be skipped.
 */
public final class Databases {
    private Databases() {}

    /** Kinds for {@code @MethodSource("io.racex.store.jdbc.Databases#kinds")}. */
    public static Stream<String> kinds() {
        return Stream.of("h2", "postgresql", "mariadb");
    }

    /**
     * The database a {@code --db} value selects, or the test is skipped (failed under
     * {@code CI=true}) when its server does not answer.
     */
    public static Database require(String option) {
        return require(option, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /** {@link #require(String)} as under CI or not. */
    static Database require(String option, boolean ci) {
        Database db = Database.parse(option);
        if (db.isPrivateMemory()) {
            return db;
        }
        String address = db.address();
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
        } catch (IOException e) {
            String msg = db.kind() + " does not answer at " + address;
            if (ci) {
                fail(msg + " and CI=true: the database tests must run in CI, not be skipped");
            }
            Assumptions.abort(msg + ": skipped (start the local service to run this test)");
        }
        return db;
    }

    /** Whether the scratch schema or database {@code name} exists on {@code db} (H2 private: never after close). */
    static boolean scratchExists(Database db, String name) throws SQLException {
        if (name == null || db.isPrivateMemory()) {
            return false;
        }
        // the standard view: a MariaDB database is listed as a schema
        try (Connection c = db.connect(db.url());
             PreparedStatement p = c.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1) > 0;
            }
        }
    }
}
