package io.racex;

import java.time.Duration;

/**
 * How to explore, as an immutable value; validated when built.
 *
 * @param maxSchedules stop after this many executions (the result then says the search was not complete)
 * @param maxSteps step bound per execution; beyond it the execution is reported as a possible livelock
 * @param stepTimeout safety net per step: a thread that does not reach its next step within it is reported as a
 *        timeout naming the thread and operation; one stuck in its own code is abandoned, and the search stops
 *        (the engine abandons it)
 * @param minimize whether to minimize the counterexample (fewest preemptions, then steps)
 * @param minimizeBudget most executions the minimizer may run
 * @param stopAtFirstViolation stop the search at the first violation (then minimize it)
 */
public record Options(long maxSchedules, int maxSteps, Duration stepTimeout, boolean minimize, long minimizeBudget,
                      boolean stopAtFirstViolation) {
    public static final long DEFAULT_MAX_SCHEDULES = 100_000;
    /** Default bound on steps per execution; beyond it the execution is reported as a possible livelock. */
    public static final int DEFAULT_MAX_STEPS = 10_000;
    /** Default safety net: how long one thread may take to reach its next step. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

    public Options {
        if (maxSchedules < 1) {
            throw new RacexException("--max-schedules must be at least 1, was " + maxSchedules);
        }
        if (maxSteps < 1) {
            throw new RacexException("--max-steps must be at least 1, was " + maxSteps);
        }
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new RacexException("the step timeout must be positive");
        }
    }

    public static Options defaults() {
        return new Options(DEFAULT_MAX_SCHEDULES, DEFAULT_MAX_STEPS,
                DEFAULT_STEP_TIMEOUT, true, 20_000, false);
    }

    public Options withMaxSchedules(long n) {
        return new Options(n, maxSteps, stepTimeout, minimize, minimizeBudget, stopAtFirstViolation);
    }

    public Options withMaxSteps(int n) {
        return new Options(maxSchedules, n, stepTimeout, minimize, minimizeBudget, stopAtFirstViolation);
    }

    public Options withStepTimeout(Duration d) {
        return new Options(maxSchedules, maxSteps, d, minimize, minimizeBudget, stopAtFirstViolation);
    }

    public Options withMinimize(boolean m) {
        return new Options(maxSchedules, maxSteps, stepTimeout, m, minimizeBudget, stopAtFirstViolation);
    }

    public Options withStopAtFirstViolation(boolean s) {
        return new Options(maxSchedules, maxSteps, stepTimeout, minimize, minimizeBudget, s);
    }
}
