package io.racex.explore;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.check.Checker;
import io.racex.check.Verdict;
import io.racex.runtime.Execution;
import io.racex.runtime.Runtime;
import io.racex.runtime.Termination;
import io.racex.store.Store;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Explores one scenario on several local workers ({@code --workers N}) and/or only one part of the
 * search ({@code --shard k/n}).
 *
 * <p><b>Workers, exhaustive search.</b> {@link ParallelDpor}: one coordinator runs the sequential
 * optimal DPOR search while helpers, on their own stores, explore whole subtrees of it that are
 * still to come (work stealing: the pending branch nearest the root first); the coordinator
 * replays their recordings, checking every recorded choice against its own. The executions,
 * their count and the verdict are exactly the sequential search's.
 *
 * <p><b>Shards, and workers for the naive search.</b> The first {@link #SPLIT_DEPTH} levels of
 * the search tree are expanded in full (every enabled thread that is not asleep; see
 * {@link Dpor#Dpor(int)}); the subtrees below them are numbered in the order a depth-first walk
 * reaches them, which depends only on the scenario. Below the split each subtree is explored on
 * its own, and sleep sets keep any trace from running in two of them: the count of a split
 * search is exactly the count of the sequential one (for {@code exhaustive}, the number of
 * Mazurkiewicz traces). A shard owns subtrees {@code k-1, k-1+n, k-1+2n, …}; workers claim
 * subtrees as they reach them (the first to arrive takes it), so a worker that finishes a small
 * subtree moves on to the next unclaimed one.
 *
 * <p>Each worker has its own store ({@link Scenario#newStore()}), runtime and checker. The failing
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

    /** What one worker found. */
    private static final class Part {
        Strategy strategy;
        Execution best;
        boolean exhausted;
    }

    /**
     * Explores {@code scenario}; {@code strategy} makes one strategy per worker from the split
     * depth: {@code Dpor::new} for exhaustive DPOR, {@code d -> new DepthFirst()} for naive search.
     */
    public <H> ExplorationResult explore(Scenario<H> scenario, IntFunction<Strategy> strategy) {
        long start = System.nanoTime();
        if (workers > 1 && shard.isAll() && strategy.apply(0) instanceof Dpor) {
            try {
                return new ParallelDpor(options, workers, progress).explore(scenario, start);
            } catch (RacexException e) {
                throw e;
            } catch (Exception e) {
                throw new RacexException("could not explore " + scenario.name() + ": " + e.getMessage(), e);
            }
        }
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        AtomicLong executions = new AtomicLong();
        AtomicLong violations = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean stoppedEarly = new AtomicBoolean();
        AtomicBoolean shared = new AtomicBoolean();
        List<Part> parts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int w = 0; w < workers; w++) {
            Part part = new Part();
            part.strategy = strategy.apply(splitDepth);
            parts.add(part);
            ShardedStrategy mine = new ShardedStrategy(part.strategy, splitDepth,
                    i -> shard.owns(i) && (workers == 1 || claimed.add(i)));
            Thread t = new Thread(() -> {
                try {
                    run(scenario, mine, part, executions, violations, stop, stoppedEarly, shared);
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                    stop.set(true);
                }
            }, "racex-worker-" + (w + 1));
            threads.add(t);
        }
        if (workers == 1) {
            threads.get(0).run();
        } else {
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    throw new RacexException("interrupted while exploring " + scenario.name(), e);
                }
            }
        }
        if (failure[0] instanceof RacexException re) {
            throw re;
        }
        if (failure[0] != null) {
            throw new RacexException("could not explore " + scenario.name() + ": " + failure[0].getMessage(), failure[0]);
        }
        Execution best = null;
        boolean exhausted = true;
        for (Part p : parts) {
            exhausted &= p.exhausted;
            if (p.best != null && (best == null || Explorer.MINIMAL.compare(p.best, best) < 0)) {
                best = p.best;
            }
        }
        long n = executions.get();
        boolean early = stoppedEarly.get();
        boolean complete = !early && exhausted && shared.get();
        Strategy first = parts.get(0).strategy;
        String completeness = shared.get() ? completeness(first, complete, early, n, best != null) : Explorer.NO_SHARED_STEP;
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            return finish(options, scenario, store, runtime, checker, first, n, complete, completeness, best, start,
                    first instanceof DepthFirst d && d.preemptionBound() == Integer.MAX_VALUE && complete && shard.isAll(),
                    shared.get());
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException("could not explore " + scenario.name() + ": " + e.getMessage(), e);
        }
    }

    /** Minimizes the best failing execution (unless it is known minimal) and builds the result. */
    static <H> ExplorationResult finish(Options options, Scenario<H> scenario, Store<H> store, Runtime runtime,
                                        Checker<H> checker, Strategy strategy, long executions, boolean complete,
                                        String completeness, Execution best, long start, boolean alreadyMinimal,
                                        boolean sawSharedStep) {
        Optional<Counterexample> cx = Optional.empty();
        if (best != null) {
            Verdict.Violation violation = (Verdict.Violation) checker.check(best);
            if (options.minimize() && !alreadyMinimal) {
                Execution smaller = new Minimizer(options).minimize(scenario, store, runtime, checker, best, violation.kind());
                if (smaller != best) {
                    best = smaller;
                    violation = (Verdict.Violation) checker.check(smaller);
                }
            }
            cx = Optional.of(Explorer.counterexample(checker, best, violation));
        }
        return new ExplorationResult(scenario, strategy.name(), strategy.seed(), executions, complete, completeness, cx,
                System.nanoTime() - start, sawSharedStep);
    }

    private <H> void run(Scenario<H> scenario, ShardedStrategy strategy, Part part, AtomicLong executions,
                         AtomicLong violations, AtomicBoolean stop, AtomicBoolean stoppedEarly,
                         AtomicBoolean shared) throws Exception {
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            while (!stop.get()) {
                if (executions.get() >= options.maxSchedules()) {
                    stoppedEarly.set(true);
                    stop.set(true);
                    return;
                }
                if (!strategy.beginExecution()) {
                    part.exhausted = true;
                    return;
                }
                Execution e = runtime.run(scenario, store, strategy);
                strategy.endExecution(e);
                // a shard may own no execution at all; those it ran for others saw the same steps
                if (!shared.get() && Explorer.sharedStep(e)) {
                    shared.set(true);
                }
                if (e.termination() == Termination.PRUNED || !strategy.ownsLast()) {
                    continue;
                }
                long done = executions.incrementAndGet();
                if (checker.check(e) instanceof Verdict.Violation) {
                    long v = violations.incrementAndGet();
                    if (part.best == null || Explorer.MINIMAL.compare(e, part.best) < 0) {
                        part.best = e;
                    }
                    if (options.stopAtFirstViolation()) {
                        stoppedEarly.set(true);
                        stop.set(true);
                    }
                    report(done, v);
                } else {
                    report(done, violations.get());
                }
            }
        }
    }

    private void report(long executions, long violations) {
        synchronized (this) {
            progress.update(executions, violations);
        }
    }

    private String completeness(Strategy s, boolean complete, boolean stoppedEarly, long executions, boolean found) {
        if (shard.isAll() || !complete) {
            String text = Explorer.completeness(s, complete, stoppedEarly, executions, found);
            return shard.isAll() ? text : "shard " + shard + ": " + text;
        }
        if (s instanceof Dpor) {
            return "shard " + shard + " complete: " + executions + " executions = " + executions + " traces of this shard;"
                    + " shards 1.." + shard.count() + " together run every trace exactly once";
        }
        return "shard " + shard + ": every schedule of this shard was explored; shards 1.." + shard.count()
                + " together run every schedule exactly once";
    }
}
