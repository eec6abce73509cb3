package io.racex.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the tests run on: H2 always; PostgreSQL (127.0.0.1:5432) and MariaDB
 * (127.0.0.1:3306) when they answer, else the test is skipped, except with {@code CI=true},
 * where a database that does not answer fails the test.
 */
final class Databases {
    private Databases() {}

    /** Kinds for {@code @MethodSource}. */
    static Stream<String> kinds() {
        return Stream.of("h2", "postgresql", "mariadb");
    }

    /** The database of {@code kind}, or the test is skipped (failed under CI) when its server does not answer. */
    static Database require(String kind) {
        switch (kind) {
            case "h2":
                return Database.h2();
            case "postgresql":
                reachable("PostgreSQL", 5432);
                return Database.postgresql();
            case "mariadb":
                reachable("MariaDB", 3306);
                return Database.mariadb();
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private static void reachable(String name, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            String msg = name + " not reachable at 127.0.0.1:" + port;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + " and CI=true: the database tests must run in CI, not be skipped");
            }
            Assumptions.abort(msg + ": skipped");
        }
    }

    /** Whether the scratch schema or database {@code name} exists on {@code db} (H2 private: never after close). */
    static boolean scratchExists(Database db, String name) throws SQLException {
        if (name == null || db.isPrivateMemory()) {
            return false;
        }
        String sql = db.kind().equals("mariadb")
                ? "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + name + "'"
                : db.kind().equals("postgresql")
                ? "SELECT count(*) FROM pg_namespace WHERE nspname = '" + name + "'"
                : "SELECT count(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = '" + name + "'";
        try (Connection c = db.connect(db.url()); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1) > 0;
        }
    }
}
