package io.racex.engine;

import io.racex.Execution;
import io.racex.Termination;
import io.racex.Coverage;
import io.racex.Ending;
import io.racex.strategy.ForwardingStrategy;
import io.racex.SchedulingView;
import io.racex.Strategy;
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
 * Strategy#PRUNE}) or, if shorter, not {@linkplain #counts counted}.
 */
final class ShardedStrategy extends ForwardingStrategy {
    private final int depth;
    private final Shard shard;
    private final LongPredicate owns;
    private int[] prefix;
    private int position;
    private boolean decided;
    private boolean owned;
    private int[] lastKey;
    private long subtree = -1;
    private boolean lastOwned;

    /**
     * @param shard the part of the search this is (for what it reports)
     * @param owns whether this worker runs the {@code i}-th subtree (its shard's, and not claimed by another worker)
     */
    ShardedStrategy(Strategy inner, int depth, Shard shard, LongPredicate owns) {
        super(inner);
        this.depth = depth;
        this.shard = shard;
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

    @Override
    public boolean counts(Execution execution) {
        return owned && inner.counts(execution);
    }

    @Override
    public Coverage coverage(Ending ending, long executions, boolean found) {
        Coverage whole = inner.coverage(ending, executions, found);
        if (shard.isAll()) {
            return whole;
        }
        if (!whole.complete()) {
            return new Coverage(false, "shard " + shard + ": " + whole.sentence());
        }
        return new Coverage(true, "shard " + shard + " complete: " + executions + " executions of this shard; shards 1.."
                + shard.count() + " together run every execution of the " + inner.name() + " search exactly once");
    }

    /** Only the whole search ran every schedule: one shard's least violation may not be the least of all. */
    @Override
    public boolean keptMinimal() {
        return shard.isAll() && inner.keptMinimal();
    }
}
