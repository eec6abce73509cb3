package io.racex.strategy;

import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.RacexException;
import io.racex.Execution;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Random walk: at every step one of the enabled threads, uniformly at random. Simple and unbiased
 * per step, but a schedule that needs a preemption exactly between two given steps of a long
 * execution is rarer than under {@link Pct}; use it as a baseline or for very wide scenarios.
 *
 * <p>Deterministic for a seed: execution {@code i} draws from a {@link SplittableRandom} seeded
 * from the seed and {@code i} alone. Never complete: it samples.
 */
public final class RandomWalk implements Strategy {
    /** Default number of executions. */
    public static final int DEFAULT_SCHEDULES = 1_000;

    private final long schedules;
    private final long seed;
    private long index;
    private SplittableRandom random;

    /**
     * @param schedules how many executions to run, at least 1
     * @param seed the seed; the same seed gives the same executions
     */
    public RandomWalk(long schedules, long seed) {
        if (schedules < 1) {
            throw new RacexException("the number of schedules must be at least 1, was " + schedules);
        }
        this.schedules = schedules;
        this.seed = seed;
    }

    @Override
    public boolean beginExecution() {
        if (index >= schedules) {
            return false;
        }
        random = Seeds.forExecution(seed, index++);
        return true;
    }

    @Override
    public int choose(SchedulingView view) {
        int[] enabled = view.enabled();
        return enabled.length == 1 ? enabled[0] : enabled[random.nextInt(enabled.length)];
    }

    @Override
    public boolean complete() {
        return false;
    }

    @Override
    public String name() {
        return "random";
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

    public long schedules() {
        return schedules;
    }
}
