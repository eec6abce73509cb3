package io.racex.cli;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.explore.ExplorationResult;
import io.racex.explore.Explorer;
import io.racex.explore.Options;
import io.racex.explore.ParallelExplorer;
import io.racex.explore.Shard;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.IterativeBounding;
import io.racex.strategy.Strategy;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code racex explore SCENARIO}: search the schedules of a scenario for a violation. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Explore the interleavings of a scenario and report the minimal failing schedule.")
final class ExploreCommand implements Callable<Integer> {
    enum StrategyName { exhaustive, naive, bounded, pct, random }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A sample name (see 'racex list') or a .race.yaml scenario file.")
    String scenario;

    @Option(names = "--strategy", defaultValue = "exhaustive",
            description = "How to choose schedules: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). exhaustive: optimal DPOR,"
                    + " one execution per Mazurkiewicz trace; naive: every interleaving; bounded: 0, 1, ... K preemptions;"
                    + " pct, random: seeded sampling.")
    StrategyName strategy;

    @Option(names = "--preemptions", defaultValue = "2", paramLabel = "K",
            description = "With --strategy bounded: at most K preemptions per schedule (default: ${DEFAULT-VALUE}).")
    int preemptions;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Explore on N local threads, each with its own store (exhaustive and naive; default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Explore only part K of N of the search (exhaustive and naive); parts 1..N together run it all, once.")
    String shard;

    @Mixin
    StrategyOptions randomized;

    @Mixin
    RunOptions run;

    @Mixin
    ProgressLine.Options progress;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Scenario<?> s = Scenarios.resolve(scenario, run.database());
        ExplorationResult r;
        if (workers != 1 || shard != null) {
            Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
            IntFunction<Strategy> split = switch (strategy) {
                case exhaustive -> Dpor::new;
                case naive -> d -> new DepthFirst();
                default -> throw new RacexException("--workers and --shard work with --strategy exhaustive or naive, not " + strategy);
            };
            try (ProgressLine line = progress.start(spec.commandLine().getErr(), -1)) {
                r = new ParallelExplorer(run.options(), workers, part).progress(line).explore(s, split);
            }
        } else {
            Strategy st = switch (strategy) {
                case exhaustive -> new Dpor();
                case naive -> new DepthFirst();
                case bounded -> new IterativeBounding(preemptions);
                case pct -> randomized.pct();
                case random -> randomized.random();
            };
            try (ProgressLine line = progress.start(spec.commandLine().getErr(), StrategyOptions.total(st, run.maxSchedules))) {
                r = new Explorer(StrategyOptions.options(run.options(), st)).progress(line).explore(s, st);
            }
        }
        return output.emit(r, "racex replay " + scenario + run.dbOption(), spec.commandLine().getOut());
    }

    /** Options shared by explore and replay. */
    static final class RunOptions {
        @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "100000",
                description = "Stop after N executions (default: ${DEFAULT-VALUE}).")
        long maxSchedules;

        @Option(names = "--max-steps", paramLabel = "N", defaultValue = "10000",
                description = "Step bound per execution; beyond it a possible livelock is reported (default: ${DEFAULT-VALUE}).")
        int maxSteps;

        @Option(names = "--db", paramLabel = "DB",
                description = "Database of a SQL scenario: h2 (default, in memory), postgresql, mariadb, or a JDBC URL "
                        + "(credentials from the URL or RACEX_DB_USER/RACEX_DB_PASSWORD).")
        String db;

        /** The database asked for, or null for the scenario's default. */
        io.racex.jdbc.Database database() {
            return db == null ? null : io.racex.jdbc.Database.parse(db);
        }

        /** {@code " --db X"} for the replay command (never with a password), or empty. */
        String dbOption() {
            if (db == null) {
                return "";
            }
            String o = io.racex.jdbc.Database.parse(db).option();
            return " --db " + (o.matches("[A-Za-z0-9_:/.@=?-]+") ? o : "'" + o.replace("'", "'\\''") + "'");
        }

        Options options() {
            return Options.defaults().withMaxSchedules(maxSchedules).withMaxSteps(maxSteps);
        }
    }
}
