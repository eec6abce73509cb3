package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void takesUserInfoOutOfTheUrlAsCredentials() {
        Database maria = Database.parse("jdbc:mariadb://root:s%40cret:1@127.0.0.1:3306/test");
        assertEquals("jdbc:mariadb://127.0.0.1:3306/test", maria.url());
        assertEquals("root", maria.user());
        assertEquals("s@cret:1", maria.password());
        Database pg = Database.parse("jdbc:postgresql://postgres:pw@with@127.0.0.1/test?user=other");
        assertEquals("jdbc:postgresql://127.0.0.1/test", pg.url());
        assertEquals("other", pg.user()); // the query parameter wins
        assertEquals("pw@with", pg.password());
        Database h2 = Database.parse("jdbc:h2:tcp://sa:pw@localhost:9092/mem:x");
        assertEquals("jdbc:h2:tcp://localhost:9092/mem:x", h2.url());
        assertEquals("pw", h2.password());
    }

    @Test
    void redactsEveryPasswordShape() {
        for (String u : new String[] {"jdbc:mariadb://root:secret123@127.0.0.1:3306/test", "jdbc:x://h/db?password=secret123&a=1",
                "jdbc:x://h/db;PASSWORD=secret123", "jdbc:x://h/db?pwd=secret123", "jdbc:h2:tcp://sa:secret123@h/mem:x"}) {
            assertFalse(Database.redact(u).contains("secret123"), u);
        }
    }

    @Test
    void refusesAPortOutOfRangeInOneLine() {
        RacexException e = assertThrows(RacexException.class, () -> Database.parse("jdbc:postgresql://127.0.0.1:99999/test"));
        assertEquals("invalid port '99999' in the --db URL jdbc:postgresql://127.0.0.1:99999/test: a port is a number from 1 "
                + "to 65535 (postgresql listens on 5432 by default)", e.getMessage());
        assertThrows(RacexException.class, () -> Database.parse("jdbc:mariadb://h1:3306,h2:70000/test"));
        assertEquals("jdbc:mariadb://h1:3306,h2:3307/test", Database.parse("jdbc:mariadb://h1:3306,h2:3307/test").url());
        assertEquals("jdbc:postgresql://[::1]:5432/test", Database.parse("jdbc:postgresql://[::1]:5432/test").url());
    }

    @Test
    void shortNamesSelectTheLocalServices() {
        assertTrue(Database.parse("h2").isPrivateMemory());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test", Database.parse("postgresql").url());
        assertEquals("jdbc:mariadb://127.0.0.1:3306/test", Database.parse("MariaDB").url());
        assertEquals("postgresql", Database.parse("postgres").option());
    }

    @Test
    void credentialsAreTakenOutOfTheUrlAndNeverShown() {
        Database db = Database.parse("jdbc:postgresql://db.example:6543/app?user=alice&password=s3cret&ssl=false");
        assertEquals("postgresql", db.kind());
        assertEquals("alice", db.user());
        assertEquals("s3cret", db.password());
        assertEquals("jdbc:postgresql://db.example:6543/app?ssl=false", db.url());
        assertFalse(db.display().contains("s3cret"));
        assertFalse(db.toString().contains("s3cret"));
        assertFalse(db.option().contains("s3cret"));
        assertEquals("db.example:6543", db.address());
    }

    @Test
    void theOptionThatSelectsADatabaseAgainKeepsItsUserButNotItsPassword() {
        Database db = Database.parse("jdbc:postgresql://db.example:6543/app?user=alice&password=s3cret&ssl=false");
        assertEquals("jdbc:postgresql://alice@db.example:6543/app?ssl=false", db.option());
        Database again = Database.parse(db.option());
        assertEquals("alice", again.user());
        assertEquals(db.url(), again.url());
        assertEquals("jdbc:mariadb://bob@127.0.0.1:3306/test", Database.parse("jdbc:mariadb://bob:pw@127.0.0.1:3306/test").option(),
                "the local service as another user is no longer the short name");
        assertEquals("mariadb", Database.parse("jdbc:mariadb://127.0.0.1:3306/test").option());
    }

    @Test
    void h2UrlCredentialsAreTakenOut() {
        Database db = Database.parse("jdbc:h2:mem:x;USER=bob;PASSWORD=pw;DB_CLOSE_DELAY=-1");
        assertEquals("bob", db.user());
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", db.url());
        assertFalse(db.isPrivateMemory());
    }

    @Test
    void mysqlUrlsRunOnTheMariadbDriver() {
        Database db = Database.parse("jdbc:mysql://127.0.0.1/test");
        assertEquals("mariadb", db.kind());
        assertEquals("jdbc:mariadb://127.0.0.1/test", db.url());
        assertEquals("127.0.0.1:3306", db.address());
    }

    @Test
    void anUnknownValueIsOneLineSayingWhatIsAccepted() {
        RacexException e = assertThrows(RacexException.class, () -> Database.parse("oracle"));
        assertTrue(e.getMessage().contains("h2, postgresql, mariadb"), e.getMessage());
        RacexException notUrl = assertThrows(RacexException.class, () -> Database.parse("jdbc:?password=pw"));
        assertFalse(notUrl.getMessage().contains("=pw"), notUrl.getMessage());
        assertFalse(notUrl.getMessage().contains("\n"), notUrl.getMessage());
    }

    @Test
    void anyOtherJdbcUrlIsADatabaseOfItsOwnKindWithoutItsPassword() {
        Database db = Database.parse("jdbc:sqlite:x.db?user=ann&password=pw");
        assertEquals("sqlite", db.kind());
        assertEquals("jdbc:sqlite:x.db", db.url());
        assertEquals("pw", db.password());
        Database semi = Database.parse("jdbc:sqlserver://db.example;user=ann;password=pw");
        assertEquals("sqlserver", semi.kind());
        for (Database d : new Database[] {db, semi}) {
            assertFalse(d.display().contains("=pw"), d.display());
            assertFalse(d.toString().contains("=pw"), d.toString());
            assertFalse(d.option().contains("=pw"), d.option());
        }
        assertEquals("db.example", semi.address());
    }

    @Test
    void aJdbcUrlWithoutItsDriverIsOneLineNamingTheDatabase() {
        Database db = Database.parse("jdbc:sqlite:x.db?password=pw");
        RacexException e = assertThrows(RacexException.class, () -> db.connect(db.url()));
        assertEquals("no JDBC driver for sqlite on the classpath (add the database's JDBC driver)", e.getMessage());
    }

    @Test
    void aKindMustMatchItsUrl() {
        assertThrows(RacexException.class, () -> new Database("oracle", "jdbc:sqlite:x.db", "", ""));
        assertEquals("sqlite", new Database("sqlite", "jdbc:sqlite:x.db", "", "").kind());
    }
}
