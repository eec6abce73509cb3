package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.Counterexample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each database's dialect: which one a database gets, and its lock view read from fake rows and status text. */
class DialectTest {
    @Test
    void eachDatabaseGetsItsOwnDialect() {
        assertInstanceOf(H2Dialect.class, Dialect.of(Database.h2()));
        assertInstanceOf(H2Dialect.Shared.class, Dialect.of(Database.parse("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")));
        assertInstanceOf(PostgresDialect.class, Dialect.of(Database.postgresql()));
        assertInstanceOf(MariaDbDialect.class, Dialect.of(Database.parse("jdbc:mysql://db/app")));
        assertInstanceOf(GenericDialect.class, Dialect.of(Database.parse("jdbc:derby:memory:x;create=true")));
    }

    @Test
    void aDeadlockIsWhatTheDatabaseCallsOne() {
        assertTrue(Database.postgresql().isDeadlock("40P01", "deadlock detected"));
        assertFalse(Database.postgresql().isDeadlock("40001", "could not serialize access due to concurrent update"));
        assertTrue(Database.mariadb().isDeadlock("40001", "Deadlock found when trying to get lock; try restarting transaction"));
        assertFalse(Database.mariadb().isDeadlock("40001", "Record has changed since last read"));
        // H2 words its refusal of a concurrent update "Deadlock detected", but no lock cycle is involved
        assertFalse(Database.h2().isDeadlock("40001", "Deadlock detected. The current transaction was rolled back."));
    }

    // ---- lock views, read from what the database would return ----

    @Test
    void h2SessionsRowsGiveTheWaitsOfRacexsSessionsOnly() {
        List<String[]> rows = List.of(new String[] {"3", "2"}, new String[] {"4", "2"}, new String[] {"9", "3"});
        assertEquals(Map.of("3", Set.of("2"), "4", Set.of("2")), H2Dialect.waits(rows, Set.of("2", "3", "4")));
        assertEquals(Map.of(), H2Dialect.waits(List.of(), Set.of("2", "3")));
    }

    @Test
    void postgresBlockingPidsGiveTheWaitsAndAnEmptyArrayIsNoWait() {
        Map<String, Object[]> rows = Map.of("101", new Object[] {100}, "102", new Object[] {100, 101}, "100", new Object[0]);
        assertEquals(Map.of("101", Set.of("100"), "102", Set.of("100", "101")), PostgresDialect.waits(rows));
    }

    @Test
    void innodbStatusListsTheTransactionsInLockWaitAndNotThoseOfTheLastDeadlock() throws IOException {
        String status = resource("innodb-status.txt");
        // threads 30 and 31 appear in LOCK WAIT under LATEST DETECTED DEADLOCK: history, not now
        assertEquals(Set.of("35", "36"), MariaDbDialect.lockWaits(status, Set.of("30", "31", "33", "35", "36")));
        assertEquals(Set.of("36"), MariaDbDialect.lockWaits(status, Set.of("33", "36")));
        assertEquals(Set.of(), MariaDbDialect.lockWaits("no transactions section", Set.of("35")));
    }

    @Test
    void innodbWaitsCountOnlyOnceEveryListedWaitIsPastItsDeadlockCheck() {
        // listed as soon as queued; counted in Innodb_row_lock_current_waits only after the waiter's own deadlock check
        assertEquals(Map.of(), MariaDbDialect.settledWaits(Set.of("35", "36"), 1));
        assertEquals(Map.of("35", Set.of(), "36", Set.of()), MariaDbDialect.settledWaits(Set.of("35", "36"), 2));
        // the counter is server-wide: waits outside racex may add to it
        assertEquals(Map.of("35", Set.of()), MariaDbDialect.settledWaits(Set.of("35"), 3));
    }

    @Test
    void aThreeThreadInnodbViewDecidesTheWaitersBlockedBehindAParkedHolder() throws IOException {
        // racex's threads: 0 = session 33 parked with its transaction open, 1 = 35 and 2 = 36 inside their UPDATEs
        Set<String> listed = MariaDbDialect.lockWaits(resource("innodb-status.txt"), Set.of("33", "35", "36"));
        Map<String, Set<String>> view = MariaDbDialect.settledWaits(listed, 2);
        List<WaitsFor.Session> sessions = List.of(new WaitsFor.Session(0, "33", false, true),
                new WaitsFor.Session(1, "35", true, true), new WaitsFor.Session(2, "36", true, true));
        assertEquals(Set.of(1, 2), WaitsFor.blocked(List.of(0, 1, 2), sessions, view));
        // the same moment before both waits passed their deadlock check: nobody is blocked yet
        assertEquals(Set.of(), WaitsFor.blocked(List.of(0, 1, 2), sessions, MariaDbDialect.settledWaits(listed, 1)));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DialectTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- the generic dialect, on H2 (the only database always at hand) ----

    @Test
    void theGenericDialectFindsTheLostUpdateInAScratchSchemaAndDropsIt() throws Exception {
        Database db = Database.parse("jdbc:h2:mem:generic_" + Long.toHexString(System.nanoTime()) + ";DB_CLOSE_DELAY=-1");
        String[] scratch = new String[1];
        try {
            Counterexample c = Racex.explore(Fixtures.findAndUpdate(() -> Fixtures.messageStore(db).dialect(new GenericDialect()).build()))
                    .assertViolation();
            assertEquals("msg aa", c.observed().state().get("message"));
            try (JdbcStore store = Fixtures.messageStore(db).dialect(new GenericDialect()).build()) {
                store.reset();
                scratch[0] = store.scratchName();
                assertTrue(Databases.scratchExists(db, scratch[0]), scratch[0]);
                store.reset();
                assertEquals(0L, store.resetCounts()[0], "no portable reload: every reset rebuilds");
                assertEquals(2L, store.resetCounts()[1]);
            }
            assertFalse(Databases.scratchExists(db, scratch[0]));
        } finally {
            try (Connection c = db.connect(db.url())) {
                c.createStatement().execute("SHUTDOWN");
            }
        }
    }
}
