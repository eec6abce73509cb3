package io.racex.explore;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.check.Anomaly;
import io.racex.check.Checker;
import io.racex.check.FailureKind;
import io.racex.check.Verdict;
import io.racex.runtime.Execution;
import io.racex.runtime.Runtime;
import io.racex.runtime.Termination;
import io.racex.store.Store;
import io.racex.strategy.DepthFirst;
import io.racex.strategy.Dpor;
import io.racex.strategy.IterativeBounding;
import io.racex.strategy.Strategy;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives a search: asks the strategy for executions, runs each on the runtime, judges each with
 * the checker, keeps the best failing one, and minimizes it. Record, then judge: none of these
 * parts reaches into another.
 */
public final class Explorer {
    /** Orders failing executions: fewest preemptions, then fewest steps, then lexicographic schedule. */
    public static final Comparator<Execution> MINIMAL = Comparator.comparingInt(Execution::preemptions)
            .thenComparingInt(e -> e.schedule().length())
            .thenComparing(Execution::schedule, (a, b) -> a.compareTo(b));

    /**
     * The completeness sentence of a search in which no execution made a shared step: racex
     * scheduled nothing, so nothing is proved.
     */
    public static final String NO_SHARED_STEP = "racex saw no shared step: no thread read or wrote anything racex"
            + " schedules, so no interleaving was tried and nothing is proved (is the code instrumented? operations must"
            + " touch shared state through their handle, or their classes be loaded by racex)";

    /** Whether an execution made a step on shared data or a lock, not only thread starts, ends and joins. */
    public static boolean sharedStep(Execution e) {
        for (io.racex.runtime.Step s : e.steps()) {
            if (!s.kind().threadControl() && !s.footprint().equals(io.racex.store.Footprint.NONE)) {
                return true;
            }
        }
        return false;
    }

    /** Progress after each execution: executions run so far, violations so far. */
    public interface Progress {
        void update(long executions, long violations);
    }

    private final Options options;
    private Progress progress = (a, b) -> {};

    public Explorer(Options options) {
        this.options = options;
    }

    public Explorer progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** Explores {@code scenario} with {@code strategy}. */
    public <H> ExplorationResult explore(Scenario<H> scenario, Strategy strategy) {
        long start = System.nanoTime();
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            Execution best = null;
            Verdict.Violation bestViolation = null;
            long executions = 0;
            long violations = 0;
            boolean stoppedEarly = false;
            boolean shared = false;
            while (true) {
                if (executions >= options.maxSchedules()) {
                    stoppedEarly = true;
                    break;
                }
                if (!strategy.beginExecution()) {
                    break;
                }
                Execution e = runtime.run(scenario, store, strategy);
                strategy.endExecution(e);
                shared = shared || sharedStep(e); // an abandoned execution saw what it saw too
                if (e.termination() == Termination.PRUNED) {
                    continue;
                }
                if (strategy instanceof IterativeBounding ib && !ib.counts(e)) {
                    continue; // judged in an earlier round
                }
                executions++;
                Verdict v = checker.check(e);
                if (v instanceof Verdict.Violation violation) {
                    violations++;
                    if (strategy instanceof IterativeBounding ib) {
                        ib.stopAfterRound();
                    }
                    if (best == null || MINIMAL.compare(e, best) < 0) {
                        best = e;
                        bestViolation = violation;
                    }
                }
                progress.update(executions, violations);
                if (best != null && options.stopAtFirstViolation()) {
                    stoppedEarly = true;
                    break;
                }
            }
            boolean complete = !stoppedEarly && strategy.complete() && shared;
            String completeness = shared ? completeness(strategy, complete, stoppedEarly, executions, best != null) : NO_SHARED_STEP;
            Optional<Counterexample> cx = Optional.empty();
            if (best != null) {
                boolean alreadyMinimal = strategy instanceof DepthFirst d && d.preemptionBound() == Integer.MAX_VALUE && complete;
                if (options.minimize() && !alreadyMinimal && !"replay".equals(strategy.name())) {
                    Execution smaller = new Minimizer(options).minimize(scenario, store, runtime, checker, best, bestViolation.kind());
                    if (smaller != best) {
                        best = smaller;
                        bestViolation = (Verdict.Violation) checker.check(smaller);
                    }
                }
                cx = Optional.of(counterexample(checker, best, bestViolation));
            }
            return new ExplorationResult(scenario, strategy.name(), strategy.seed(), executions, complete, completeness, cx,
                    System.nanoTime() - start, shared);
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException("could not explore " + scenario.name() + ": " + e.getMessage(), e);
        }
    }

    static <H> Counterexample counterexample(Checker<H> checker, Execution e, Verdict.Violation v) {
        boolean hasOutcome = e.termination() == Termination.COMPLETED;
        return new Counterexample(e, v, hasOutcome ? checker.observed(e) : null,
                hasOutcome ? checker.allowed(e, 5_040) : java.util.List.of(),
                v.kind() == FailureKind.DEADLOCK ? Optional.of(new Anomaly("deadlock", e.detail())) : Anomaly.classify(e.steps()));
    }

    static String completeness(Strategy s, boolean complete, boolean stoppedEarly, long executions, boolean found) {
        if (stoppedEarly && found) {
            return "stopped at the first violation";
        }
        if (stoppedEarly) {
            return "stopped after " + executions + " executions (--max-schedules); not every schedule was run";
        }
        if (s instanceof Dpor && complete) {
            return "complete: " + executions + " executions = " + executions + " traces (one execution per Mazurkiewicz trace"
                    + (found ? ")" : "; so no violation is a proof for this scenario)");
        }
        if (s instanceof IterativeBounding ib) {
            int b = ib.completedBound();
            if (ib.coveredEverything()) {
                return "every schedule was explored (none needs more than " + b + " preemptions)";
            }
            String upTo = "every schedule with at most " + b + (b == 1 ? " preemption" : " preemptions") + " was explored";
            return b < ib.maxBound() && found ? upTo + "; the search stopped there, as no violation can have fewer preemptions"
                    : upTo;
        }
        if (s instanceof DepthFirst d && d.preemptionBound() != Integer.MAX_VALUE) {
            return complete ? "every schedule was explored (the bound of " + d.preemptionBound() + " preemptions cut nothing)"
                    : "every schedule with at most " + d.preemptionBound() + " preemptions was explored";
        }
        if (complete) {
            return "every schedule was explored";
        }
        return "the strategy samples schedules; not every schedule was run";
    }

    /** Convenience: explores with a callback per result. */
    public static <H> ExplorationResult explore(Scenario<H> scenario, Strategy strategy, Options options, Consumer<ExplorationResult> then) {
        ExplorationResult r = new Explorer(options).explore(scenario, strategy);
        then.accept(r);
        return r;
    }
}
