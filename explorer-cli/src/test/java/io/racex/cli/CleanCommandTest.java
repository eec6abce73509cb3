package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.store.jdbc.Databases;
import org.junit.jupiter.api.Test;

/** {@code racex clean}: the listing per database; the removal itself is StaleScratchTest's (core). */
class CleanCommandTest {
    @Test
    void listsEachDatabaseAndSaysAPrivateH2HasNothingToClean() {
        Databases.require("postgresql");
        Databases.require("mariadb");
        RacexCommandTest.Run r = RacexCommandTest.racex("clean", "--db", "h2,postgresql,mariadb", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("racex clean: h2: a private in-memory database, nothing to clean\nracex clean: postgresql\n"),
                r.out());
        assertTrue(r.out().contains("racex clean: mariadb\n"), r.out());
        assertTrue(r.out().contains("none removed (--dry-run)"), r.out());
    }

    @Test
    void needsADatabase() {
        RacexCommandTest.Run r = RacexCommandTest.racex("clean");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--db"), r.err());
    }
}
