package io.racex.strategy;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Where one execution of {@link Dpor} goes: the choices of its {@code prefix} (replayed), then
 * the threads of {@code path} (a branch of the wakeup tree, taken at the node after the prefix),
 * then the thread that moved last or else the lowest one that is not asleep. {@code sleep} is the
 * sleep set at the branching node. Given these, the execution is fully determined.
 *
 * @param prefix thread choices before the branch, 0-based
 * @param path the branch's threads, first the one chosen at the branching node
 * @param sleep threads asleep at the branching node
 */
public record DporPlan(int[] prefix, int[] path, BitSet sleep) {
    public DporPlan {
        prefix = prefix.clone();
        path = path.clone();
        sleep = (BitSet) sleep.clone();
    }

    /** A value naming the plan, equal for equal plans. */
    public String key() {
        return Arrays.toString(prefix) + Arrays.toString(path) + sleep;
    }
}
