package io.racex.cli;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.jdbc.Database;
import io.racex.jdbc.file.ScenarioFile;
import io.racex.jdbc.file.ScenarioFiles;
import io.racex.samples.SampleCatalog;
import io.racex.samples.SqlSamples;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Turns the SCENARIO argument into a scenario: a sample name, or a path to a {@code .race.yaml} file. */
final class Scenarios {
    private Scenarios() {}

    static Scenario<?> resolve(String nameOrPath) {
        return resolve(nameOrPath, null);
    }

    /** {@code db} is the {@code --db} choice, or null for the scenario's default. */
    static Scenario<?> resolve(String nameOrPath, Database db) {
        if (isFile(nameOrPath)) {
            Database on = db == null ? Database.h2() : db;
            Optional<Path> path = path(nameOrPath);
            if (path.isPresent()) {
                return ScenarioFiles.load(path.get(), on);
            }
            return SqlSamples.load(shipped(nameOrPath), on);
        }
        return SampleCatalog.get(nameOrPath, db);
    }

    /** The scenario file a SCENARIO argument names: a file on disk, else a shipped sample of that file name. */
    static ScenarioFile file(String nameOrPath) {
        if (isFile(nameOrPath)) {
            Optional<Path> path = path(nameOrPath);
            if (path.isPresent()) {
                return ScenarioFile.read(path.get());
            }
            return ScenarioFile.readResource(Scenarios.class.getClassLoader(), shipped(nameOrPath));
        }
        return SqlSamples.file(nameOrPath).orElseThrow(() -> new RacexException("'" + nameOrPath
                + "' is not a scenario file: give a path to a .race.yaml file, or a shipped file sample (racex list)"));
    }

    /** Whether the argument is a file name rather than a sample name. */
    static boolean isFile(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        return a.endsWith(".yaml") || a.endsWith(".yml");
    }

    private static Optional<Path> path(String arg) {
        try {
            Path p = Path.of(arg);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            throw new RacexException("'" + arg + "' is not a usable file path: " + e.getReason());
        }
    }

    private static String shipped(String arg) {
        Path p = Path.of(arg);
        String name = p.getFileName() == null ? arg : p.getFileName().toString();
        if (p.getParent() == null) {
            Optional<String> r = SqlSamples.shipped(name);
            if (r.isPresent()) {
                return r.get();
            }
        }
        throw new RacexException("no scenario file " + arg + ": check the path (racex list shows the shipped samples)");
    }
}
