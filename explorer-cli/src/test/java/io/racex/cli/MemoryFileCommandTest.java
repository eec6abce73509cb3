package io.racex.cli;

import static io.racex.cli.RacexCommandTest.racex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.racex.cli.RacexCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Races without Java from the command line: 'store: memory' scenario files, shipped or the student's own. */
class MemoryFileCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(racex(args).out());
    }

    @Test
    void theJavaScriptTransferFindsTheLostUpdateWithOnePreemptionAsTheJavaSampleDoes() throws Exception {
        JsonNode js = json("explore", "transfer-js", "--format", "json");
        JsonNode java = json("explore", "transfer", "--format", "json");
        assertEquals("violation", js.get("verdict").asText());
        assertEquals(1, js.at("/counterexample/preemptions").asInt());
        assertEquals(java.at("/counterexample/preemptions").asInt(), js.at("/counterexample/preemptions").asInt());
        assertEquals(java.at("/counterexample/schedule").asText(), js.at("/counterexample/schedule").asText());
        assertEquals("lost update", js.at("/counterexample/anomaly").asText());
        assertEquals(0, racex("explore", "transfer-js-fixed").code());
    }

    @Test
    void aStudentsOwnFileRunsAndItsMistakesAreOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("counter.race.yaml");
        Files.writeString(f, """
                store: memory
                cells: {x: 0}
                threads:
                  - copies: 2
                    steps:
                      - read x into v
                      - write x v + 1
                invariants:
                  - name: both increments count
                    expr: x == 2
                """);
        Run r = racex("explore", f.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("both increments count"), r.out());
        assertEquals(1, racex("replay", f.toString(), "--schedule", "v1:1.2.2.1").code());

        Files.writeString(f, Files.readString(f).replace("write x v + 1", "write x w + 1"));
        Run bad = racex("explore", f.toString());
        assertEquals(2, bad.code());
        assertEquals("racex: counter.race.yaml:7: 'w' is not bound by an earlier step of this thread: bind it with 'read ... into w'"
                + " (bound so far: thread, v)", bad.err().strip());
    }

    @Test
    void databaseOptionsAndSqlCommandsRefuseAMemoryFileInOneLine(@TempDir Path dir) throws Exception {
        Run db = racex("explore", "transfer-js.race.yaml", "--db", "h2");
        assertEquals(2, db.code());
        assertTrue(db.err().contains("runs in memory ('store: memory'): --db applies only to SQL scenarios"), db.err());
        Path f = dir.resolve("odd.race.yaml");
        Files.writeString(f, "store: mongo\ncells: {x: 0}\n");
        Run odd = racex("explore", f.toString());
        assertEquals(2, odd.code());
        assertEquals("racex: " + f + ":1: unknown store 'mongo': use 'store: memory' (cells, maps, locks) or 'store: sql'"
                + " (a database; the default)", odd.err().strip());
    }
}
