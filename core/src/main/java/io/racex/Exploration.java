package io.racex;

import io.racex.explore.Counterexample;
import io.racex.explore.ExplorationResult;
import io.racex.explore.Explorer;
import io.racex.explore.Options;
import io.racex.report.TextReport;
import io.racex.schedule.Schedule;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.Replay;
import io.racex.strategy.Strategy;
import java.util.function.Supplier;

/**
 * A configured exploration of one scenario; run it, or assert on it in a test.
 *
 * <pre>{@code
 * Racex.explore(scenario).assertLinearizable();            // fails with the text report
 * Counterexample c = Racex.explore(buggy).assertViolation(); // for samples that must fail
 * }</pre>
 */
public final class Exploration<H> {
    /** Set by {@code @Replay} for the duration of one test, on the test's thread only. */
    private static final ThreadLocal<Schedule> REPLAY = new ThreadLocal<>();

    private final Scenario<H> scenario;
    private Supplier<Strategy> strategy = Dpor::new;
    private Options options = Options.defaults();

    Exploration(Scenario<H> scenario) {
        this.scenario = scenario;
    }

    /** Uses {@code strategy} (a fresh one per run). Default: exhaustive, optimal DPOR (one execution per Mazurkiewicz trace). */
    public Exploration<H> strategy(Supplier<Strategy> strategy) {
        this.strategy = strategy;
        return this;
    }

    /** Explores only schedules with at most {@code k} preemptions. */
    public Exploration<H> preemptionBound(int k) {
        this.strategy = () -> new DepthFirst(k);
        return this;
    }

    public Exploration<H> maxSchedules(long n) {
        this.options = options.withMaxSchedules(n);
        return this;
    }

    public Exploration<H> options(Options options) {
        this.options = options;
        return this;
    }

    /** Runs the exploration (or, inside a test annotated {@code @Replay}, only that schedule). */
    public ExplorationResult run() {
        Schedule replay = REPLAY.get();
        if (replay != null) {
            return new Explorer(options.withMinimize(false)).explore(scenario, new Replay(replay));
        }
        return new Explorer(options).explore(scenario, strategy.get());
    }

    /** The schedule {@code @Replay} set for explorations started on this thread, or null. */
    static Schedule replaySchedule() {
        return REPLAY.get();
    }

    /**
     * Makes explorations started on this thread replay {@code schedule} ({@code null} to stop).
     * Used by the JUnit extension behind {@code io.racex.junit.Replay}.
     */
    public static void replayInThisThread(Schedule schedule) {
        if (schedule == null) {
            REPLAY.remove();
        } else {
            REPLAY.set(schedule);
        }
    }

    /**
     * Runs the exploration and fails with the text report if any execution violates the spec, an
     * invariant, or deadlocks.
     *
     * @throws RacexException if no execution made a single shared step: racex scheduled nothing, so a
     *     pass would prove nothing (usually the code under test does not go through racex)
     */
    public ExplorationResult assertLinearizable() {
        ExplorationResult r = run();
        if (!r.sawSharedStep() && !r.failed()) {
            throw new RacexException(scenario.name() + ": " + Explorer.NO_SHARED_STEP);
        }
        if (r.failed()) {
            throw new AssertionError(TextReport.render(r));
        }
        return r;
    }

    /** Same as {@link #assertLinearizable()}; reads better for scenarios checked only by invariants. */
    public ExplorationResult assertNoViolation() {
        return assertLinearizable();
    }

    /** Runs the exploration and fails unless a violation is found; returns the minimal counterexample. */
    public Counterexample assertViolation() {
        ExplorationResult r = run();
        return r.counterexample().orElseThrow(() -> new AssertionError("expected a violation in " + scenario.name()
                + " but none was found in " + r.schedules() + " executions (" + r.completeness() + ")"));
    }
}
