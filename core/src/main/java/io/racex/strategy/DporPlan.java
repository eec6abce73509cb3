package io.racex.strategy;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Where one execution of {@link Dpor} goes: the choices of its {@code prefix} (replayed), then
 * the threads of {@code path} (a branch of the wakeup tree, taken at the node after the prefix),
 * then the thread that moved last or else the lowest one that is not asleep. {@code sleep} is the
 * sleep set at the branching node. Given these, the execution is fully determined, and
 * {@link #key()} names it.
 *
 * <p>A plan listed by {@link DporSubtrees#stealable} also carries a copy of its branch's whole
 * wakeup subtree, so that {@link DporSubtrees#subtree} can explore everything below the branch the
 * way the search that listed it would.
 */
public final class DporPlan {
    private final int[] prefix;
    private final int[] path;
    private final BitSet sleep;
    /** The branch's wakeup subtree (its first event is the branch's), or null when not carried. */
    final DporTree branch;
    /** How many sequences had been planted below the branch when the plan was listed ({@link DporSubtrees#grown}); -1 if unknown. */
    final int version;
    private String key;

    /**
     * @param prefix thread choices before the branch, 0-based
     * @param path the branch's threads, first the one chosen at the branching node
     * @param sleep threads asleep at the branching node
     */
    public DporPlan(int[] prefix, int[] path, BitSet sleep) {
        this(prefix, path, sleep, null, -1);
    }

    DporPlan(int[] prefix, int[] path, BitSet sleep, DporTree branch, int version) {
        this.prefix = prefix.clone();
        this.path = path.clone();
        this.sleep = (BitSet) sleep.clone();
        this.branch = branch;
        this.version = version;
    }

    /** Thread choices before the branch, 0-based. */
    public int[] prefix() {
        return prefix.clone();
    }

    /** The branch's threads, first the one chosen at the branching node. */
    public int[] path() {
        return path.clone();
    }

    /** Threads asleep at the branching node. */
    public BitSet sleep() {
        return (BitSet) sleep.clone();
    }

    /** A value naming the plan, equal for plans of the same execution. */
    public String key() {
        if (key == null) {
            key = Arrays.toString(prefix) + Arrays.toString(path) + sleep;
        }
        return key;
    }

    /** The prefix itself, not a copy: for this package's readers, which do not change it. */
    int[] prefixView() {
        return prefix;
    }

    /** The thread of the branch's first step. */
    int firstThread() {
        return path[0];
    }

    /** Whether {@code other}'s execution lies in the subtree below this plan's branch (its first step included). */
    public boolean contains(DporPlan other) {
        int n = prefix.length;
        if (other.prefix.length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (other.prefix[i] != prefix[i]) {
                return false;
            }
        }
        if (other.prefix.length == n) {
            return other.path.length > 0 && other.path[0] == path[0]; // the search's first plan is no branch at all
        }
        return other.prefix[n] == path[0];
    }

    @Override
    public String toString() {
        return key();
    }
}
