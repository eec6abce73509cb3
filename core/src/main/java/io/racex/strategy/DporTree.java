package io.racex.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * A wakeup tree (Abdulla et al., JACM 2017, section 6): ordered sequences of events still to be
 * explored from one node of the search. Each path from the root is a sequence; children are kept
 * in insertion order, which is the order they are explored in.
 *
 * <p>The pending wakeup trees are most of what a long search keeps (lastzero(20): about five new
 * tree nodes per execution, all pending), so a node is three references: its event (interned by
 * {@link Dpor}, so shared by every node of that step), its first child and its next sibling. An
 * {@code ArrayList} of children per node would take three times as much.
 *
 * <p>Taking the first child ({@link #removeFirst}) changes no node, only this node's head: a
 * taken branch's children become the next node's tree ({@link #below}) without copying, and
 * {@link Dpor#abandonExecution} can undo what an execution took ({@link #mark}, {@link #reset}).
 */
final class DporTree {
    final DporEvent event;
    private DporTree first;
    private DporTree next;

    DporTree(DporEvent event) {
        this.event = event;
    }

    boolean isLeaf() {
        return first == null;
    }

    /** The first child (the first sequence to explore below), or null for a leaf. */
    DporTree first() {
        return first;
    }

    /** The next sibling, or null for the last child. */
    DporTree next() {
        return next;
    }

    /** Removes the first child and returns it; the other children and the child itself are left as they are. */
    DporTree removeFirst() {
        DporTree f = first;
        first = f.next;
        return f;
    }

    /** Adds {@code child} (a node of no tree) as the last child. */
    void append(DporTree child) {
        if (first == null) {
            first = child;
            return;
        }
        DporTree last = first;
        while (last.next != null) {
            last = last.next;
        }
        last.next = child;
    }

    /** A root whose children are this node's children (shared, not copied). */
    DporTree below() {
        DporTree root = new DporTree(null);
        root.first = first;
        return root;
    }

    /** This node and its subtree, copied (not its siblings). */
    DporTree copy() {
        return copy(event);
    }

    /** This node's subtree, copied, under a new node of {@code top}. */
    DporTree copy(DporEvent top) {
        DporTree c = new DporTree(top);
        DporTree last = null;
        for (DporTree child = first; child != null; child = child.next) {
            DporTree cc = child.copy();
            if (last == null) {
                c.first = cc;
            } else {
                last.next = cc;
            }
            last = cc;
        }
        return c;
    }

    /**
     * The children as they are now, for {@link #reset}: the first and the last. Children are only
     * ever taken from the front and added at the end, so these two restore the list.
     */
    DporTree[] mark() {
        DporTree last = first;
        while (last != null && last.next != null) {
            last = last.next;
        }
        return new DporTree[] {first, last};
    }

    /** Puts the children back as {@link #mark} saw them: what was taken since is back, what was added is gone. */
    void reset(DporTree[] mark) {
        first = mark[0];
        if (mark[1] != null) {
            mark[1].next = null;
        }
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
        for (DporTree child = first; child != null; child = child.next) {
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
        for (DporTree child = node.first; child != null; child = child.next) {
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
            at.append(t);
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
        if (first != null) {
            sb.append('[');
            for (DporTree child = first; child != null; child = child.next) {
                sb.append(child);
                if (child.next != null) {
                    sb.append(", ");
                }
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
