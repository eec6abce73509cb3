package io.racex.explore;

import io.racex.runtime.Execution;
import io.racex.runtime.Termination;
import io.racex.strategy.SchedulingView;
import io.racex.strategy.ForwardingStrategy;
import io.racex.strategy.Strategy;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Restricts a depth-first strategy to some of the subtrees at a fixed depth. The inner strategy
 * must visit each prefix of {@code depth} choices in one contiguous run of executions and expand
 * every enabled thread above that depth ({@link io.racex.strategy.DepthFirst}, or
 * {@link io.racex.strategy.Dpor} built with that depth): then the subtrees are numbered 0, 1, 2, …
 * in the order they are reached, identically in every process, and an execution belongs to the
 * subtree its first {@code depth} choices lead into (an execution shorter than that is a subtree of
 * its own). Executions of subtrees that {@code owns} refuses are abandoned at that depth ({@link
 * Strategy#PRUNE}) or, if shorter, reported by {@link #ownsLast()} so the explorer skips them.
 */
final class ShardedStrategy extends ForwardingStrategy {
    private final int depth;
    private final LongPredicate owns;
    private int[] prefix;
    private int position;
    private boolean decided;
    private boolean owned;
    private int[] lastKey;
    private long subtree = -1;
    private boolean lastOwned;

    ShardedStrategy(Strategy inner, int depth, LongPredicate owns) {
        super(inner);
        this.depth = depth;
        this.owns = owns;
        this.prefix = new int[Math.max(depth, 1)];
    }

    @Override
    public boolean beginExecution() {
        position = 0;
        decided = false;
        owned = true;
        return inner.beginExecution();
    }

    @Override
    public int choose(SchedulingView view) {
        if (position == depth && !decided) {
            decide(Arrays.copyOf(prefix, depth));
            if (!owned) {
                return PRUNE;
            }
        }
        int c = inner.choose(view);
        if (c >= 0 && position < depth) {
            prefix[position] = c;
        }
        position++;
        return c;
    }

    @Override
    public void endExecution(Execution execution) {
        inner.endExecution(execution);
        if (!decided && execution.termination() != Termination.PRUNED) {
            decide(Arrays.copyOf(prefix, Math.min(position, depth)));
        }
    }

    private void decide(int[] key) {
        if (!Arrays.equals(key, lastKey)) {
            lastKey = key;
            subtree++;
            lastOwned = owns.test(subtree);
        }
        owned = lastOwned;
        decided = true;
    }

    /** Whether the execution just ended belongs to this part of the search (abandoned ones never count). */
    boolean ownsLast() {
        return owned;
    }

    /** Subtrees reached so far. */
    long subtrees() {
        return subtree + 1;
    }

    Strategy inner() {
        return inner;
    }
}
