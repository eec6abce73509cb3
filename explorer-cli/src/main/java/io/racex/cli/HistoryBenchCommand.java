package io.racex.cli;

import io.racex.Racex;
import io.racex.RacexException;
import io.racex.history.CheckResult;
import io.racex.history.History;
import io.racex.history.HistoryReader;
import io.racex.history.Linearizability;
import io.racex.history.Model;
import io.racex.history.Models;
import io.racex.history.PartResult;
import io.racex.history.Verdict;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code racex bench histories}: the history checker on the Jepsen etcd logs and the key-value
 * histories Porcupine is measured on, beside Porcupine's figures on the same class of machine.
 * Each figure is reading the file(s) and checking them, in this JVM: the first pass (the JIT
 * compiler not yet warm, as on the command line minus the JVM's start) and, after a warm-up, the
 * median of several passes.
 */
@Command(name = "histories", mixinStandardHelpOptions = true,
        description = "Measure racex check-history on the Jepsen etcd logs and the kv histories (Porcupine's test data), beside Porcupine's figures.")
final class HistoryBenchCommand implements Callable<Integer> {
    /** Porcupine (Go) on this class of machine, from the histories issue. */
    static final String PORCUPINE_ETCD = "0.70 s total, slowest 0.36 s";
    static final String PORCUPINE_C50 = "0.26 s split by key";
    static final String PORCUPINE_C10_WHOLE = "2.3-2.9 s whole";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder with jepsen-etcd/ and kv/ (default: ../shared/histories, else core/src/test/resources/histories).")
    Path dir;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "9", description = "Warm passes; the median is shown (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "5", description = "Seconds of warm-up before the warm passes (default: ${DEFAULT-VALUE}).")
    double warmup;

    /** One row: a set of files checked with one setting. */
    record Row(String label, List<Path> files, boolean split, String porcupine) {}

    /** Times of one pass over a row: total and per file, with the verdicts. */
    record Pass(long total, long[] perFile, List<Verdict> verdicts, int operations, long configurations, long bytes) {}

    @Override
    public Integer call() {
        if (repeat < 1 || warmup < 0) {
            throw new RacexException("--repeat must be at least 1 and --warmup not negative");
        }
        Path root = dir != null ? dir : Stream.of(Path.of("../shared/histories"), Path.of("core/src/test/resources/histories"))
                .filter(p -> Files.isDirectory(p.resolve("kv"))).findFirst().orElse(null);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "racex %s bench histories on Java %s, %s %s, cores available: %d%n", Racex.version(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
        if (root == null || !Files.isDirectory(root.resolve("kv")) || !Files.isDirectory(root.resolve("jepsen-etcd"))) {
            out.println("  skipped: no histories found (give --dir, a folder with jepsen-etcd/ and kv/)");
            out.flush();
            return RacexCommand.OK;
        }
        List<Row> rows = rows(root);
        out.printf(Locale.ROOT, "Reading and checking, in this JVM: first = the first pass (JIT cold); warm = median of %d passes after %.0f s of warm-up;%n"
                + "slowest = the slowest file of the set, warm. Porcupine (Go) on this class of machine, from the issue, for comparison.%n", repeat, warmup);
        out.printf(Locale.ROOT, "  %-24s %5s %6s %-22s %10s %10s %-22s %s%n", "set", "files", "ops", "verdicts", "first", "warm", "slowest (warm)", "Porcupine");
        resetPeaks();
        List<Pass> first = new ArrayList<>();
        for (Row r : rows) {
            first.add(pass(r));
        }
        long end = System.nanoTime() + (long) (warmup * 1e9);
        do {
            for (Row r : rows) {
                pass(r);
            }
        } while (System.nanoTime() - end < 0);
        long largestBytes = 0;
        long largestConfigs = 0;
        String largest = "";
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            long[] totals = new long[repeat];
            long[][] perFile = new long[repeat][];
            Pass p = null;
            for (int k = 0; k < repeat; k++) {
                p = pass(r);
                totals[k] = p.total();
                perFile[k] = p.perFile();
            }
            long[] sorted = totals.clone();
            Arrays.sort(sorted);
            long median = sorted[repeat / 2];
            int slowFile = 0;
            long slow = 0;
            for (int f = 0; f < r.files().size(); f++) {
                long[] times = new long[repeat];
                for (int k = 0; k < repeat; k++) {
                    times[k] = perFile[k][f];
                }
                Arrays.sort(times);
                if (times[repeat / 2] > slow) {
                    slow = times[repeat / 2];
                    slowFile = f;
                }
            }
            if (p.bytes() > largestBytes) {
                largestBytes = p.bytes();
                largestConfigs = p.configurations();
                largest = r.label();
            }
            String slowest = r.files().size() > 1 ? ms(slow) + " " + r.files().get(slowFile).getFileName().toString().replace(".log", "") : "";
            out.printf(Locale.ROOT, "  %-24s %5d %,6d %-22s %10s %10s %-22s %s%n", r.label(), r.files().size(), p.operations(), verdicts(p.verdicts()),
                    ms(first.get(i).total()), ms(median), slowest, r.porcupine());
            out.flush();
        }
        out.printf(Locale.ROOT, "Peak memory: the largest search (%s) held %,d configurations in %.1f MB of tables; the JVM's heap in use peaked "
                + "at %.0f MB%n(it collects lazily: the whole bench also runs in -Xmx32m).%n", largest, largestConfigs, largestBytes / 1e6, peakHeap() / 1e6);
        out.flush();
        return RacexCommand.OK;
    }

    private static List<Row> rows(Path root) {
        List<Path> etcd;
        try (Stream<Path> s = Files.list(root.resolve("jepsen-etcd"))) {
            etcd = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new RacexException("cannot list " + root.resolve("jepsen-etcd") + ": " + e.getMessage());
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("jepsen etcd (register)", etcd, true, PORCUPINE_ETCD));
        for (String c : List.of("c01", "c10", "c50")) {
            for (String v : List.of("ok", "bad")) {
                Path f = root.resolve("kv/" + c + "-" + v + ".txt");
                if (!Files.exists(f)) {
                    continue;
                }
                rows.add(new Row("kv " + c + "-" + v + " split by key", List.of(f), true, c.equals("c50") && v.equals("ok") ? PORCUPINE_C50 : ""));
                if (!c.equals("c50")) { // whole, c50 is beyond any checker's reach (millions of configurations)
                    rows.add(new Row("kv " + c + "-" + v + " whole", List.of(f), false, c.equals("c10") && v.equals("ok") ? PORCUPINE_C10_WHOLE : ""));
                }
            }
        }
        return rows;
    }

    private static Pass pass(Row r) {
        long[] perFile = new long[r.files().size()];
        List<Verdict> verdicts = new ArrayList<>();
        int ops = 0;
        long configs = 0;
        long bytes = 0;
        long start = System.nanoTime();
        for (int f = 0; f < perFile.length; f++) {
            long t0 = System.nanoTime();
            History h = HistoryReader.read(r.files().get(f));
            Model<?> m = r.label().startsWith("kv") ? Models.kv() : Models.register();
            CheckResult c = Linearizability.check(h, m, Linearizability.Options.defaults().withSplit(r.split()));
            perFile[f] = System.nanoTime() - t0;
            verdicts.add(c.verdict());
            ops += h.size();
            configs = Math.max(configs, c.configurations());
            bytes = Math.max(bytes, c.parts().stream().mapToLong(PartResult::bytes).sum());
        }
        return new Pass(System.nanoTime() - start, perFile, verdicts, ops, configs, bytes);
    }

    private static String verdicts(List<Verdict> vs) {
        long lin = vs.stream().filter(v -> v == Verdict.LINEARIZABLE).count();
        long not = vs.stream().filter(v -> v == Verdict.NOT_LINEARIZABLE).count();
        long other = vs.size() - lin - not;
        if (vs.size() == 1) {
            return vs.get(0).id();
        }
        return lin + " lin, " + not + " not" + (other > 0 ? ", " + other + " unknown" : "");
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, nanos >= 100_000_000 ? "%.0f ms" : "%.1f ms", nanos / 1e6);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
