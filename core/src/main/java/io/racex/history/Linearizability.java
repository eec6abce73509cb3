package io.racex.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a recorded history for linearizability against a {@link Model}: Wing and Gong's search
 * with Lowe's memoization, one search per part when the model splits the history
 * (P-compositionality), the parts on a few threads at once.
 *
 * <p>The parts are searched in rounds with a doubling budget of configurations, so one hard part
 * cannot hold back the others: by default the check stops at the first part found not
 * linearizable (the history's verdict is then known) and the unfinished parts are
 * {@link Verdict#NOT_CHECKED}. Which parts finish depends only on the budgets, not on timing, so
 * the same history gives the same report.
 *
 * <pre>{@code
 * History h = HistoryReader.read(Path.of("etcd_000.log"));
 * CheckResult r = Linearizability.check(h, Models.register());
 * if (!r.linearizable()) System.out.print(HistoryReport.text(r));
 * }</pre>
 */
public final class Linearizability {
    /** Configurations each unfinished part may enter in the first round; doubled every round. */
    private static final long FIRST_BUDGET = 1 << 8;
    /** Rounds with at most this budget run on the calling thread. */
    private static final long INLINE_BUDGET = 1 << 14;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "racex-history-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /**
     * How to check.
     *
     * @param split whether to split the history into the model's parts (P-compositionality); off, the whole history is one search
     * @param allParts whether to search every part to the end even after one is found not linearizable
     * @param threads how many parts to search at once
     * @param timeout when to give up; unfinished parts are then {@link Verdict#UNKNOWN}
     */
    public record Options(boolean split, boolean allParts, int threads, Duration timeout) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            Objects.requireNonNull(timeout, "timeout");
        }

        /** Split by the model, stop at the first violation, one thread per core, 60 seconds. */
        public static Options defaults() {
            return new Options(true, false, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(60));
        }

        public Options withSplit(boolean s) {
            return new Options(s, allParts, threads, timeout);
        }

        public Options withAllParts(boolean a) {
            return new Options(split, a, threads, timeout);
        }

        public Options withThreads(int t) {
            return new Options(split, allParts, t, timeout);
        }

        public Options withTimeout(Duration t) {
            return new Options(split, allParts, threads, t);
        }
    }

    private Linearizability() {}

    /** Checks {@code history} against {@code model} with the {@linkplain Options#defaults() default options}. */
    public static CheckResult check(History history, Model<?> model) {
        return check(history, model, Options.defaults());
    }

    /**
     * Checks {@code history} against {@code model}.
     *
     * @throws HistoryException when an operation is one the model does not know, or the model fails
     */
    public static CheckResult check(History history, Model<?> model, Options options) {
        return run(history, model, options);
    }

    /** One part's search, kept between rounds. */
    private static final class Part<S> {
        final Object key;
        final List<Operation> ops;
        final boolean[] searched;
        final StateTable<S> table;
        final Search search;
        long nanos;
        Search.End end;

        Part(History history, Model<S> model, Object key, List<Operation> ops, long deadline, AtomicBoolean stop) {
            this.key = key;
            this.ops = ops;
            int m = ops.size();
            searched = new boolean[m];
            boolean[] readOnly = new boolean[m];
            for (int i = 0; i < m; i++) {
                Operation op = ops.get(i);
                boolean ro = model.readOnly(op);
                readOnly[i] = ro;
                // a pending operation that changes nothing constrains nothing
                searched[i] = !(op.pending() && ro);
            }
            table = new StateTable<>(model, ops, history.source());
            search = new Search(ops, searched, readOnly, table, deadline, stop);
        }

        void run(long budget) {
            long t0 = System.nanoTime();
            Search.End e = search.run(budget);
            nanos += System.nanoTime() - t0;
            if (e != Search.End.STOPPED || !search.paused()) {
                end = e;
            }
        }
    }

    private static <S> CheckResult run(History history, Model<S> model, Options options) {
        long start = System.nanoTime();
        for (Operation op : history.operations()) {
            try {
                model.validate(op);
            } catch (IllegalArgumentException e) {
                throw new HistoryException(history.source(), op.line(), e.getMessage());
            }
        }
        List<Map.Entry<Object, List<Operation>>> split = partition(history, model, options.split());
        long deadline = start + Math.min(options.timeout().toNanos(), Long.MAX_VALUE / 4);
        AtomicBoolean stop = new AtomicBoolean();
        List<Part<S>> parts = new ArrayList<>(split.size());
        for (Map.Entry<Object, List<Operation>> e : split) {
            parts.add(new Part<>(history, model, e.getKey(), e.getValue(), deadline, stop));
        }
        // biggest parts first in each round, so the last part to finish a round is a small one
        List<Part<S>> open = new ArrayList<>(parts);
        open.sort(Comparator.comparingInt((Part<S> p) -> -p.ops.size()));
        long budget = FIRST_BUDGET;
        boolean violation = false;
        while (!open.isEmpty()) {
            runRound(open, budget, options.threads(), !options.allParts(), history, stop);
            List<Part<S>> still = new ArrayList<>();
            for (Part<S> p : open) {
                if (p.end == null) {
                    still.add(p);
                } else if (p.end == Search.End.NOT_LINEARIZABLE) {
                    violation = true;
                }
            }
            open = still;
            if (violation && !options.allParts()) {
                break;
            }
            budget = budget >= Long.MAX_VALUE / 4 ? budget : budget * 2;
        }
        List<PartResult> results = new ArrayList<>(parts.size());
        Verdict verdict = Verdict.LINEARIZABLE;
        for (Part<S> p : parts) {
            PartResult r = result(model, p, options.split());
            results.add(r);
            if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
                verdict = Verdict.NOT_LINEARIZABLE;
            } else if (r.verdict() == Verdict.UNKNOWN && verdict == Verdict.LINEARIZABLE) {
                verdict = Verdict.UNKNOWN;
            }
        }
        return new CheckResult(history, model, options.split() && parts.size() > 1, verdict, results, System.nanoTime() - start);
    }

    /**
     * Runs every part of {@code open} for up to {@code budget} more configurations, on up to
     * {@code threads} threads. Small rounds run on this thread, in order, and stop at a part found
     * not linearizable when {@code firstOnly} (still the same parts on every run).
     */
    private static <S> void runRound(List<Part<S>> open, long budget, int threads, boolean firstOnly, History history, AtomicBoolean stop) {
        // small rounds on this thread: handing parts to other threads costs more than it saves
        int helpers = budget <= INLINE_BUDGET ? 0 : Math.min(threads, open.size()) - 1;
        boolean inline = helpers == 0;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int k = next.getAndIncrement(); k < open.size(); k = next.getAndIncrement()) {
                Part<S> p = open.get(k);
                try {
                    p.run(budget);
                } catch (RuntimeException | Error e) {
                    stop.set(true);
                    throw e;
                }
                if (inline && firstOnly && p.end == Search.End.NOT_LINEARIZABLE) {
                    return;
                }
            }
        };
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            futures.add(POOL.submit(worker));
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
                if (failure == null) {
                    failure = new IllegalStateException("interrupted while checking " + history.source());
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** The parts in order of their keys (natural order when the keys are all strings or all numbers, else first appearance). */
    static List<Map.Entry<Object, List<Operation>>> partition(History history, Model<?> model, boolean split) {
        Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : history.operations()) {
            Object key = split ? model.part(op) : "";
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
        }
        if (byKey.isEmpty()) {
            byKey.put("", List.of());
        }
        List<Map.Entry<Object, List<Operation>>> parts = new ArrayList<>(byKey.entrySet());
        boolean strings = parts.stream().allMatch(e -> e.getKey() instanceof String);
        boolean longs = parts.stream().allMatch(e -> e.getKey() instanceof Long);
        if (strings) {
            parts.sort(Comparator.comparing(e -> (String) e.getKey()));
        } else if (longs) {
            parts.sort(Comparator.comparing(e -> (Long) e.getKey()));
        }
        return parts;
    }

    private static <S> PartResult result(Model<S> model, Part<S> part, boolean split) {
        List<Operation> ops = part.ops;
        Search search = part.search;
        StateTable<S> table = part.table;
        int m = ops.size();
        String key = split && !"".equals(part.key) ? Values.format(part.key) : "";
        String initial = model.describe(model.initial());
        long bytes = table.bytes() + search.cache().bytes();
        long configurations = search.cache().size();
        Verdict verdict = part.end == null ? Verdict.NOT_CHECKED
                : switch (part.end) {
                    case LINEARIZABLE -> Verdict.LINEARIZABLE;
                    case NOT_LINEARIZABLE -> Verdict.NOT_LINEARIZABLE;
                    case STOPPED -> Verdict.UNKNOWN;
                };
        if (verdict == Verdict.LINEARIZABLE || verdict == Verdict.NOT_CHECKED) {
            return new PartResult(key, ops, verdict, List.of(), initial, List.of(), Optional.empty(), configurations, table.size(), bytes,
                    part.nanos);
        }
        // explain: the deepest prefix, and why nothing can follow it
        List<PartResult.Placed> prefix = new ArrayList<>(search.bestOps.length);
        boolean[] placed = new boolean[m];
        for (int i = 0; i < search.bestOps.length; i++) {
            int op = search.bestOps[i];
            placed[op] = true;
            prefix.add(new PartResult.Placed(ops.get(op), model.describe(table.state(search.bestStates[i]))));
        }
        if (verdict == Verdict.UNKNOWN) {
            return new PartResult(key, ops, verdict, prefix, initial, List.of(), Optional.empty(), configurations, table.size(), bytes,
                    part.nanos);
        }
        int state = search.bestStates.length == 0 ? search.initialState : search.bestStates[search.bestStates.length - 1];
        Operation earliest = null;
        for (int i = 0; i < m; i++) {
            Operation op = ops.get(i);
            if (part.searched[i] && !placed[i] && !op.pending() && (earliest == null || op.ret() < earliest.ret())) {
                earliest = op;
            }
        }
        int left = 0;
        for (int j = 0; j < m; j++) {
            if (part.searched[j] && !placed[j] && !ops.get(j).pending()) {
                left++;
            }
        }
        List<PartResult.Blocked> blocked = new ArrayList<>();
        for (int i = 0; earliest != null && i < m; i++) {
            Operation op = ops.get(i);
            if (!part.searched[i] || placed[i] || op.call() > earliest.ret()) {
                continue;
            }
            int next = table.step(state, i);
            if (op.pending() && next == state) {
                continue; // it may take effect here, changing nothing: no reason to list it
            }
            if (next == StateTable.ILLEGAL) {
                blocked.add(new PartResult.Blocked(op, false, model.whyNot(table.state(state), op)));
            } else {
                int after = op.pending() ? left : left - 1;
                blocked.add(new PartResult.Blocked(op, true, "allowed (the state becomes " + model.describe(table.state(next))
                        + "), but then no order of the " + after + " remaining operation" + (after == 1 ? "" : "s") + " works"));
            }
        }
        return new PartResult(key, ops, Verdict.NOT_LINEARIZABLE, prefix, initial, blocked, Optional.ofNullable(earliest), configurations,
                table.size(), bytes, part.nanos);
    }
}
