package io.racex.samples;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.store.jdbc.Database;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Every sample by name, for {@code racex list} and {@code racex explore NAME}. A family of
 * samples takes a size in its name ({@code lastzero-5}).
 */
public final class SampleCatalog {
    /** A listed sample: its name (or pattern, e.g. {@code lastzero-N}), one line about it, and whether it must fail. */
    public record Entry(String name, String description, boolean buggy) {}

    private record Family(String prefix, int min, int max, IntFunction<Scenario<?>> make) {}

    private static final Map<String, Supplier<Scenario<?>>> FIXED = new LinkedHashMap<>();
    private static final List<Family> FAMILIES = new ArrayList<>();
    private static final List<Entry> ENTRIES = new ArrayList<>();
    /** Samples that run on a database, built for the database they are asked for. */
    private static final Map<String, Function<Database, Scenario<?>>> DATABASE = new LinkedHashMap<>();

    static {
        JavaSamples.register();
        MemorySamples.register();
        SessionSamples.register();
        SharedTransaction.register();
        JdbcSamples.register();
        SqlSamples.register();
        MemoryFileSamples.register();
        Classics.register();
    }

    private SampleCatalog() {}

    /** Registers a sample. */
    public static void add(String name, String description, boolean buggy, Supplier<Scenario<?>> make) {
        FIXED.put(name, make);
        ENTRIES.add(new Entry(name, description, buggy));
    }

    /**
     * Registers a sample that runs on a database ({@code --db}); {@link #get(String)} builds it
     * on the default, a private in-memory H2 database.
     */
    public static void addDatabase(String name, String description, boolean buggy, Function<Database, Scenario<?>> make) {
        DATABASE.put(name, make);
        ENTRIES.add(new Entry(name, description, buggy));
    }

    /** Whether {@code name} is a sample that runs on a database (so {@code --db} applies to it). */
    public static boolean usesDatabase(String name) {
        return DATABASE.containsKey(name);
    }

    /** Registers a family {@code prefix-N} for {@code min <= N <= max}. */
    public static void addFamily(String prefix, int min, int max, String description, boolean buggy, IntFunction<Scenario<?>> make) {
        FAMILIES.add(new Family(prefix, min, max, make));
        ENTRIES.add(new Entry(prefix + "-N", description + " (N from " + min + " to " + max + ")", buggy));
    }

    /** All samples, in the order they were registered. */
    public static List<Entry> entries() {
        return Collections.unmodifiableList(ENTRIES);
    }

    /**
     * The sample called {@code name}.
     *
     * @throws RacexException naming the known samples when there is none
     */
    public static Scenario<?> get(String name) {
        return get(name, null);
    }

    /**
     * The sample called {@code name}, on {@code db} when it runs on a database ({@code null}: the
     * default, a private in-memory H2 database).
     *
     * @throws RacexException naming the known samples when there is none, or when {@code db} is
     *     given for a sample that runs in memory
     */
    public static Scenario<?> get(String name, Database db) {
        Function<Database, Scenario<?>> d = DATABASE.get(name);
        if (d != null) {
            return d.apply(db == null ? Database.h2() : db);
        }
        if (db != null && (FIXED.containsKey(name) || family(name))) {
            throw new RacexException("'" + name + "' runs in memory: --db applies only to database samples such as "
                    + String.join(", ", DATABASE.keySet().stream().limit(3).toList()));
        }
        Supplier<Scenario<?>> s = FIXED.get(name);
        if (s != null) {
            return s.get();
        }
        for (Family f : FAMILIES) {
            if (name.startsWith(f.prefix() + "-")) {
                String num = name.substring(f.prefix().length() + 1);
                if (!num.isEmpty() && num.length() < 4 && num.chars().allMatch(Character::isDigit)) {
                    int k = Integer.parseInt(num);
                    if (k < f.min() || k > f.max()) {
                        throw new RacexException("no scenario named '" + name + "': " + f.prefix() + "-N takes N from "
                                + f.min() + " to " + f.max());
                    }
                    return f.make().apply(k);
                }
            }
        }
        throw new RacexException("no scenario named '" + name + "'; 'racex list' shows the samples, or give a path to a .race.yaml file");
    }

    private static boolean family(String name) {
        for (Family f : FAMILIES) {
            if (name.startsWith(f.prefix() + "-")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a name is a known sample. */
    public static boolean contains(String name) {
        try {
            get(name);
            return true;
        } catch (RacexException e) {
            return false;
        }
    }
}
