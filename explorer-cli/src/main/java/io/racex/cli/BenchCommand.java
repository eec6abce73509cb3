package io.racex.cli;

import io.racex.RacexException;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.engine.ParallelExplorer;
import io.racex.engine.Shard;
import io.racex.Execution;
import io.racex.samples.SampleCatalog;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.RandomWalk;
import io.racex.SchedulingView;
import io.racex.strategy.ForwardingStrategy;
import io.racex.Strategy;
import java.io.PrintWriter;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code racex bench}: racex's speed on this machine, printed, never asserted. Four tables:
 * throughput of repeated searches in memory (and on H2), the rate of parallel exhaustive search
 * with one worker and with more (then one row: the live heap a long exhaustive search holds),
 * executions of naive depth-first search against DPOR, and the time to the first violation against
 * a rival tool (Lincheck's model checker) in the same JVM, both warm. A sample or rival missing
 * from this build is skipped with a note. The rival is found with {@link ServiceLoader}; racex.jar ships none, the {@code bench}
 * Maven profile runs this command on the test classpath, where Lincheck is:
 * {@code mvn -B -q -Pbench -pl explorer-cli -am verify -DskipTests}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = HistoryBenchCommand.class,
        description = {"Measure racex on this machine: executions/s and steps/s (plain Java classes beside the same scenarios in memory), "
                + "Fray's workload as a test body, exhaustive search with --workers 1 vs 2, "
                + "executions of naive search vs DPOR, and time to the first violation against Lincheck's model checker (when on the classpath).",
                "Full run with Lincheck: mvn -B -q -Pbench -pl explorer-cli -am verify -DskipTests"})
