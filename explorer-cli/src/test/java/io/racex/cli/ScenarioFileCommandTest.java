package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code racex explore FILE.race.yaml} and {@code racex replay FILE.race.yaml}, as a user types them. */
class ScenarioFileCommandTest {
    @TempDir
    Path dir;

    static RacexCommandTest.Run racex(String... args) {
        return RacexCommandTest.racex(args);
    }

    @Test
    void transactionStatementsShowWhatTheyDidNotZeroRows(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rollback.race.yaml");
        Files.writeString(f, """
                setup: ["CREATE TABLE c (id INT PRIMARY KEY, n INT)", "INSERT INTO c VALUES (1, 0)"]
                threads:
                  - steps: [BEGIN, "UPDATE c SET n = 5 WHERE id = 1", ROLLBACK]
                  - steps: ["SELECT n FROM c WHERE id = 1"]
                invariants:
                  - {name: unchanged, sql: SELECT n FROM c WHERE id = 1, expect: 0}
                """);
        RacexCommandTest.Run r = RacexCommandTest.racex("replay", f.toString(), "--schedule", "v1:1.1.1.2");
        assertTrue(r.out().contains("BEGIN -> begun"), r.out());
        assertTrue(r.out().contains("UPDATE c SET n = 5 WHERE id = 1 -> 1 row"), r.out());
        assertTrue(r.out().contains("ROLLBACK -> rolled back"), r.out());
        assertFalse(r.out().contains("0 rows"), r.out());
    }

    @Test
    void aColumnNamedValueWorksOnTheDefaultH2AsOnTheOtherDatabases(@TempDir Path dir) throws Exception {
        // Hermitage's tables have a column 'value': a keyword in H2 2.x unless the URL says otherwise
        Path f = dir.resolve("value.race.yaml");
        Files.writeString(f, """
                setup: ["CREATE TABLE test (id INT PRIMARY KEY, value INT)", "INSERT INTO test VALUES (1, 10)"]
                threads:
                  - copies: 2
                    steps:
                      - sql: SELECT value FROM test WHERE id = 1
                        into: v
                      - UPDATE test SET value = :v + 1 WHERE id = 1
                invariants:
                  - {name: both counted, sql: SELECT value FROM test WHERE id = 1, expect: 12}
                """);
        RacexCommandTest.Run r = RacexCommandTest.racex("explore", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("both counted=11"), r.out());
    }

    @Test
    void exploresAShippedFileByItsFileNameAndReplaysTheMinimalSchedule() {
        RacexCommandTest.Run r = racex("explore", "transfer-sql.race.yaml");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("anomaly     lost update"), r.out());
        String replay = r.out().lines().filter(l -> l.strip().startsWith("racex replay ")).findFirst().orElseThrow().strip();
        assertTrue(replay.startsWith("racex replay transfer-sql.race.yaml --schedule v1:"), replay);
        RacexCommandTest.Run again = racex(replay.substring("racex ".length()).split(" "));
        assertEquals(1, again.code(), again.err());
        assertTrue(again.out().contains("total balance conserved"), again.out());
    }

    @Test
    void exploresAFileOnDisk() throws Exception {
        Path f = dir.resolve("mine.race.yaml");
        Files.writeString(f, """
                setup: ["CREATE TABLE c (n INT NOT NULL)", "INSERT INTO c VALUES (0)"]
                threads:
                  - copies: 2
                    steps: [UPDATE c SET n = n + 1]
                invariants:
                  - {name: both counted, sql: SELECT n FROM c, expect: 2}
                """);
        RacexCommandTest.Run r = racex("explore", f.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().startsWith("racex: PASS mine"), r.out());
    }

    @Test
    void answersEveryMalformedFileWithOneLineAndExitCode2() throws Exception {
        Map<String, String> cases = Map.of(
                "unknown key 'wehn' in a step", "setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads:\n"
                        + "  - - {sql: SELECT 1, wehn: x}\n  - [SELECT 1]\n",
                "'threads' is missing", "setup: [CREATE TABLE t (x INT)]\nserializable: true\n",
                "needs at least two threads", "setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads: [[SELECT 1]]\n",
                "unknown isolation level 'snapshot'", "setup: [CREATE TABLE t (x INT)]\nserializable: true\nisolation: snapshot\n"
                        + "threads: [[SELECT 1], [SELECT 2]]\n",
                "bad retry code 'x'", "setup: [CREATE TABLE t (x INT)]\nserializable: true\nretry: {on: [x]}\n"
                        + "threads: [[SELECT 1], [SELECT 2]]\n",
                ":n is not bound", "setup: [CREATE TABLE t (x INT)]\nserializable: true\nthreads: [[UPDATE t SET x = :n], [SELECT 2]]\n",
                "not valid YAML", "setup: [CREATE TABLE t (x INT)\nthreads: {\n",
                "the database rejected the SQL", "setup: [CREATE TABLE t (x INT)]\nserializable: true\n"
                        + "threads: [[SELECT nope FROM t], [SELECT 2]]\n",
                "could not", "setup: [CREATE TABLE t (x INT]\nserializable: true\nthreads: [[SELECT 1], [SELECT 2]]\n");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = dir.resolve("bad.race.yaml");
            Files.writeString(f, c.getValue());
            RacexCommandTest.Run r = racex("explore", f.toString());
            assertEquals(2, r.code(), c.getKey() + ": " + r.err() + r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("racex: "), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
            if (!c.getKey().equals("could not")) {
                assertTrue(r.err().contains(c.getKey()), c.getKey() + " -> " + r.err());
            }
        }
        RacexCommandTest.Run missing = racex("explore", dir.resolve("none.race.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("racex: no scenario file "), missing.err());
        Path latin = dir.resolve("latin.race.yaml");
        Files.write(latin, "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        RacexCommandTest.Run notUtf8 = racex("explore", latin.toString());
        assertEquals(2, notUtf8.code());
        assertEquals("racex: cannot read the scenario file " + latin + ": it is not UTF-8 text (save it as UTF-8)",
                notUtf8.err().strip());
    }
}
