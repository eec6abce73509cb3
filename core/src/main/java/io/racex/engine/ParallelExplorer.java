package io.racex.engine;

import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Execution;
import io.racex.strategy.Dpor;
import io.racex.strategy.ForwardingStrategy;
import io.racex.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Explores one scenario on several local workers ({@code --workers N}) and/or only one part of the
 * search ({@code --shard k/n}).
 *
 * <p><b>Workers, exhaustive search</b> ({@link #exhaustive}). {@link ParallelDpor}: one coordinator runs the sequential
 * optimal DPOR search while helpers, on their own stores, explore whole subtrees of it that are
 * still to come (work stealing: the pending branch nearest the root first); the coordinator
 * replays their recordings, checking every recorded choice against its own. The executions,
 * their count and the verdict are exactly the sequential search's.
 *
 * <p><b>Shards, and workers for the naive search</b> ({@link #explore}). The first {@link #SPLIT_DEPTH} levels of
 * the search tree are expanded in full (every enabled thread that is not asleep; see
 * {@link Dpor#Dpor(int)}); the subtrees below them are numbered in the order a depth-first walk
 * reaches them, which depends only on the scenario. Below the split each subtree is explored on
 * its own, and sleep sets keep any trace from running in two of them: the count of a split
 * search is exactly the count of the sequential one (for {@code exhaustive}, the number of
 * Mazurkiewicz traces). A shard owns subtrees {@code k-1, k-1+n, k-1+2n, …}; workers claim
 * subtrees as they reach them (the first to arrive takes it), so a worker that finishes a small
 * subtree moves on to the next unclaimed one.
 *
 * <p>Each worker has its own store ({@link Scenario#newStore()}), runtime and checker, and runs the
 * one search loop ({@link Search}); they share the count and the reason to stop. The failing
 * execution kept is the minimal one over all workers, minimized once at the end exactly as by
 * {@link Explorer}, so the verdict and counterexample are those of a sequential search.
 */
public final class ParallelExplorer {
    /** Depth of the split: subtrees are rooted after this many choices. The same for every shard. */
    public static final int SPLIT_DEPTH = 2;

    private final Options options;
    private final int workers;
    private final Shard shard;
    private final int splitDepth;
    private Explorer.Progress progress = (a, b) -> {};

    /**
     * @param workers local threads exploring at once (each with its own store), at least 1
     * @param shard the part of the search to explore ({@link Shard#ALL} for all of it)
     */
    public ParallelExplorer(Options options, int workers, Shard shard) {
        this(options, workers, shard, SPLIT_DEPTH);
    }

    /** As {@link #ParallelExplorer(Options, int, Shard)} with another split depth (shards must agree on it). */
    public ParallelExplorer(Options options, int workers, Shard shard, int splitDepth) {
        if (workers < 1) {
            throw new RacexException("--workers must be at least 1, was " + workers);
        }
        if (splitDepth < 1) {
            throw new RacexException("the split depth must be at least 1, was " + splitDepth);
        }
        this.options = options;
        this.workers = workers;
        this.shard = shard;
        this.splitDepth = splitDepth;
    }

    public ParallelExplorer progress(Explorer.Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Explores {@code scenario} exhaustively with optimal DPOR: with several workers on the whole
     * search, by {@link ParallelDpor}'s work stealing (the sequential search's executions exactly);
     * for a shard, by the split search of {@link #explore(Scenario, IntFunction)} with {@code Dpor::new}.
     */
    public <H> ExplorationResult exhaustive(Scenario<H> scenario) {
        if (workers > 1 && shard.isAll()) {
            long start = System.nanoTime();
            return Search.guarded(scenario, () -> new ParallelDpor(options, workers, progress).explore(scenario, start));
        }
        return explore(scenario, Dpor::new);
    }

    /**
     * Explores {@code scenario} split at the split depth; {@code strategy} makes one strategy per
     * worker from the split depth: {@code Dpor::new} for exhaustive DPOR, {@code d -> new DepthFirst()}
     * for naive search. Each worker runs the one search loop ({@link Search}) on its subtrees.
     */
    public <H> ExplorationResult explore(Scenario<H> scenario, IntFunction<Strategy> strategy) {
        long start = System.nanoTime();
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        Tally tally = new Tally(options.maxSchedules(), progress);
        List<Strategy> strategies = new ArrayList<>();
        List<Search.Found> found = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < workers; w++) {
            Strategy mine = new ShardedStrategy(strategy.apply(splitDepth), splitDepth, shard,
                    i -> shard.owns(i) && (workers == 1 || claimed.add(i)));
            strategies.add(mine);
            found.add(null);
            int index = w;
            threads.add(new Thread(() -> {
                try (Search<H> search = new Search<>(scenario, options)) {
                    Search.Found f = search.loop(mine, tally);
                    synchronized (found) {
                        found.set(index, f);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    tally.abandon();
                }
            }, "racex-worker-" + (w + 1)));
        }
        if (workers == 1) {
            threads.get(0).run();
        } else {
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    tally.abandon();
                    throw Search.failure(scenario, e);
                }
            }
        }
        if (failure.get() != null) {
            throw Search.failure(scenario, failure.get());
        }
        Execution best = null;
        boolean keptMinimal = true;
        for (int w = 0; w < workers; w++) {
            Search.Found f = found.get(w);
            keptMinimal &= strategies.get(w).keptMinimal();
            if (f.best() != null && (best == null || Explorer.MINIMAL.compare(f.best(), best) < 0)) {
                best = f.best();
            }
        }
        boolean minimal = keptMinimal;
        Strategy first = new ForwardingStrategy(strategies.get(0)) {
            @Override
            public boolean keptMinimal() {
                return minimal; // every worker's part, not the first's alone
            }
        };
        Execution worst = best;
        return Search.guarded(scenario, () -> {
            try (Search<H> search = new Search<>(scenario, options)) {
                return search.result(first, tally, worst, null, start);
            }
        });
    }
}
