package io.racex.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
import org.junit.jupiter.api.Test;

class DatabaseTest {
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
        RacexException url = assertThrows(RacexException.class, () -> Database.parse("jdbc:sqlite:x.db?password=pw"));
        assertFalse(url.getMessage().contains("=pw"), url.getMessage());
    }
}
