package io.racex.engine;

import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Step;
import io.racex.Anomaly;
import io.racex.FailureKind;
import io.racex.Verdict;
import io.racex.Execution;
import io.racex.Termination;
import io.racex.store.Refusal;
import io.racex.store.Store;
import io.racex.Coverage;
import io.racex.Ending;
import io.racex.Strategy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One worker's means of running executions (its own store, runtime and checker) and the one
 * search loop every driver runs: the sequential {@link Explorer}, each worker and shard of
 * {@link ParallelExplorer}, and the coordinator of {@link ParallelDpor}. The loop asks the
 * strategy for executions, runs each, judges it, keeps the least failing one by
 * {@link Explorer#MINIMAL} and stops when the strategy has nothing left or the {@link Tally} says
 * so; what the search covered and what to do after a violation come from the strategy.
 */
final class Search<H> implements AutoCloseable {
    final Scenario<H> scenario;
    final Options options;
    final Store<H> store;
    final ControlledRuntime runtime;
    final Checker<H> checker;

    /** An execution for the loop, with its verdict when it is already known (else null). */
    record Ran(Execution execution, Verdict verdict) {}

    /** Where the loop takes an execution from once the strategy began it, when it does not simply run it. */
    interface Source {
        /** The execution {@code strategy} has just begun: run, or obtained some other way. */
        Ran next(Deterministic strategy) throws Exception;

        /** Called after the strategy was told the execution ended. */
        default void ended() {}
    }

    /**
     * What one loop found.
     *
     * @param best the least failing execution by {@link Explorer#MINIMAL}, or null
     * @param last the last execution counted, or null
     * @param exhausted whether the strategy had nothing left (rather than the loop being stopped)
     */
    record Found(Execution best, Execution last, boolean exhausted) {}

    Search(Scenario<H> scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
        this.store = scenario.newStore();
        ControlledRuntime r;
        try {
            r = new ControlledRuntime(options.maxSteps(), options.stepTimeout());
        } catch (RuntimeException | Error e) {
            closeQuietly(store, e);
            throw e;
        }
        this.runtime = r;
        this.checker = new Checker<>(scenario, store);
    }

    /** Runs {@code strategy}'s executions on this worker until it has none left or {@code tally} stops the search. */
    Found loop(Strategy strategy, Tally tally) throws Exception {
        return loop(strategy, tally, null);
    }

    /** As {@link #loop(Strategy, Tally)}, taking each execution from {@code source} (null: run it here). */
    Found loop(Strategy strategy, Tally tally, Source source) throws Exception {
        Deterministic checked = new Deterministic(strategy);
        Execution best = null;
        Execution last = null;
        while (tally.mayBegin()) {
            if (!checked.beginExecution()) {
                return new Found(best, last, true);
            }
            Execution e;
            Verdict v = null;
            if (source == null) {
                e = runtime.run(scenario, store, checked);
            } else {
                Ran ran = source.next(checked);
                e = ran.execution();
                v = ran.verdict();
            }
            checked.endExecution(e);
            tally.ran(e);
            if (source != null) {
                source.ended();
            }
            if (e.termination() == Termination.PRUNED || !checked.counts(e)) {
                continue;
            }
            last = e;
            if (v == null) {
                v = checker.check(e);
            }
            boolean violated = v instanceof Verdict.Violation;
            if (violated) {
                if (best == null || Explorer.MINIMAL.compare(e, best) < 0) {
                    best = e;
                }
                if (e.termination() == Termination.STEP_BOUND) {
                    tally.stop(Ending.STEP_BOUND);
                } else if (e.termination() == Termination.TIMEOUT) {
                    tally.stop(Ending.TIMEOUT);
                }
                if (checked.violationFound(e) == Strategy.AfterViolation.STOP || options.stopAtFirstViolation()) {
                    tally.stop(Ending.FIRST_VIOLATION);
                }
            }
            tally.counted(violated);
        }
        return new Found(best, last, false);
    }

    /**
     * The result of a search: what {@code strategy} says it covered, and the least failing
     * execution {@code best} (or null), minimized unless the strategy replays or kept the
     * minimal one already. {@code last} is the execution a replay shows.
     */
    ExplorationResult result(Strategy strategy, Tally tally, Execution best, Execution last, long startNanos) {
        Ending ending = tally.ending();
        long executions = tally.executions();
        // with no shared step nothing was interleaved: a pass proves nothing (a failure still says what failed)
        Coverage coverage = tally.sawSharedStep() || best != null ? strategy.coverage(ending, executions, best != null)
                : new Coverage(false, ExplorationResult.NO_SHARED_STEP);
        if (best == null && tally.sawSharedStep() && !strategy.replays()) {
            // a pass the database kept correct by refusing transactions says so (and with which SQLSTATE)
            coverage = new Coverage(coverage.complete(), coverage.sentence() + tally.refusals());
        }
        Optional<Counterexample> cx = Optional.empty();
        if (best != null) {
            Verdict.Violation violation = (Verdict.Violation) checker.check(best);
            boolean keptMinimal = ending == Ending.EXHAUSTED && strategy.keptMinimal();
            boolean shrink = options.minimize() && !strategy.replays() && !keptMinimal;
            if (shrink) {
                Execution smaller = new Minimizer(options).minimize(scenario, store, runtime, checker, best, violation.kind());
                if (smaller != best) {
                    best = smaller;
                    violation = (Verdict.Violation) checker.check(smaller);
                }
            }
            cx = Optional.of(counterexample(best, violation, shrink || keptMinimal));
        }
        return new ExplorationResult(scenario, strategy.name(), strategy.seed(), executions, coverage.complete(),
                coverage.sentence(), cx, strategy.replays() ? Optional.ofNullable(last) : Optional.empty(),
                System.nanoTime() - startNanos, tally.sawSharedStep(), describe(store));
    }

    private Counterexample counterexample(Execution e, Verdict.Violation v, boolean minimal) {
        boolean hasOutcome = e.termination() == Termination.COMPLETED;
        return new Counterexample(e, v, hasOutcome ? checker.observed(e) : null,
                hasOutcome ? checker.allowed(e, 5_040) : List.of(),
                v.kind() == FailureKind.DEADLOCK ? Optional.of(new Anomaly("deadlock", e.detail()))
                        : brokenDeadlock(e.steps()).or(() -> Anomaly.classify(e.steps(), dirtyReads(store))),
                minimal, StateRecorder.record(this, e));
    }

    private static boolean dirtyReads(Store<?> store) {
        try {
            return store.dirtyReads();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String describe(Store<?> store) {
        try {
            return store.describe();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * A deadlock the store broke by refusing a step (a database's deadlock victim), with its cycle:
     * the threads then end in the error rather than hang, and the error is the failure's cause.
     */
    static Optional<Anomaly> brokenDeadlock(List<Step> steps) {
        for (Step s : steps) {
            if (s.value() instanceof Refusal r && r.refusal() == Refusal.Kind.DEADLOCK) {
                String code = r.code() + (r.vendorCode().isEmpty() ? "" : ", error " + r.vendorCode());
                String who = "T" + (s.thread() + 1) + "'s step " + (s.index() + 1) + " (SQLSTATE " + code + ")";
                return Optional.of(new Anomaly("deadlock", r.cycle().isEmpty()
                        ? "the database broke a cycle of lock waits by refusing " + who
                        : "lock cycle " + Refusal.describe(r.cycle()) + ": the database broke it by refusing " + who));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws Exception {
        try (Store<H> s = store) {
            runtime.close();
        }
    }

    private static void closeQuietly(AutoCloseable c, Throwable into) {
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }

    /**
     * Runs {@code body}, the whole of a search of {@code scenario}: the one place where what went
     * wrong becomes a {@link RacexException} (bad input and scenario errors already are one;
     * anything else is wrapped with the scenario's name). Errors such as running out of memory
     * pass through unchanged.
     */
    static <T> T guarded(Scenario<?> scenario, Callable<T> body) {
        try {
            return body.call();
        } catch (Exception e) {
            throw failure(scenario, e);
        }
    }

    /** What {@code t}, thrown while exploring {@code scenario} (maybe on another thread), is reported as. */
    static RuntimeException failure(Scenario<?> scenario, Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RacexException r) {
            return r;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new RacexException("interrupted while exploring " + scenario.name(), t);
        }
        return new RacexException("could not explore " + scenario.name() + ": " + t.getMessage(), t);
    }
}
