package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.Scenario;
import io.racex.engine.Explorer;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.file.ScenarioFile;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.testing.Traces;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.racex.store.jdbc.Isolation;
import io.racex.store.jdbc.file.ScenarioFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DPOR against brute force on SQL samples, on H2, with the JDBC store's row-level footprints:
 * naive search runs every interleaving, grouped here by Mazurkiewicz trace (the canonical form
 * holds every step's value, so two interleavings the footprints call equivalent but that read or
 * returned different values count as different traces); DPOR must run each of those traces exactly
 * once, and find the same verdict with the same fewest preemptions. If a footprint called two
 * statements apart whose order matters, naive search would show a trace DPOR never ran.
 */
class SqlDporCrossCheckTest {
    private static final long NAIVE_LIMIT = 3_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"doctors", "unique-sku", "unique-sku-fixed", "idempotency-key", "find-and-update", "withdraw-fixed",
            "transfer-sql"})
    void dporRunsEachTraceOfNaiveSearchExactlyOnce(String name) {
        crossCheck(name, true);
    }

    /**
     * Where a statement waits for another transaction's row lock, DPOR cannot know beforehand that
     * it will wait, and runs some traces more than once (as it did with table footprints: 6
     * executions for find-and-update-for-update's 2 traces either way); it must still run every one.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"doctors-fixed", "find-and-update-for-update"})
    void dporRunsEveryTraceOfNaiveSearchWhereStatementsWait(String name) {
        crossCheck(name, false);
    }

    /**
     * At REPEATABLE READ and SERIALIZABLE a transaction reads from a snapshot, so when it took it
     * matters, not only when it read: each statement that may fix the snapshot conflicts with other
     * transactions' commits (JdbcHandles.SNAPSHOT). Without that, hermitage-g2-item at REPEATABLE
     * READ had 13 traces and DPOR ran 12. (At SERIALIZABLE H2's footprints are whole tables; row
     * footprints there lose traces too: tried.) withdraw-fixed: with three threads, an UPDATE
     * issued while another transaction held the row, and refused (40001) once it committed, was a
     * trace DPOR did not reach (21 traces, 17 run): the race between the COMMIT and the third
     * thread's UPDATE planted a sequence starting with the waiting thread's ROLLBACK, which cannot
     * run before the COMMIT; a reversal now starts with an initial whose thread can run there.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"doctors", "idempotency-key", "find-and-update", "transfer-sql", "hermitage-g2-item",
            "hermitage-g-single", "hermitage-p4", "hermitage-g1c", "hermitage-pmp", "hermitage-g2", "hermitage-g0",
            "withdraw-fixed"})
    void dporRunsEveryTraceOfNaiveSearchAtSnapshotLevels(String name) {
        ScenarioFile f = SqlSamples.file(name).orElseThrow();
        for (Isolation level : List.of(Isolation.REPEATABLE_READ, Isolation.SERIALIZABLE)) {
            Scenario<Connection> s = ScenarioFiles.compile(f, Database.h2(),
                    new ScenarioFiles.Variant(Optional.of(level), true, Set.of(), 1));
            crossCheck(name + " at " + level.sqlName(), s, false);
        }
    }

    private static void crossCheck(String name, boolean exact) {
        crossCheck(name, SqlSamples.load(SqlSamples.FOLDER + name + ScenarioFile.SUFFIX, Database.h2()), exact);
    }

    private static void crossCheck(String name, Scenario<Connection> s, boolean exact) {
        List<String> naive = normalized(Traces.run(s, new DepthFirst(), NAIVE_LIMIT));
        assertNotNull(naive, name + " has more than " + NAIVE_LIMIT + " interleavings");
        Set<String> traces = new HashSet<>(naive);
        Dpor dpor = new Dpor();
        List<String> explored = normalized(Traces.run(s, dpor, NAIVE_LIMIT));
        assertNotNull(explored, name);
        if (exact) {
            assertEquals(explored.size(), new HashSet<>(explored).size(), "DPOR ran a trace twice in " + name);
        }
        assertEquals(traces, new HashSet<>(explored), "DPOR's traces differ from brute force in " + name);
        System.out.printf("%s: naive %d interleavings = %d traces; DPOR %d executions%n", name, naive.size(), traces.size(),
                explored.size());

        Options d = Options.defaults();
        Options all = new Options(NAIVE_LIMIT, d.maxSteps(), d.stepTimeout(), true, 5_000, false);
        ExplorationResult byNaive = new Explorer(all).explore(s, new DepthFirst());
        ExplorationResult byDpor = new Explorer(all).explore(s, new Dpor());
        assertEquals(byNaive.verdict(), byDpor.verdict(), name);
        if (byNaive.failed()) {
            assertEquals(byNaive.counterexample().get().preemptions(), byDpor.counterexample().get().preemptions(), name);
            assertEquals(byNaive.counterexample().get().anomaly().map(a -> a.fullName()),
                    byDpor.counterexample().get().anomaly().map(a -> a.fullName()), name);
        }
    }

    /** Traces without H2's per-statement counters in error messages ({@code /* 17 *}{@code /}), which differ run to run. */
    private static List<String> normalized(List<String> traces) {
        return traces == null ? null : traces.stream().map(t -> t.replaceAll("/\\* \\d+ \\*/ ", "")).toList();
    }
}
