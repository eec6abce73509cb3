package io.racex.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * A wakeup tree (Abdulla et al., JACM 2017, section 6): ordered sequences of events still to be
 * explored from one node of the search. Each path from the root is a sequence; children are kept
 * in insertion order, which is the order they are explored in.
 */
final class DporTree {
    final DporEvent event;
    final List<DporTree> children = new ArrayList<>(2);

    DporTree(DporEvent event) {
        this.event = event;
    }

    boolean isLeaf() {
        return children.isEmpty();
    }

    /**
     * Inserts sequence {@code w}: finds the first node {@code u} in post-order whose path is
     * compatible with {@code w} (each of its events is an initial of what remains of {@code w}, or
     * independent of all of it). If that node is a leaf, some sequence already explores an
     * equivalent of {@code w} and nothing changes; otherwise the remainder of {@code w} is added
     * below it as a new last branch.
     *
     * @return the thread of the branch (a child of this node) below which something was added, or
     *     -1 if nothing was added or the addition is a new branch of its own
     */
    int insert(List<DporEvent> w, int threads) {
        for (DporTree child : children) {
            List<DporEvent> after = step(w, child.event, threads);
            if (after != null) {
                return visit(child, after, threads) ? child.event.thread() : -1;
            }
        }
        add(this, w);
        return -1;
    }

    /** Settles the insertion of {@code rest} within {@code node}'s subtree ({@code rest} is compatible with its path); whether something was added. */
    private static boolean visit(DporTree node, List<DporEvent> rest, int threads) {
        for (DporTree child : node.children) {
            List<DporEvent> after = step(rest, child.event, threads);
            if (after != null) {
                return visit(child, after, threads);
            }
        }
        if (node.isLeaf()) {
            return false;
        }
        add(node, rest);
        return true;
    }

    private static void add(DporTree at, List<DporEvent> rest) {
        for (DporEvent e : rest) {
            DporTree t = new DporTree(e);
            at.children.add(t);
            at = t;
        }
    }

    /**
     * What remains of {@code w} after running {@code p} first: {@code w} without {@code p}'s thread's
     * first event if that event is an initial of {@code w}; {@code w} itself if {@code p} is
     * independent of all of it; {@code null} if neither holds (the sequences disagree).
     */
    static List<DporEvent> step(List<DporEvent> w, DporEvent p, int threads) {
        int thread = p.thread();
        int f = -1;
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i).thread() == thread) {
                f = i;
                break;
            }
        }
        if (f >= 0) {
            if (!w.get(f).sameStep(p)) {
                return null; // only when one of them is a guess (see Dpor): different steps are different sequences
            }
            DporClocks c = new DporClocks(w.subList(0, f + 1), threads);
            if (!c.isInitial(f)) {
                return null;
            }
            List<DporEvent> out = new ArrayList<>(w.size() - 1);
            for (int i = 0; i < w.size(); i++) {
                if (i != f) {
                    out.add(w.get(i));
                }
            }
            return out;
        }
        for (DporEvent e : w) {
            if (p.conflicts(e)) {
                return null;
            }
        }
        return w;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(event == null ? "root" : event.toString());
        if (!children.isEmpty()) {
            sb.append(children);
        }
        return sb.toString();
    }
}
