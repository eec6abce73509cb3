package io.racex.cli;

import io.racex.Scenario;
import io.racex.jdbc.Database;
import io.racex.samples.SampleCatalog;

/** Turns the SCENARIO argument into a scenario. */
final class Scenarios {
    private Scenarios() {}

    static Scenario<?> resolve(String nameOrPath) {
        return resolve(nameOrPath, null);
    }

    /** {@code db} is the {@code --db} choice, or null for the scenario's default. */
    static Scenario<?> resolve(String nameOrPath, Database db) {
        return SampleCatalog.get(nameOrPath, db);
    }
}
