package io.racex.cli;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.engine.ParallelExplorer;
import io.racex.engine.Shard;
import io.racex.report.ReplayHint;
import io.racex.engine.ControlledRuntime;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.IterativeBounding;
import io.racex.Strategy;
import io.racex.store.java.JavaExplorer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A sample name (see 'racex list'), a .race.yaml scenario file,"
            + " or with --classpath a test class (com.example.SomeTest, or com.example.SomeTest#method for one @RacexTest method).")
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
        if (run.classpath != null) {
            return exploreClass();
        }
        Scenario<?> s = Scenarios.resolve(scenario, run.database());
        ExplorationResult r;
        if (workers != 1 || shard != null) {
            Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
            ParallelExplorer parallel = new ParallelExplorer(run.options(), workers, part);
            try (ProgressLine line = progress.start(spec.commandLine().getErr(), -1)) {
                parallel.progress(line);
                r = switch (strategy) {
                    case exhaustive -> parallel.exhaustive(s);
                    case naive -> parallel.explore(s, d -> new DepthFirst());
                    default -> throw new RacexException("--workers and --shard work with --strategy exhaustive or naive, not " + strategy);
                };
            }
        } else {
            Strategy st = switch (strategy) {
                case exhaustive -> new Dpor();
                case naive -> new DepthFirst();
                case bounded -> new IterativeBounding(preemptions);
                case pct -> randomized.pct();
                case random -> randomized.random();
            };
            long total = strategy == StrategyName.pct || strategy == StrategyName.random
                    ? Math.min(randomized.schedules, run.maxSchedules) : -1;
            try (ProgressLine line = progress.start(spec.commandLine().getErr(), total)) {
                r = new Explorer(run.options()).progress(line).explore(s, st);
            }
        }
        return output.emit(r, run.replayHint(scenario), spec.commandLine().getOut());
    }

    /**
     * Explores the {@code @RacexTest} methods of a user's class: each one's report, in order; exit 1
     * when one fails, else 2 when one made no shared step (nothing was tested), else 0.
     */
    private int exploreClass() {
        if (workers != 1 || shard != null) {
            throw new RacexException("--workers and --shard work with scenarios, not with --classpath tests");
        }
        List<UserTests.Test> tests = UserTests.find(run.classpath, scenario);
        if (tests.size() > 1 && (output.format != OutputOptions.Format.text || output.output != null)) {
            throw new RacexException(scenario + " has " + tests.size() + " @RacexTest methods; name one (" + tests.get(0).argument()
                    + ") for --format " + output.format + (output.output != null ? " or --output" : ""));
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean violated = false;
        boolean setUpFailed = false;
        for (UserTests.Test t : tests) {
            if (tests.size() > 1) {
                out.println("== " + t.name());
            }
            Supplier<Strategy> strategy = switch (this.strategy) {
                case exhaustive -> Dpor::new;
                case naive -> DepthFirst::new;
                case bounded -> () -> new IterativeBounding(preemptions);
                case pct -> randomized::pct;
                case random -> randomized::random;
            };
            Options options = run.options().withMaxSchedules(Math.min(run.maxSchedules, t.maxSchedules()));
            JavaExplorer.Outcome o = t.explore(options, strategy, null);
            ExplorationResult r = o.result();
            if (!r.sawSharedStep() && !r.failed()) {
                spec.commandLine().getErr().println("racex: " + UserTests.nothingShared(t));
                setUpFailed = true;
                continue;
            }
            int code = output.emit(r, run.replayHint(t.argument()), out);
            if (o.thrown() != null && output.output == null && output.format == OutputOptions.Format.text) {
                out.println();
                out.println("What the failing thread threw:");
                out.print(UserTests.stack(o.thrown()));
                out.flush();
            }
            violated |= code == RacexCommand.VIOLATION;
        }
        return violated ? RacexCommand.VIOLATION : setUpFailed ? RacexCommand.BAD_INPUT : RacexCommand.OK;
    }

    /** Options shared by explore and replay. */
    static final class RunOptions {
        @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "100000",
                description = "Stop after N executions (default: ${DEFAULT-VALUE}).")
        long maxSchedules;

        @Option(names = "--max-steps", paramLabel = "N", defaultValue = "10000",
                description = "Step bound per execution; beyond it a possible livelock is reported (default: ${DEFAULT-VALUE}).")
        int maxSteps;

        @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
                description = "Directories and jars (separated by '" + "${sys:path.separator}" + "') holding a compiled test class; SCENARIO is"
                        + " then the class, whose @RacexTest methods racex explores, instrumented.")
        String classpath;

        @Option(names = "--db", paramLabel = "DB",
                description = "Database of a SQL scenario: h2 (default, in memory), postgresql, mariadb, or a JDBC URL "
                        + "(credentials from the URL or RACEX_DB_USER/RACEX_DB_PASSWORD).")
        String db;

        /** The database asked for, or null for the scenario's default. */
        io.racex.store.jdbc.Database database() {
            return db == null ? null : io.racex.store.jdbc.Database.parse(db);
        }

        /**
         * The command that replays a schedule of this run: {@code racex replay SCENARIO} with every
         * option that changes an execution's outcome ({@code --db}, never with a password;
         * {@code --max-steps} when not the default), so that the line reproduces what was found.
         */
        ReplayHint replayHint(String scenario) {
            StringBuilder c = new StringBuilder("racex replay ");
            if (classpath != null) {
                c.append("--classpath ").append(quoted(classpath)).append(' ');
            }
            c.append(quoted(scenario));
            if (db != null) {
                c.append(" --db ").append(quoted(io.racex.store.jdbc.Database.parse(db).option()));
            }
            if (maxSteps != ControlledRuntime.DEFAULT_MAX_STEPS) {
                c.append(" --max-steps ").append(maxSteps);
            }
            return ReplayHint.command(c.toString());
        }

        /** A word as a POSIX shell reads it back unchanged. */
        static String quoted(String word) {
            return word.matches("[A-Za-z0-9_:/.@=?+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
        }

        Options options() {
            return Options.defaults().withMaxSchedules(maxSchedules).withMaxSteps(maxSteps);
        }
    }
}
