package io.racex.cli;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.file.ScenarioFile;
import io.racex.store.jdbc.file.ScenarioFiles;
import io.racex.samples.MemoryFileSamples;
import io.racex.samples.SampleCatalog;
import io.racex.scenariofile.FileStore;
import io.racex.store.memory.file.MemoryFiles;
import io.racex.samples.SqlSamples;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.text.similarity.LevenshteinDistance;

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
                if (FileStore.of(read(path.get()), path.get().toString()) == FileStore.MEMORY) {
                    inMemory(nameOrPath, db);
                    return MemoryFiles.load(path.get());
                }
                return ScenarioFiles.load(path.get(), on);
            }
            Optional<String> memory = MemoryFileSamples.shipped(fileName(nameOrPath));
            if (memory.isPresent()) {
                inMemory(nameOrPath, db);
                return MemoryFileSamples.load(memory.get());
            }
            return SqlSamples.load(shipped(nameOrPath), on);
        }
        if (!known(nameOrPath)) {
            throw new RacexException("no scenario named '" + nameOrPath + "'" + didYouMean(nameOrPath)
                    + "; 'racex list' shows the samples, or give a path to a .race.yaml file");
        }
        return SampleCatalog.get(nameOrPath, db);
    }

    private static void inMemory(String arg, Database db) {
        if (db != null) {
            throw new RacexException(arg + " runs in memory ('store: memory'): --db applies only to SQL scenarios");
        }
    }

    private static String read(Path p) {
        return io.racex.scenariofile.SourceText.read(p);
    }

    private static String fileName(String arg) {
        Path p = Path.of(arg);
        return p.getParent() != null || p.getFileName() == null ? "" : p.getFileName().toString();
    }

    /** Whether {@code name} is a sample, or one of a family {@code prefix-N} (whose N the catalog checks). */
    static boolean known(String name) {
        for (SampleCatalog.Entry e : SampleCatalog.entries()) {
            String n = e.name();
            if (n.equals(name) || (n.endsWith("-N") && name.startsWith(n.substring(0, n.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** {@code " (did you mean transfer?)"} when some sample names are a few edits away from {@code name}, else empty. */
    static String didYouMean(String name) {
        String number = name.replaceFirst("^.*?-(\\d+)$", "$1");
        Map<String, Integer> distance = new TreeMap<>();
        LevenshteinDistance levenshtein = new LevenshteinDistance(Math.max(2, name.length() / 3));
        for (SampleCatalog.Entry e : SampleCatalog.entries()) {
            // a family lastzero-N is compared as lastzero-5 when the name ends in -5
            String candidate = e.name().endsWith("-N") && !number.equals(name)
                    ? e.name().substring(0, e.name().length() - 1) + number : e.name();
            int d = levenshtein.apply(name.toLowerCase(Locale.ROOT), candidate);
            if (d >= 0) {
                distance.put(candidate, d);
            }
        }
        List<String> close = distance.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(3).map(Map.Entry::getKey)
                .toList();
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
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
