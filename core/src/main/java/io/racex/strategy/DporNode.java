package io.racex.strategy;

import java.util.BitSet;

/**
 * A state of {@link Dpor}'s search: the node reached after the choices above it, one per step of
 * the current execution. Only the nodes of the current branch are kept; what was explored below a
 * node is gone once the search backtracks past it, and what is still to come is in
 * {@link #wakeup}.
 */
final class DporNode {
    final int[] enabled;
    /** Each thread's next step here, or null when it has finished or waits inside the store. */
    final DporEvent[] next;
    /** Threads whose next step here need not be tried: every trace it starts was (or will be) explored elsewhere. */
    final BitSet sleep;
    /** The sleeping threads put to sleep at a fully expanded level (see {@link Dpor}'s reverse). */
    final BitSet untrusted;
    final int depth;
    /** Sequences still to explore from here; the branch being explored is no longer in it. */
    final DporTree wakeup;
    int chosen = -1;
    /** Per thread, how many sequences races have planted below this node's branch of that thread (see {@link DporSubtrees#grown}). */
    int[] growth;
    /** The wakeup subtree of the chosen thread: what the next node starts with. */
    DporTree childWakeup;
    BitSet childSleep;
    BitSet childUntrusted;

    DporNode(int depth, int[] enabled, DporEvent[] next, BitSet sleep, BitSet untrusted, DporTree wakeup) {
        this.depth = depth;
        this.enabled = enabled;
        this.next = next;
        this.sleep = sleep;
        this.untrusted = untrusted;
        this.wakeup = wakeup;
    }

    DporEvent event() {
        return next[chosen];
    }

    boolean isEnabled(int thread) {
        for (int t : enabled) {
            if (t == thread) {
                return true;
            }
        }
        return false;
    }
}