final class BenchCommand implements Callable<Integer> {
    /** transfer and counter run the plain Java classes through the instrumenting loader; -memory the same in MemoryStore cells. */
    static final List<String> THROUGHPUT = List.of("transfer-memory", "transfer", "counter-memory", "counter", "lastzero-5",
            "find-and-update");
    /** Fray's benchmark workload as a test body, and Fray 0.9.2's executions/s on it (POS, median, this machine class). */
    static final Map<String, Double> FRAY_WORKLOAD = Map.of("locked-counter-2", 387.0, "locked-counter-8", 144.0);
    static final List<String> FIRST_VIOLATION = List.of("transfer", "append");
    static final List<String> PARALLEL = List.of("lastzero-6", "lastzero-10");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3",
            description = "Measure each throughput figure for S seconds, after as long a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--naive-limit", paramLabel = "N", defaultValue = "100000",
            description = "Stop a naive search after N executions and report it as more than N (default: ${DEFAULT-VALUE}).")
    long naiveLimit;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "7",
            description = "Time each first violation K times once warm and report the median (default: ${DEFAULT-VALUE}).")
    int repeat;

    /** Another tool timed on the same seed bugs, found on the classpath. */
    interface Rival {
        String name();

        /** Whether it has the operations of {@code sample}. */
        boolean supports(String sample);

        /** Checks {@code sample} once; returns the first line of its failure report, or null if it found nothing. */
        String findBug(String sample) throws Exception;
    }

    @Override
    public Integer call() {
        if (seconds <= 0 || repeat < 1) {
            throw new RacexException("--seconds must be positive and --repeat at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "racex %s bench on Java %s, %s %s, cores available: %d%n%n", Racex.version(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                java.lang.Runtime.getRuntime().availableProcessors());
        throughputTable(out);
        frayTable(out);
        parallelTable(out);
        memoryRow(out);
        searchTable(out);
        firstViolationTable(out);
        out.flush();
        return RacexCommand.OK;
    }

    // ---- throughput ----

    private void throughputTable(PrintWriter out) {
        out.printf(Locale.ROOT, "Throughput in executions/s and steps/s (runtime, strategy and checker; no minimization), "
                + "one search at a time,%n%.0f s measured after a warm-up of %.0f s (20 s on a database):%n"
                + "  sustained: one long random-walk search, so the rate of executions themselves;%n"
                + "  complete DPOR: complete %s searches repeated, each with its own store, checker and report%n",
                seconds, Math.max(seconds, 5), exhaustiveName());
        out.printf(Locale.ROOT, "  %-16s %14s %14s %10s %16s %12s%n", "sample", "sustained ex/s", "steps/s", "steps/exec",
                "complete DPOR ex/s", "searches/s");
        Map<String, Double> sustainedRate = new HashMap<>();
        for (String name : THROUGHPUT) {
            Scenario<?> s = sample(name);
            if (s == null) {
                out.printf(Locale.ROOT, "  %-16s skipped: no sample named %s in this build%n", name, name);
                continue;
            }
            try {
                // a database's JIT warm-up (H2's parser and planner) takes far longer than racex's
                double warmup = name.equals("find-and-update") ? Math.max(seconds, 20) : Math.max(seconds, 5);
                Throughput walk = sustained(s, warmup, seconds);
                Throughput dpor = repeated(s, BenchCommand::exhaustive, 2, seconds);
                out.printf(Locale.ROOT, "  %-16s %,14.0f %,14.0f %10.1f %,16.0f %,12.0f%n", name, walk.executionsPerSecond(),
                        walk.stepsPerSecond(), (double) walk.steps() / walk.executions(), dpor.executionsPerSecond(),
                        dpor.searches() * 1e9 / dpor.nanos());
                sustainedRate.put(name, walk.executionsPerSecond());
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "  %-16s skipped: %s%n", name, RacexCommand.firstLine(e.getMessage()));
            }
            out.flush();
        }
        for (String name : THROUGHPUT) {
            Double real = sustainedRate.get(name);
            Double memory = sustainedRate.get(name + "-memory");
            if (real != null && memory != null) {
                out.printf(Locale.ROOT, "  %-16s instrumented Java at %.2f of the MemoryStore rate (sustained executions/s)%n", name,
                        real / memory);
            }
        }
        out.println();
    }

    // ---- Fray's workload ----

    /**
     * Fray's benchmark shape as a test body that starts and joins its threads ({@code
     * locked-counter-N}: N threads each {@code lock(); count++; unlock()} on a ReentrantLock), the
     * code instrumented: executions/s of a random walk and of DPOR (its N! traces, cut off at the
     * deadline), beside Fray 0.9.2's measured rate.
     */
    private void frayTable(PrintWriter out) {
        out.printf(Locale.ROOT, "Fray's workload as a test body (N threads lock(); count++; unlock(), started and joined), instrumented,%n"
                + "%.0f s measured after a warm-up of %.0f s; Fray 0.9.2 on this machine class: POS, median, loaded machine%n",
                seconds, Math.max(seconds, 5));
        out.printf(Locale.ROOT, "  %-18s %14s %10s %14s %14s %10s%n", "sample", "random ex/s", "steps/exec", "DPOR ex/s", "Fray ex/s",
                "vs Fray");
        for (String name : List.of("locked-counter-2", "locked-counter-8")) {
            Scenario<?> s = sample(name);
            if (s == null) {
                out.printf(Locale.ROOT, "  %-18s skipped: no sample named %s in this build%n", name, name);
                continue;
            }
            try {
                Throughput walk = sustained(s, Math.max(seconds, 5), seconds);
                Throughput dpor = timeBoxed(s, BenchCommand::exhaustive, Math.max(seconds, 5), seconds);
                double fray = FRAY_WORKLOAD.get(name);
                out.printf(Locale.ROOT, "  %-18s %,14.0f %10.1f %,14.0f %,14.0f %9.1fx%n", name, walk.executionsPerSecond(),
                        (double) walk.steps() / walk.executions(), dpor.executionsPerSecond(), fray, walk.executionsPerSecond() / fray);
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "  %-18s skipped: %s%n", name, RacexCommand.firstLine(e.getMessage()));
            }
            out.flush();
        }
        out.println();
    }

    /** Searches of {@code s} repeated, each cut off at the deadline, for {@code seconds} after {@code warmup} seconds of the same. */
    static Throughput timeBoxed(Scenario<?> s, Supplier<Strategy> strategy, double warmup, double seconds) {
        Options options = Options.defaults().withMinimize(false);
        Throughput last = null;
        for (double d : new double[] {warmup, seconds}) {
            long start = System.nanoTime();
            long deadline = start + (long) (d * 1e9);
            long executions = 0;
            long searches = 0;
            long[] steps = {0};
            do {
                executions += new Explorer(options).explore(s, new Counting(strategy.get(), steps, deadline)).schedules();
                searches++;
            } while (System.nanoTime() - deadline < 0);
            last = new Throughput(executions, steps[0], searches, System.nanoTime() - start);
        }
        return last;
    }

    /** Executions, steps and searches over a measured time. */
    record Throughput(long executions, long steps, long searches, long nanos) {
        double executionsPerSecond() {
            return executions * 1e9 / nanos;
        }

        double stepsPerSecond() {
            return steps * 1e9 / nanos;
        }
    }

    /** One random-walk search of {@code s} cut off after {@code seconds}, after {@code warmup} seconds of the same. */
    static Throughput sustained(Scenario<?> s, double warmup, double seconds) {
        Options options = Options.defaults().withMinimize(false).withMaxSchedules(Long.MAX_VALUE);
        for (double d : new double[] {warmup, seconds}) {
            long[] steps = {0};
            long start = System.nanoTime();
            Counting walk = new Counting(new RandomWalk(Long.MAX_VALUE, 1), steps, start + (long) (d * 1e9));
            ExplorationResult r = new Explorer(options).explore(s, walk);
            if (d == seconds) {
                return new Throughput(r.schedules(), steps[0], 1, System.nanoTime() - start);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Repeats complete searches of {@code s} (runtime, strategy and checker; no minimization) for
     * {@code seconds} after {@code warmup} seconds of the same, and counts executions and steps.
     */
    static Throughput repeated(Scenario<?> s, Supplier<Strategy> strategy, double warmup, double seconds) {
        Options options = Options.defaults().withMinimize(false);
        measure(s, strategy, options, (long) (warmup * 1e9));
        return measure(s, strategy, options, (long) (seconds * 1e9));
    }

    private static Throughput measure(Scenario<?> s, Supplier<Strategy> strategy, Options options, long budget) {
        long start = System.nanoTime();
        long executions = 0;
        long searches = 0;
        long[] steps = {0};
        long now;
        do {
            ExplorationResult r = new Explorer(options).explore(s, new Counting(strategy.get(), steps, Long.MAX_VALUE));
            executions += r.schedules();
            searches++;
            now = System.nanoTime();
        } while (now - start < budget);
        return new Throughput(executions, steps[0], searches, now - start);
    }

    // ---- workers ----

    /**
     * Complete exhaustive searches repeated with one worker and with two (and with one per core on
     * a bigger machine), as {@code racex explore NAME --workers N} runs them. Each configuration is
     * warmed up on its own first: with every core busy exploring, the JIT compiler gets less of the
     * machine, so the parallel code takes longer to reach full speed (a fresh JVM's first second or
     * two of a parallel search is slower; short searches on the command line hardly gain).
     */
    private void parallelTable(PrintWriter out) {
        int cores = java.lang.Runtime.getRuntime().availableProcessors();
        List<Integer> counts = cores > 2 ? List.of(1, 2, cores) : List.of(1, 2);
        double warmup = Math.max(seconds, 8);
        out.printf(Locale.ROOT, "Parallel %s search (--workers N): complete searches repeated, executions/s,%n"
                + "%.0f s measured after a warm-up of %.0f s per setting; the same executions and verdict for every N%n",
                exhaustiveName(), seconds * 2, warmup);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-16s %10s", "sample", "executions"));
        for (int w : counts) {
            head.append(String.format(Locale.ROOT, " %14s", "workers " + w));
        }
        for (int w : counts.subList(1, counts.size())) {
            head.append(String.format(Locale.ROOT, " %10s", w + " vs 1"));
        }
        out.println(head);
        for (String name : PARALLEL) {
            Scenario<?> s = sample(name);
            if (s == null) {
                out.printf(Locale.ROOT, "  %-16s skipped: no sample named %s in this build%n", name, name);
                continue;
            }
            try {
                double[] rate = new double[counts.size()];
                long[] executions = new long[counts.size()];
                long[] nanos = new long[counts.size()];
                long perSearch = 0;
                for (int i = 0; i < counts.size(); i++) {
                    searches(s, counts.get(i), (long) (warmup * 1e9));
                }
                // measured in two rounds, alternating, so a passing disturbance weighs on every setting
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < counts.size(); i++) {
                        long[] r = searches(s, counts.get(i), (long) (seconds * 1e9));
                        executions[i] += r[0];
                        nanos[i] += r[1];
                        perSearch = r[2];
                    }
                }
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-16s %,10d", name, perSearch));
                for (int i = 0; i < counts.size(); i++) {
                    rate[i] = executions[i] * 1e9 / nanos[i];
                    row.append(String.format(Locale.ROOT, " %,14.0f", rate[i]));
                }
                for (int i = 1; i < counts.size(); i++) {
                    row.append(String.format(Locale.ROOT, " %9.2fx", rate[i] / rate[0]));
                }
                out.println(row);
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "  %-16s skipped: %s%n", name, RacexCommand.firstLine(e.getMessage()));
            }
            out.flush();
        }
        out.println();
    }

    /** Complete exhaustive searches of {@code s} with {@code workers} for {@code budget} ns: {executions, nanos, executions of one search}. */
    private static long[] searches(Scenario<?> s, int workers, long budget) {
        Options options = Options.defaults().withMinimize(false);
        long start = System.nanoTime();
        long executions = 0;
        long one = 0;
        long now;
        do {
            ExplorationResult r = workers == 1
                    ? new Explorer(options).explore(s, new Dpor())
                    : new ParallelExplorer(options, workers, Shard.ALL).explore(s, Dpor::new);
            one = r.schedules();
            executions += one;
            now = System.nanoTime();
        } while (now - start < budget);
        return new long[] {executions, now - start, one};
    }

    // ---- memory ----

    /**
     * The live heap a long exhaustive search holds: {@code lastzero-20} stopped by
     * {@code --max-schedules}, measured after {@code System.gc()} while the stopped search is still
     * reachable, less the heap before it. That is the current branch and the sequences still to
     * explore (see {@link Dpor}), not the executions run.
     */
    private void memoryRow(PrintWriter out) {
        String name = "lastzero-20";
        long executions = 20_000;
        out.printf(Locale.ROOT, "Memory of a long %s search: live heap it holds when stopped by --max-schedules%n", exhaustiveName());
        Scenario<?> s = sample(name);
        if (s == null) {
            out.printf(Locale.ROOT, "  %-16s skipped: no sample named %s in this build%n%n", name, name);
            return;
        }
        long before = liveHeap();
        Dpor dpor = new Dpor();
        long start = System.nanoTime();
        ExplorationResult r = new Explorer(Options.defaults().withMinimize(false).withMaxSchedules(executions)).explore(s, dpor);
        long nanos = System.nanoTime() - start;
        long held = liveHeap() - before;
        Reference.reachabilityFence(dpor);
        out.printf(Locale.ROOT, "  %-16s %,10d executions in %.1f s, then %.1f MB live heap held by the search%n%n", name,
                r.schedules(), nanos / 1e9, held / 1e6);
        out.flush();
    }

    private static long liveHeap() {
        java.lang.Runtime rt = java.lang.Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---- naive vs DPOR ----

    private void searchTable(PrintWriter out) {
        out.println("Executions of a complete search: naive depth-first (every interleaving) vs " + exhaustiveName());
        out.printf(Locale.ROOT, "  %-16s %12s %12s %8s %10s %10s%n", "sample", "naive", exhaustiveName(), "ratio", "naive ms", "dpor ms");
        for (String name : THROUGHPUT) {
            Scenario<?> s = sample(name);
            if (s == null) {
                out.printf(Locale.ROOT, "  %-16s skipped: no sample named %s in this build%n", name, name);
                continue;
            }
            Options options = Options.defaults().withMinimize(false).withMaxSchedules(naiveLimit);
            try {
                ExplorationResult naive = new Explorer(options).explore(s, new DepthFirst());
                String naiveCount = (naive.complete() ? "" : ">") + String.format(Locale.ROOT, "%,d", naive.schedules());
                ExplorationResult reduced = new Explorer(Options.defaults().withMinimize(false)).explore(s, new Dpor());
                out.printf(Locale.ROOT, "  %-16s %12s %,12d %7s%s %10.0f %10.0f%n", name, naiveCount, reduced.schedules(),
                        (naive.complete() ? "" : ">") + String.format(Locale.ROOT, "%.1f", (double) naive.schedules() / reduced.schedules()),
                        "x", naive.elapsedNanos() / 1e6, reduced.elapsedNanos() / 1e6);
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "  %-16s skipped: %s%n", name, RacexCommand.firstLine(e.getMessage()));
            }
            out.flush();
        }
        out.printf(Locale.ROOT, "  (>N: the naive search was stopped after --naive-limit %,d executions; the ratio is then a lower bound)%n", naiveLimit);
        out.println();
    }

    // ---- time to first violation ----

    private void firstViolationTable(PrintWriter out) {
        List<Rival> rivals = new ArrayList<>();
        for (Rival r : ServiceLoader.load(Rival.class, BenchCommand.class.getClassLoader())) {
            rivals.add(r);
        }
        out.printf(Locale.ROOT, "Time to the first violation, same JVM, both warm, median of %d runs%n", repeat);
        out.println("  racex: default exploration (" + exhaustiveName() + "), stopping at the first violation, minimized and classified");
        for (Rival r : rivals) {
            out.println("  " + r.name() + ": the same two operations in parallel, then one reading the final state");
        }
        if (rivals.isEmpty()) {
            out.println("  (no rival on the classpath: racex.jar ships none; run the bench profile for Lincheck:"
                    + " mvn -B -q -Pbench -pl explorer-cli -am verify -DskipTests)");
        }
        for (String name : FIRST_VIOLATION) {
            Scenario<?> s = sample(name);
            if (s == null) {
                out.printf(Locale.ROOT, "  %-10s skipped: no sample named %s in this build%n", name, name);
                continue;
            }
            Options options = Options.defaults().withStopAtFirstViolation(true);
            String[] found = new String[1];
            double racex = medianMillis(() -> {
                ExplorationResult r = new Explorer(options).explore(s, exhaustive());
                Counterexample c = r.counterexample().orElseThrow(() -> new IllegalStateException("racex found no violation in " + name));
                found[0] = c.anomaly().map(a -> a.name()).orElse(c.violation().kind().id()) + ", " + c.preemptions()
                        + " preemption(s), " + c.token();
            });
            out.printf(Locale.ROOT, "  %-10s racex     %10.3f ms   reports: %s%n", name, racex, found[0]);
            for (Rival rival : rivals) {
                if (!rival.supports(name)) {
                    out.printf(Locale.ROOT, "  %-10s %s: skipped (no such operations)%n", name, rival.name());
                    continue;
                }
                try {
                    String[] report = new String[1];
                    double ms = medianMillis(() -> {
                        report[0] = rival.findBug(name);
                        if (report[0] == null) {
                            throw new IllegalStateException(rival.name() + " found no violation in " + name);
                        }
                    });
                    out.printf(Locale.ROOT, "  %-10s %-9s %10.3f ms   reports: %s%n", name, shortName(rival), ms, report[0]);
                    out.printf(Locale.ROOT, "  %-10s ratio     %10.0fx  (%s / racex)%n", name, ms / racex, shortName(rival));
                } catch (Throwable e) {
                    out.printf(Locale.ROOT, "  %-10s %s: skipped (%s)%n", name, rival.name(), RacexCommand.firstLine(String.valueOf(e)));
                }
            }
            out.flush();
        }
    }

    private static String shortName(Rival r) {
        String n = r.name();
        int sp = n.indexOf(' ');
        return sp < 0 ? n : n.substring(0, sp);
    }

    interface Task {
        void run() throws Exception;
    }

    /**
     * Warms {@code task} up (at least 3 runs and 3 s: the JIT compiles racex's and the rival's code
     * alike), then runs it {@code repeat} times; the median in ms.
     */
    private double medianMillis(Task task) {
        try {
            long warm = System.nanoTime();
            int runs = 0;
            do {
                task.run();
                runs++;
            } while (runs < 3 || System.nanoTime() - warm < 3_000_000_000L);
            double[] ms = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                task.run();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return ms[repeat / 2];
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- strategies and samples ----

    /** The strategy of {@code racex explore --strategy exhaustive}: optimal DPOR. */
    static Strategy exhaustive() {
        return new Dpor();
    }

    static String exhaustiveName() {
        return "DPOR";
    }

    private static Scenario<?> sample(String name) {
        return SampleCatalog.contains(name) ? SampleCatalog.get(name) : null;
    }

    /** Counts the steps a strategy schedules, and ends its search at a deadline. */
    static final class Counting extends ForwardingStrategy {
        private final long[] steps;
        private final long deadline;

        Counting(Strategy inner, long[] steps, long deadlineNanos) {
            super(inner);
            this.steps = steps;
            this.deadline = deadlineNanos;
        }

        @Override
        public boolean beginExecution() {
            return (deadline == Long.MAX_VALUE || System.nanoTime() - deadline < 0) && inner.beginExecution();
        }

        @Override
        public int choose(SchedulingView view) {
            steps[0]++;
            return inner.choose(view);
        }

        /** A throughput measure runs on past violations (a sampling strategy would stop at the first). */
        @Override
        public AfterViolation violationFound(Execution execution) {
            inner.violationFound(execution);
            return AfterViolation.GO_ON;
        }
    }
}
