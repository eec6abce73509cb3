package io.racex.cli;

import io.racex.strategy.Pct;
import io.racex.strategy.RandomWalk;
import io.racex.Strategy;
import picocli.CommandLine.Option;

/** The settings of the randomized strategies: {@code --depth}, {@code --schedules}, {@code --seed}. */
final class StrategyOptions {
    @Option(names = "--depth", paramLabel = "D", defaultValue = "" + Pct.DEFAULT_DEPTH,
            description = "With --strategy pct: the bug depth aimed at, 1 + the preemptions a bug needs (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "" + Pct.DEFAULT_SCHEDULES,
            description = "With --strategy pct or random: how many schedules to run (default: ${DEFAULT-VALUE}).")
    long schedules;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "With --strategy pct or random: the seed; the same seed runs the same schedules (default: ${DEFAULT-VALUE}).")
    long seed;

    Strategy pct() {
        return new Pct(depth, schedules, seed);
    }

    Strategy random() {
        return new RandomWalk(schedules, seed);
    }
}
