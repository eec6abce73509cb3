package io.racex.samples;

import io.racex.Scenario;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.file.ScenarioFile;
import io.racex.store.jdbc.file.ScenarioFiles;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * The samples written as scenario files ({@code *.race.yaml}), shipped in this jar under
 * {@code io/racex/samples/sql/}. Each is registered under its name unless a Java sample already has
 * that name (the find-and-update family: the files are their coursework twins, reachable as
 * {@code racex explore find-and-update.race.yaml}).
 *
 * <pre>
 * $ racex explore withdraw              # exit 1: a withdrawal is lost
 * $ racex explore withdraw-fixed        # exit 0
 * $ racex explore unique-sku --db postgresql
 * </pre>
 */
public final class SqlSamples {
    /** Where the files are on the class path. */
    public static final String FOLDER = "io/racex/samples/sql/";

    /** A shipped file and whether its scenario must fail. */
    record File(String name, boolean buggy) {
        String resource() {
            return FOLDER + name + ScenarioFile.SUFFIX;
        }
    }

    /** Every shipped file; a test checks this list against the folder. */
    static final List<File> FILES = List.of(
            new File("find-and-update", true),
            new File("find-and-update-for-update", false),
            new File("find-and-update-serializable", false),
            new File("unique-sku", true),
            new File("unique-sku-fixed", false),
            new File("optimistic-lock", true),
            new File("optimistic-lock-fixed", false),
            new File("withdraw", true),
            new File("withdraw-fixed", false),
            new File("transfer-sql", true),
            new File("transfer-sql-fixed", false),
            new File("idempotency-key", true),
            new File("idempotency-key-fixed", false),
            new File("doctors", true),
            new File("doctors-fixed", false),
            new File("hermitage-g2-item", true),
            new File("hermitage-p4", true),
            new File("hermitage-g-single", true),
            new File("hermitage-g0", false),
            new File("hermitage-g1a", false),
            new File("hermitage-g1b", false),
            new File("hermitage-g1c", false),
            new File("hermitage-otv", false),
            new File("hermitage-pmp", true),
            new File("hermitage-g2", true));

    private SqlSamples() {}

    static void register() {
        for (File f : FILES) {
            if (SampleCatalog.usesDatabase(f.name())) {
                continue;
            }
            ScenarioFile parsed = ScenarioFile.readResource(loader(), f.resource());
            SampleCatalog.addDatabase(f.name(), parsed.description() + " [" + f.name() + ScenarioFile.SUFFIX + "]", f.buggy(),
                    db -> load(f.resource(), db));
        }
    }

    /** The shipped file called {@code fileName} ({@code withdraw.race.yaml}) as a class-path resource, if there is one. */
    public static Optional<String> shipped(String fileName) {
        for (File f : FILES) {
            if ((f.name() + ScenarioFile.SUFFIX).equals(fileName)) {
                return Optional.of(f.resource());
            }
        }
        return Optional.empty();
    }

    /** The parsed shipped file of the sample called {@code name}, if it is a file sample. */
    public static Optional<ScenarioFile> file(String name) {
        return shipped(name + ScenarioFile.SUFFIX).map(r -> ScenarioFile.readResource(loader(), r));
    }

    /** Loads a shipped file (by resource path) for {@code db}. */
    public static Scenario<Connection> load(String resource, Database db) {
        return ScenarioFiles.loadResource(loader(), resource, db);
    }

    private static ClassLoader loader() {
        return SqlSamples.class.getClassLoader();
    }
}
