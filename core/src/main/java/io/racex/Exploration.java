package io.racex;

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
    private Supplier<Strategy> strategy = () -> Engine.get().exhaustive();
    private Options options = Options.defaults();

    Exploration(Scenario<H> scenario) {
        this.scenario = scenario;
    }

    /** Uses {@code strategy} (a fresh one per run). Default: exhaustive, optimal DPOR (one execution per Mazurkiewicz trace). */
    public Exploration<H> strategy(Supplier<Strategy> strategy) {
        this.strategy = strategy;
        return this;
    }

    /**
     * Explores by iterative preemption bounding, as {@code racex explore --strategy bounded
     * --preemptions k}: every schedule with 0 preemptions, then 1, … up to {@code k}, stopping after
     * the first round with a violation (its violations have the fewest preemptions possible).
     */
    public Exploration<H> preemptionBound(int k) {
        this.strategy = () -> Engine.get().bounded(k);
        return this;
    }

    /** Stops the search after {@code n} executions (the result then says it is not complete). */
    public Exploration<H> maxSchedules(long n) {
        this.options = options.withMaxSchedules(n);
        return this;
    }

    /**
     * The step bound per execution (default {@value Options#DEFAULT_MAX_STEPS}):
     * an execution that runs more steps is reported as a possible livelock, and the search stops there.
     */
    public Exploration<H> maxSteps(int n) {
        this.options = options.withMaxSteps(n);
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
            return Engine.get().replay(scenario, replay, options);
        }
        return Engine.get().explore(scenario, strategy.get(), options);
    }

    /** The schedule {@code @Replay} set for explorations started on this thread, or null. */
    /** The schedule {@code @Replay} set for this thread's explorations, or null. */
    public static Schedule replaySchedule() {
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
     * invariant, or deadlocks. The report ends with the {@code @Replay("v1:…")} line that replays
     * the failing schedule in the test.
     *
     * @throws RacexException if no execution made a single shared step: racex scheduled nothing, so a
     *     pass would prove nothing (usually the code under test does not go through racex)
     */
    public ExplorationResult assertLinearizable() {
        ExplorationResult r = run();
        if (!r.sawSharedStep() && !r.failed()) {
            throw new RacexException(scenario.name() + ": " + ExplorationResult.NO_SHARED_STEP);
        }
        if (r.failed()) {
            throw new AssertionError(Engine.get().textReport(r));
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
