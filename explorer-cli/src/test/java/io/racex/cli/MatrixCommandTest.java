package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.store.Refusal;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Databases;
import io.racex.store.jdbc.file.IsolationMatrix.Mechanism;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixCommandTest {
    static RacexCommandTest.Run racex(String... args) {
        return RacexCommandTest.racex(args);
    }

    @Test
    void showsWhichLevelsOfH2LetTheFindAndUpdateLostUpdateThrough() {
        RacexCommandTest.Run r = racex("matrix", "find-and-update", "--db", "h2");
        assertEquals(0, r.code(), r.err());
        // every mechanism seen is named, most frequent first, with the schedules that showed it
        String table = """
                | isolation level  | h2                                                                  |
                |------------------|---------------------------------------------------------------------|
                | READ UNCOMMITTED | violation (lost update, G-single)                                   |
                | READ COMMITTED   | violation (lost update, G-single)                                   |
                | REPEATABLE READ  | prevented: serialization failure in 8 of 10 schedules, blocked in 4 |
                | SERIALIZABLE     | prevented: serialization failure in 8 of 10 schedules, blocked in 4 |
                """;
        assertTrue(r.out().contains(table), r.out());
        assertTrue(r.out().startsWith("racex matrix: find-and-update (find-and-update.race.yaml)\n"), r.out());
    }

    @Test
    void showsARowLockPreventingTheLostUpdateByBlocking() {
        RacexCommandTest.Run r = racex("matrix", "find-and-update-for-update.race.yaml", "--levels", "read committed");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| READ COMMITTED  | prevented: blocked in 4 of 6 schedules |"), r.out());
    }

    @Test
    void aCellCutShortByMaxSchedulesSaysItIsNoVerdict() {
        // the first schedule (T1 whole, then T2) is correct at READ COMMITTED: one execution proves nothing
        RacexCommandTest.Run r = racex("matrix", "find-and-update", "--levels", "read committed", "--max-schedules", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("passes so far (stopped after 1 executions: not every schedule)"), r.out());
        RacexCommandTest.Run whole = racex("matrix", "find-and-update", "--levels", "read committed");
        assertTrue(whole.out().contains("| READ COMMITTED  | violation (lost update, G-single) |"), whole.out());
    }

    @Test
    void runsAFileFromDiskAtTheLevelsAskedFor(@TempDir Path dir) throws Exception {
        // two increments of one row: as transactions, the second waits for the first's row lock, or is refused
        Path f = dir.resolve("counter.race.yaml");
        Files.writeString(f, """
                setup: ["CREATE TABLE c (n INT NOT NULL)", "INSERT INTO c VALUES (0)"]
                threads:
                  - copies: 2
                    steps: [UPDATE c SET n = n + 1]
                invariants:
                  - {name: both counted, sql: SELECT n FROM c, expect: 2}
                """);
        RacexCommandTest.Run r = racex("matrix", f.toString(), "--levels", "serializable,read-committed");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| SERIALIZABLE    | prevented: serialization failure in 2 of 4 schedules, blocked in 2 |\n"
                + "| READ COMMITTED  | prevented: blocked in 2 of 4 schedules                             |"), r.out());
        // with one attempt the refused transaction is not run again: the cell says how many schedules ran out
        RacexCommandTest.Run once = racex("matrix", f.toString(), "--levels", "serializable", "--attempts", "1");
        assertEquals(0, once.code(), once.err());
        assertTrue(once.out().contains("| SERIALIZABLE    | prevented: serialization failure in 2 of 4 schedules, blocked in 2; "
                + "2 refused at every attempt |"), once.out());
        // threads that touch different tables never need the database to step in
        Path apart = dir.resolve("apart.race.yaml");
        Files.writeString(apart, """
                setup: ["CREATE TABLE a (n INT)", "CREATE TABLE b (n INT)"]
                threads: [[INSERT INTO a VALUES (1)], [INSERT INTO b VALUES (1)]]
                serializable: true
                """);
        RacexCommandTest.Run p = racex("matrix", apart.toString(), "--levels", "read-committed");
        assertTrue(p.out().contains("| READ COMMITTED  | passes |"), p.out());
    }

    @Test
    void refusesBadInputWithOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.race.yaml");
        Files.writeString(bad, "setup: [CREATE TABLE t (x INT)]\nthreads:\n  - [SELECT 1]\nserializable: true\n");
        for (String[] args : new String[][] {
                {"matrix", bad.toString()},
                {"matrix", "no-such.race.yaml"},
                {"matrix", "counter-memory"},
                {"matrix", "find-and-update", "--db", "oracle"},
                {"matrix", "find-and-update", "--levels", "snapshot"},
                {"matrix", "find-and-update", "--db", "jdbc:postgresql://127.0.0.1:1/nope"}}) {
            RacexCommandTest.Run r = racex(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertTrue(racex("matrix", bad.toString()).err().startsWith("racex: bad.race.yaml:3: a scenario needs at least two threads"));
    }

    @Test
    void namesALockOrderCycleADeadlockOnEveryDatabase(@TempDir Path dir) throws Exception {
        Databases.kinds().forEach(Databases::require);
        Path f = dir.resolve("lock-order.race.yaml");
        Files.writeString(f, """
                setup: ["CREATE TABLE item (id VARCHAR(1) PRIMARY KEY, v INT NOT NULL)", "INSERT INTO item VALUES ('a', 1), ('b', 2)"]
                transaction: true
                threads:
                  - name: a then b
                    steps: [SELECT v FROM item WHERE id = 'a' FOR UPDATE, UPDATE item SET v = v + 1 WHERE id = 'b']
                  - name: b then a
                    steps: [SELECT v FROM item WHERE id = 'b' FOR UPDATE, UPDATE item SET v = v + 1 WHERE id = 'a']
                serializable: true
                """);
        RacexCommandTest.Run r = racex("matrix", f.toString(), "--db", "h2,postgresql,mariadb", "--levels", "read-committed");
        assertEquals(0, r.code(), r.err());
        // H2 words the victim's refusal as it words a serialization failure: only the lock cycle tells them apart
        // the two schedules that interleave the FOR UPDATEs end in the cycle; the others only wait
        String cell = "prevented: blocked in 4 of 6 schedules, deadlock in 2";
        assertTrue(r.out().contains("| READ COMMITTED  | " + cell + " | " + cell + " | " + cell + " |"), r.out());
    }

    @Test
    void takesTheMechanismFromTheStoresRefusalNotFromTheMessage() {
        assertEquals(Optional.of(Mechanism.DEADLOCK), MatrixCommand.mechanism(refusal(Refusal.Kind.DEADLOCK)));
        assertEquals(Optional.of(Mechanism.SERIALIZATION_FAILURE), MatrixCommand.mechanism(refusal(Refusal.Kind.SERIALIZATION_FAILURE)));
        // H2 words a serialization failure "Deadlock detected": text alone is no refusal
        assertEquals(Optional.empty(), MatrixCommand.mechanism("error 40001: Deadlock detected. The current transaction was rolled back."));
        assertEquals(Optional.empty(), MatrixCommand.mechanism("1 row"));
    }

    private static Refusal refusal(Refusal.Kind kind) {
        return new Refusal() {
            @Override
            public Kind refusal() {
                return kind;
            }

            @Override
            public String code() {
                return "40001";
            }

            @Override
            public String vendorCode() {
                return "";
            }

            @Override
            public List<Integer> cycle() {
                return List.of();
            }
        };
    }

    @Test
    void theHeaderSaysAThreadWithCommitStepsRunsSeveralTransactions() {
        String threads = "threads:\n  - [UPDATE t SET x = 1, COMMIT, SELECT x FROM t]\n  - [UPDATE t SET x = 2]\n";
        io.racex.store.jdbc.file.ScenarioFile parts = io.racex.store.jdbc.file.ScenarioFile.parse(
                "setup: [CREATE TABLE t (x INT)]\nserializable: true\n" + threads, "parts.race.yaml");
        String out = MatrixCommand.render(parts, List.of(), 3);
        assertTrue(out.contains("each thread runs its transactions (one per COMMIT or ROLLBACK step) at the level shown"), out);
        io.racex.store.jdbc.file.ScenarioFile one = io.racex.store.jdbc.file.ScenarioFile.parse(
                "setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads: [[UPDATE t SET x = 1], [UPDATE t SET x = 2]]\n",
                "one.race.yaml");
        assertTrue(MatrixCommand.render(one, List.of(), 3).contains("each thread runs as one transaction at the level shown"));
    }
}
