package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.report.TextReport;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Databases;
import io.racex.store.jdbc.Isolation;
import io.racex.store.jdbc.file.ScenarioFile;
import io.racex.store.jdbc.file.ScenarioFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario file, explored on H2 always and on PostgreSQL and MariaDB when their
 * local services answer (skipped otherwise, but failed when {@code CI=true}): each buggy file's
 * violation is found with its anomaly named, each fixed file passes.
 *
 * <p>To keep the default test run short, the fixed files are searched with at most two
 * preemptions here (every bug of these samples needs one); {@code racex explore NAME} runs the
 * exhaustive search, a proof within the scenario.
 */
class SqlSamplesTest {
    /** The anomaly each buggy file's minimal counterexample must be named with, and Adya's phenomenon beside it. */
    static final Map<String, String> ANOMALY = Map.ofEntries(
            Map.entry("find-and-update", "lost update, G-single"),
            Map.entry("unique-sku", "write skew, G2"),
            Map.entry("optimistic-lock", "lost update, G-single"),
            Map.entry("withdraw", "lost update, G-single"),
            Map.entry("transfer-sql", "lost update, G-single"),
            Map.entry("idempotency-key", "write skew, G2"),
            Map.entry("doctors", "write skew, G2-item"),
            Map.entry("hermitage-g2-item", "write skew, G2-item"),
            Map.entry("hermitage-p4", "lost update, G-single"),
            Map.entry("hermitage-g-single", "read skew, G-single"),
            Map.entry("hermitage-pmp", "phantom, G-single"),
            Map.entry("hermitage-g2", "write skew, G2"));

    /**
     * Buggy samples a database's default level already prevents (as Hermitage publishes: MariaDB's
     * default REPEATABLE READ prevents the read-predicate PMP); there they must pass.
     */
    static final java.util.Set<String> PREVENTED_BY_DEFAULT = java.util.Set.of("hermitage-pmp on mariadb");

    static Stream<Arguments> samplesOnDatabases() {
        return Stream.of("h2", "postgresql", "mariadb")
                .flatMap(db -> SqlSamples.FILES.stream().map(f -> Arguments.of(db, f.name(),
                        f.buggy() && !PREVENTED_BY_DEFAULT.contains(f.name() + " on " + db))));
    }

    @ParameterizedTest(name = "on {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aPassTheDatabaseKeptCorrectByRefusingTransactionsSaysSoWithTheSqlstate(String kind) {
        Database db = Databases.require(kind);
        Scenario<Connection> s = SqlSamples.load(SqlSamples.FOLDER + "find-and-update-serializable" + ScenarioFile.SUFFIX, db);
        ExplorationResult r = Racex.explore(s).run();
        assertFalse(r.failed(), r.completeness());
        assertTrue(r.completeness().matches("complete: \\d+ executions = .*; the database refused a transaction in \\d+ of them"
                + " \\((serialization failure|deadlock), SQLSTATE 40\\w{3}.*\\)"), r.completeness());
        ExplorationResult plain = Racex.explore(SqlSamples.load(SqlSamples.FOLDER + "withdraw-fixed" + ScenarioFile.SUFFIX, db)).run();
        assertFalse(plain.completeness().contains("refused"), plain.completeness());
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("samplesOnDatabases")
    void findsEachBuggyFileAndPassesEachFixedOne(String kind, String name, boolean buggy) {
        Database db = Databases.require(kind);
        Scenario<Connection> s = SqlSamples.load(SqlSamples.FOLDER + name + ScenarioFile.SUFFIX, db);
        if (buggy) {
            Counterexample c = Racex.explore(s).options(Options.defaults().withStopAtFirstViolation(true)).assertViolation();
            assertEquals(1, c.preemptions(), name + ": the minimal schedule has one preemption");
            assertEquals(ANOMALY.get(name), c.anomaly().map(a -> a.fullName()).orElse("none"), name + " on " + kind);
        } else {
            ExplorationResult r = Racex.explore(s).preemptionBound(2).run();
            if (r.failed()) {
                fail(name + " on " + kind + " must pass:\n" + TextReport.render(r));
            }
            assertTrue(r.schedules() > 1, name + " ran " + r.schedules() + " schedules");
        }
    }

    /**
     * The doctors each write only their own row: with row footprints that is a write skew at READ
     * COMMITTED and REPEATABLE READ on every database, never a lost update (which needs both to
     * write one row); PostgreSQL's SERIALIZABLE refuses one transaction (40001) and every schedule
     * ends with someone on call.
     */
    @ParameterizedTest(name = "doctors on {0} at {1}")
    @MethodSource("doctorsLevels")
    void theDoctorsAreAWriteSkewOnRows(String kind, Isolation level) {
        Database db = Databases.require(kind);
        ScenarioFile f = ScenarioFile.readResource(SqlSamples.class.getClassLoader(), SqlSamples.FOLDER + "doctors.race.yaml");
        Scenario<Connection> s = ScenarioFiles.compile(f, db, new ScenarioFiles.Variant(Optional.of(level), true, Set.of(), 1));
        if (level == Isolation.SERIALIZABLE) {
            Racex.explore(s).assertNoViolation();
            return;
        }
        Counterexample c = Racex.explore(s).assertViolation();
        assertEquals("write skew, G2-item", c.anomaly().map(a -> a.fullName()).orElse("none"), c.anomaly().toString());
    }

    static Stream<Arguments> doctorsLevels() {
        return Stream.of(Arguments.of("h2", Isolation.READ_COMMITTED), Arguments.of("postgresql", Isolation.READ_COMMITTED),
                Arguments.of("postgresql", Isolation.REPEATABLE_READ), Arguments.of("postgresql", Isolation.SERIALIZABLE),
                Arguments.of("mariadb", Isolation.READ_COMMITTED), Arguments.of("mariadb", Isolation.REPEATABLE_READ));
    }

    @Test
    void reportsTheFindAndUpdateFileAsTheCourseDoes() {
        Counterexample c = Racex.explore(SqlSamples.load(SqlSamples.FOLDER + "find-and-update.race.yaml", Database.h2()))
                .assertViolation();
        assertEquals("msg aa", c.observed().state().get("message"));
        assertTrue(c.allowed().stream().allMatch(a -> "msg aaa".equals(a.outcome().state().get("message"))));
        assertEquals(List.of("query", "query", "update", "update"),
                c.execution().steps().stream().map(st -> st.kind().label()).toList());
    }

    @Test
    void listsEveryFileInTheFolderAndRegistersThoseWithoutAJavaTwin() throws IOException, URISyntaxException {
        Path folder = Path.of(SqlSamples.class.getClassLoader().getResource(SqlSamples.FOLDER).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ScenarioFile.SUFFIX))
                    .map(n -> n.substring(0, n.length() - ScenarioFile.SUFFIX.length())).sorted().toList();
            assertEquals(onDisk, SqlSamples.FILES.stream().map(SqlSamples.File::name).sorted().toList());
        }
        for (SqlSamples.File f : SqlSamples.FILES) {
            assertTrue(SampleCatalog.usesDatabase(f.name()), f.name() + " is in the catalog");
            ScenarioFile parsed = ScenarioFile.readResource(SqlSamples.class.getClassLoader(), f.resource());
            assertEquals(f.name(), parsed.name(), "the file's name: key matches its file name");
            assertFalse(parsed.description().isEmpty(), f.name() + " has a description");
        }
        assertTrue(SampleCatalog.entries().stream().anyMatch(e -> e.name().equals("withdraw") && e.buggy()));
    }
}
