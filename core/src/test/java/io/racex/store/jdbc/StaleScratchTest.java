package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run killed with SIGKILL leaves its scratch space; {@link StaleScratch} removes it and nothing else. */
class StaleScratchTest {
    /** A run that opens a store and waits to be killed; prints its scratch name. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            JdbcStore store = JdbcStore.builder(Database.parse(args[0])).setup("CREATE TABLE t (n INT)").build();
            store.reset();
            System.out.println(store.scratchName());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void removesTheScratchSpaceOfARunKilledWithSigkillAndKeepsTheRest(String kind) throws Exception {
        Database db = Databases.require(kind);
        Dialect dialect = Dialect.of(db);
        String unmarked = "racex_" + Long.toHexString(System.nanoTime() & 0xFFFFFFFFFL) + "0";
        try (JdbcStore live = JdbcStore.builder(db).setup("CREATE TABLE t (n INT)").build();
             Connection own = db.connect(db.url()); Statement s = own.createStatement()) {
            live.reset();
            // named like racex's, but not marked by racex: never racex's to drop
            s.execute(kind.equals("mariadb") ? "CREATE DATABASE " + unmarked : "CREATE SCHEMA " + unmarked);
            try {
                String killed = runAndKill(db);
                assertTrue(Databases.scratchExists(db, killed), "the killed run's scratch should still be there: " + killed);

                List<StaleScratch.Entry> listed = StaleScratch.clean(db, true);
                assertEquals(Optional.of(StaleScratch.State.STALE), state(listed, killed), listed.toString());
                assertTrue(Databases.scratchExists(db, killed), "--dry-run dropped it");

                List<StaleScratch.Entry> cleaned = StaleScratch.clean(db, false);
                assertEquals(Optional.of(StaleScratch.State.REMOVED), state(cleaned, killed), cleaned.toString());
                assertEquals(Optional.of(StaleScratch.State.LIVE), state(cleaned, live.scratchName()), cleaned.toString());
                assertEquals(Optional.of(StaleScratch.State.UNMARKED), state(cleaned, unmarked), cleaned.toString());
                assertFalse(Databases.scratchExists(db, killed), "the killed run's scratch is still there");
                assertTrue(Databases.scratchExists(db, live.scratchName()), "a live run's scratch was dropped");
                assertTrue(Databases.scratchExists(db, unmarked), "an unmarked racex_ space was dropped");
                // the live store still works
                live.reset();
            } finally {
                s.execute(kind.equals("mariadb") ? "DROP DATABASE IF EXISTS " + unmarked : "DROP SCHEMA IF EXISTS " + unmarked);
            }
        }
        try (Connection c = db.connect(db.url())) {
            assertFalse(dialect.scratchSpaces(c).containsKey(unmarked));
        }
    }

    private static Optional<StaleScratch.State> state(List<StaleScratch.Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equalsIgnoreCase(name)).map(StaleScratch.Entry::state).findFirst();
    }

    /** Starts {@link Holder} in a new JVM, waits for its scratch name, kills it with SIGKILL. */
    private static String runAndKill(Database db) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(), db.option())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String name = r.readLine();
            assertTrue(name != null && name.startsWith("racex_"), "the holder printed " + name);
            return name;
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            Thread.sleep(300); // the server notices the closed connection and frees its lease
        }
    }
}
