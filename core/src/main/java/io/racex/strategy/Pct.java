package io.racex.strategy;

import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.RacexException;
import io.racex.Execution;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Probabilistic concurrency testing (PCT; Burckhardt, Kothari, Musuvathi, Nagarakatte, "A
 * Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010).
 *
 * <p>Each execution gives the {@code n} threads distinct random priorities {@code d .. d+n-1} and
 * picks {@code d-1} priority change points {@code k_1 .. k_{d-1}} uniformly among the first
 * {@code k} steps. At every step the enabled thread with the highest priority moves; right after
 * step {@code k_i} the thread that took it drops to priority {@code i}, below every initial priority.
 *
 * <p><b>Guarantee.</b> A bug of depth {@code d} (one that shows whenever {@code d} ordering
 * constraints between steps hold, e.g. depth 1 for an ordering bug, depth 2 for a lost update
 * that needs one thread preempted between its read and its write) is found by one execution with
 * probability at least {@code 1/(n·k^(d-1))}, where {@code n} is the number of threads and
 * {@code k} the number of steps. {@code N} executions miss it with probability at most
 * {@code (1 - 1/(n·k^(d-1)))^N}. Choose {@code d} as the depth of the bugs you look for: larger
 * depths find deeper bugs but lower the odds for shallow ones.
 *
 * <p>{@code k} is not known before the first execution: the first runs with no change point (a
 * pure priority schedule) and {@code k} is then the most steps seen so far.
 *
 * <p>Deterministic for a seed: execution {@code i} draws from a {@link SplittableRandom} seeded
 * from the seed and {@code i} alone. Never complete: it samples.
 */
public final class Pct implements Strategy {
    /** Default depth: a lost update needs one preemption, which PCT reaches at depth 2. */
    public static final int DEFAULT_DEPTH = 2;
    /** Default number of executions. */
    public static final int DEFAULT_SCHEDULES = 1_000;

    private final int depth;
    private final long schedules;
    private final long seed;
    private long index;
    private int k;
    private SplittableRandom random;
    private int[] priority;
    /** Change points k_1 .. k_{d-1} (as drawn, not sorted): after step k_i the thread that took it drops to priority i. */
    private int[] changePoints = new int[0];

    /**
     * @param depth the bug depth {@code d} aimed at, at least 1
     * @param schedules how many executions to run, at least 1
     * @param seed the seed; the same seed gives the same executions
     */
    public Pct(int depth, long schedules, long seed) {
        if (depth < 1) {
            throw new RacexException("the PCT depth must be at least 1, was " + depth);
        }
        if (schedules < 1) {
            throw new RacexException("the number of schedules must be at least 1, was " + schedules);
        }
        this.depth = depth;
        this.schedules = schedules;
        this.seed = seed;
    }

    @Override
    public boolean beginExecution() {
        if (index >= schedules) {
            return false;
        }
        random = Seeds.forExecution(seed, index++);
        priority = null;
        int points = k == 0 ? 0 : depth - 1;
        changePoints = new int[points];
        for (int i = 0; i < points; i++) {
            changePoints[i] = 1 + random.nextInt(k);
        }
        return true;
    }

    @Override
    public int choose(SchedulingView view) {
        if (priority == null) {
            priority = initialPriorities(view.threadCount());
        }
        int p = view.position();
        for (int i = 0; i < changePoints.length; i++) {
            if (changePoints[i] == p && view.current() >= 0) {
                priority[view.current()] = i + 1;
            }
        }
        int best = -1;
        for (int t : view.enabled()) {
            if (best < 0 || priority[t] > priority[best]) {
                best = t;
            }
        }
        return best;
    }

    /** Distinct priorities d .. d+n-1 in random order (Fisher-Yates). */
    private int[] initialPriorities(int n) {
        int[] pr = new int[n];
        for (int t = 0; t < n; t++) {
            pr[t] = depth + t;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int x = pr[i];
            pr[i] = pr[j];
            pr[j] = x;
        }
        return pr;
    }

    @Override
    public void endExecution(Execution execution) {
        k = Math.max(k, execution.schedule().length());
    }

    @Override
    public boolean complete() {
        return false;
    }

    @Override
    public String name() {
        return "pct";
    }

    @Override
    public OptionalLong seed() {
        return OptionalLong.of(seed);
    }

    /** Sampling stops at the first violation: the minimizer shrinks it to the schedule any later one would give. */
    @Override
    public AfterViolation violationFound(Execution execution) {
        return AfterViolation.STOP;
    }

    public int depth() {
        return depth;
    }

    public long schedules() {
        return schedules;
    }

    /** The current estimate of steps per execution ({@code k}): the most steps seen so far. */
    public int stepEstimate() {
        return k;
    }
}
