package io.racex.engine;

import io.racex.Options;
import io.racex.Scenario;
import io.racex.FailureKind;
import io.racex.Verdict;
import io.racex.Execution;
import io.racex.Termination;
import io.racex.store.Store;
import io.racex.strategy.DepthFirst;

/**
 * Shrinks a failing execution to the canonical minimal one: the fewest preemptions, then the
 * fewest steps, then the lexicographically first schedule, failing the same way (the same
 * {@link FailureKind}). It searches preemption bounds 0, 1, 2, … up to the found execution's
 * count; at the first bound with a failure of that kind it takes the best one at that bound.
 * Every strategy's failure goes through it, so they all report the same schedule.
 *
 * <p>An execution cut short (a livelock at the step bound, a timeout) is shrunk to the fewest
 * preemptions only, taking the first such failure in the search's order, which is as canonical
 * (it does not depend on which execution was found): each such execution costs the whole step
 * bound or the step timeout, so running every one of a bound to compare them would take long,
 * and livelocks all have as many steps as the bound allows anyway.
 */
public final class Minimizer {
    private final Options options;

    public Minimizer(Options options) {
        this.options = options;
    }

    public <H> Execution minimize(Scenario<H> scenario, Store<H> store, ControlledRuntime runtime, Checker<H> checker,
                                  Execution found, FailureKind kind) {
        if (kind == FailureKind.TIMEOUT) {
            // a timeout is timing, not a schedule to shrink; and every retry that hits it again
            // would abandon one more thread stuck in user code
            return found;
        }
        long budget = options.minimizeBudget();
        boolean cut = kind == FailureKind.LIVELOCK || kind == FailureKind.TIMEOUT;
        for (int bound = 0; bound <= found.preemptions() && budget > 0; bound++) {
            DepthFirst search = new DepthFirst(bound);
            Execution best = null;
            while (budget > 0 && search.beginExecution()) {
                Execution e = runtime.run(scenario, store, search);
                search.endExecution(e);
                budget--;
                if (e.termination() == Termination.PRUNED || e.preemptions() != bound) {
                    continue;
                }
                if (checker.check(e) instanceof Verdict.Violation v && v.kind() == kind
                        && (best == null || Explorer.MINIMAL.compare(e, best) < 0)) {
                    best = e;
                    if (cut) {
                        break;
                    }
                }
            }
            if (best != null) {
                return cut || Explorer.MINIMAL.compare(best, found) <= 0 ? best : found;
            }
        }
        return found;
    }
}
