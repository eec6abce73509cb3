package io.racex.cli;

import io.racex.Scenario;
import io.racex.explore.ExplorationResult;
import io.racex.explore.Explorer;
import io.racex.explore.Options;
import io.racex.runtime.Execution;
import io.racex.samples.SampleCatalog;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.SchedulingView;
import io.racex.strategy.Strategy;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code racex bench}: prints racex's speed on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure racex on this machine: throughput, executions of naive search vs DPOR, time to the first violation.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Measure each throughput figure for S seconds, after as long a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String name : new String[] {"transfer", "counter"}) {
            Throughput t = throughput(name, DepthFirst::new, seconds);
            out.println(String.format(Locale.ROOT, "%-12s %,12.0f executions/s %,12.0f steps/s", name, t.executionsPerSecond(), t.stepsPerSecond()));
            out.flush();
        }
        return RacexCommand.OK;
    }

    /** Executions and steps per second of repeated searches of one sample. */
    record Throughput(long executions, long steps, long nanos) {
        double executionsPerSecond() {
            return executions * 1e9 / nanos;
        }

        double stepsPerSecond() {
            return steps * 1e9 / nanos;
        }
    }

    /**
     * Repeats full searches of {@code sample} (runtime, strategy and checker; no minimization)
     * for {@code seconds} after a warm-up of as long, and counts executions and steps.
     */
    static Throughput throughput(String sample, Supplier<Strategy> strategy, double seconds) {
        Scenario<?> s = SampleCatalog.get(sample);
        Options options = Options.defaults().withMinimize(false);
        long budget = (long) (seconds * 1e9);
        run(s, strategy, options, budget);
        return run(s, strategy, options, budget);
    }

    private static Throughput run(Scenario<?> s, Supplier<Strategy> strategy, Options options, long budget) {
        long start = System.nanoTime();
        long executions = 0;
        long[] steps = {0};
        long now;
        do {
            Counting c = new Counting(strategy.get(), steps);
            ExplorationResult r = new Explorer(options).explore(s, c);
            executions += r.schedules();
            now = System.nanoTime();
        } while (now - start < budget);
        return new Throughput(executions, steps[0], now - start);
    }

    /** Counts the steps a strategy schedules. */
    static final class Counting implements Strategy {
        private final Strategy inner;
        private final long[] steps;

        Counting(Strategy inner, long[] steps) {
            this.inner = inner;
            this.steps = steps;
        }

        @Override
        public boolean beginExecution() {
            return inner.beginExecution();
        }

        @Override
        public int choose(SchedulingView view) {
            steps[0]++;
            return inner.choose(view);
        }

        @Override
        public void endExecution(Execution execution) {
            inner.endExecution(execution);
        }

        @Override
        public boolean complete() {
            return inner.complete();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public long seed() {
            return inner.seed();
        }
    }
}
