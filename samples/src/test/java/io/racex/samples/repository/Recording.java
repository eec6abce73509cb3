package io.racex.samples.repository;

import io.racex.Execution;
import io.racex.Strategy;
import io.racex.strategy.ForwardingStrategy;
import java.util.ArrayList;
import java.util.List;

/** A strategy that keeps every execution it ran, for tests that look at all of them. */
final class Recording extends ForwardingStrategy {
    final List<Execution> executions = new ArrayList<>();

    Recording(Strategy inner) {
        super(inner);
    }

    @Override
    public void endExecution(Execution execution) {
        executions.add(execution);
        super.endExecution(execution);
    }
}
