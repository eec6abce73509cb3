package io.racex.cli;

import io.racex.Scenario;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.JdbcStore;
import io.racex.engine.ControlledRuntime;
import io.racex.Execution;
import io.racex.Termination;
import io.racex.samples.JdbcSamples;
import io.racex.samples.SampleCatalog;
import io.racex.strategy.DepthFirst;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How fast a JDBC scenario's executions run: reset, every thread's statements under the
 * controlled scheduler, roll back; repeated over the scenario's schedules (depth-first, starting
 * again when they are exhausted) for a given time. Checking is not included: it is the same for
 * every store. For each find-and-update sample it also times one reset of the message table by
 * reload and by rebuild. Bench code, not part of racex's API:
 *
 * <pre>
 * java -cp explorer-cli/target/racex.jar io.racex.cli.JdbcBench [seconds] [db,...] [sample,...]
 * </pre>
 *
 * (defaults: 5 seconds, {@code h2,postgresql,mariadb}, {@code find-and-update}); a database that
 * does not answer is skipped with a line saying why.
 */
final class JdbcBench {
    private JdbcBench() {}

    /**
     * What one measurement gave.
     *
     * @param scenario the scenario's name
     * @param database where it ran
     * @param reset how the store returned to the initial state ({@code reload} or {@code rebuild}, with counts)
     * @param executions executions run
     * @param seconds wall time of those executions
     * @param resetMillis mean time of one reset alone, in milliseconds
     */
    record Result(String scenario, String database, String reset, long executions, double seconds, double resetMillis) {
        double executionsPerSecond() {
            return executions / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-28s %-11s %8.0f executions/s  (%d in %.1f s; reset %.2f ms by %s)", scenario, database,
                    executionsPerSecond(), executions, seconds, resetMillis, reset);
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> dbs = args.length > 1 ? List.of(args[1].split(",")) : List.of("h2", "postgresql", "mariadb");
        List<String> samples = args.length > 2 ? List.of(args[2].split(",")) : List.of("find-and-update");
        for (String sample : samples) {
            for (String d : dbs) {
                Database db = Database.parse(d);
                try {
                    Scenario<Connection> s = (Scenario<Connection>) SampleCatalog.get(sample, db);
                    System.out.println(measure(s, Duration.ofSeconds(seconds)));
                    if (sample.startsWith("find-and-update")) {
                        System.out.printf(Locale.ROOT, "  %-11s reset of the message table: reload %.2f ms, rebuild %.2f ms%n", d,
                                resetMillis(JdbcSamples.messageStoreBuilder(db), JdbcStore.Reset.RELOAD, 200),
                                resetMillis(JdbcSamples.messageStoreBuilder(db), JdbcStore.Reset.REBUILD, 200));
                    }
                } catch (RuntimeException e) {
                    System.out.println(sample + " on " + d + ": skipped: " + e.getMessage());
                }
            }
        }
    }

    /** Runs executions of {@code scenario} for about {@code duration} after a short warm-up. */
    static Result measure(Scenario<Connection> scenario, Duration duration) throws Exception {
        try (JdbcStore store = (JdbcStore) scenario.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            run(scenario, store, runtime, System.nanoTime() + Math.min(duration.toNanos() / 4, 2_000_000_000L));
            long[] before = store.resetCounts();
            long start = System.nanoTime();
            long n = run(scenario, store, runtime, start + duration.toNanos());
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] after = store.resetCounts();
            long reloads = after[0] - before[0];
            long rebuilds = after[1] - before[1];
            String how = (reloads >= rebuilds ? "reload" : "rebuild") + " (" + reloads + " reloads, " + rebuilds + " rebuilds)";
            int k = 200;
            long r0 = System.nanoTime();
            for (int i = 0; i < k; i++) {
                store.reset();
            }
            double resetMillis = (System.nanoTime() - r0) / 1e6 / k;
            return new Result(scenario.name(), store.database().kind(), how, n, seconds, resetMillis);
        }
    }

    /** Mean milliseconds of one {@link JdbcStore#reset()} of the store {@code builder} makes with {@code mode}, after a warm-up. */
    static double resetMillis(JdbcStore.Builder builder, JdbcStore.Reset mode, int times) throws Exception {
        try (JdbcStore store = builder.reset(mode).build()) {
            for (int i = 0; i < Math.max(10, times / 5); i++) {
                store.reset();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < times; i++) {
                store.reset();
            }
            return (System.nanoTime() - t0) / 1e6 / times;
        }
    }

    private static long run(Scenario<Connection> scenario, JdbcStore store, ControlledRuntime runtime, long until) {
        long n = 0;
        DepthFirst strategy = new DepthFirst();
        while (System.nanoTime() < until) {
            if (!strategy.beginExecution()) {
                strategy = new DepthFirst();
                strategy.beginExecution();
            }
            Execution e = runtime.run(scenario, store, strategy);
            strategy.endExecution(e);
            if (e.termination() == Termination.TIMEOUT) {
                throw new IllegalStateException("an execution timed out: " + e.detail());
            }
            n++;
        }
        return n;
    }
}
