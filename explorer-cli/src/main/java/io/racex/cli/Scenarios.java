package io.racex.cli;

import io.racex.Scenario;
import io.racex.samples.SampleCatalog;

/** Turns the SCENARIO argument into a scenario. */
final class Scenarios {
    private Scenarios() {}

    static Scenario<?> resolve(String nameOrPath) {
        return SampleCatalog.get(nameOrPath);
    }
}
