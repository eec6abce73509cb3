package io.racex.strategy;

import io.racex.Coverage;
import io.racex.Ending;
import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.Execution;
import java.util.OptionalLong;

/**
 * A strategy that hands every call to another one; subclasses override what they observe or
 * change (counting steps, noting how a database stepped in, keeping to one shard) and leave the
 * search itself to the strategy they wrap.
 */
public abstract class ForwardingStrategy implements Strategy {
    /** The strategy that does the searching. */
    protected final Strategy inner;

    protected ForwardingStrategy(Strategy inner) {
        this.inner = inner;
    }

    @Override
    public boolean beginExecution() {
        return inner.beginExecution();
    }

    @Override
    public int choose(SchedulingView view) {
        return inner.choose(view);
    }

    @Override
    public void endExecution(Execution execution) {
        inner.endExecution(execution);
    }

    @Override
    public boolean complete() {
        return inner.complete();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean counts(Execution execution) {
        return inner.counts(execution);
    }

    @Override
    public AfterViolation violationFound(Execution execution) {
        return inner.violationFound(execution);
    }

    @Override
    public Coverage coverage(Ending ending, long executions, boolean found) {
        return inner.coverage(ending, executions, found);
    }

    @Override
    public boolean replays() {
        return inner.replays();
    }

    @Override
    public boolean keptMinimal() {
        return inner.keptMinimal();
    }

    @Override
    public OptionalLong seed() {
        return inner.seed();
    }
}
