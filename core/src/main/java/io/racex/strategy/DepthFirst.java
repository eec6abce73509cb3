package io.racex.strategy;

import io.racex.Coverage;
import io.racex.Ending;
import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.RacexException;
import io.racex.Execution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain depth-first search over every interleaving, optionally bounded in preemptions.
 * Stateless: each execution replays the prefix of the previous one and takes the next
 * alternative at the deepest choice point that has one. At each point the thread that moved last
 * is tried first, so the first execution has no preemption and alternatives come in order of
 * added preemptions.
 */
public final class DepthFirst implements Strategy {
    private final int preemptionBound;
    private final List<Node> stack = new ArrayList<>();
    private int depth;
    private boolean started;
    private boolean exhausted;
    private boolean boundHit;

    /** A choice point: the threads that could move, in trial order, and which one is being tried. */
    private static final class Node {
        final int[] enabled;
        final int[] options;
        int index;

        Node(int[] enabled, int[] options) {
            this.enabled = enabled;
            this.options = options;
        }
    }

    /** Every interleaving. */
    public DepthFirst() {
        this(Integer.MAX_VALUE);
    }

    /** Every interleaving with at most {@code preemptionBound} preemptions. */
    public DepthFirst(int preemptionBound) {
        if (preemptionBound < 0) {
            throw new RacexException("the preemption bound must be 0 or more, was " + preemptionBound);
        }
        this.preemptionBound = preemptionBound;
    }

    @Override
    public boolean beginExecution() {
        depth = 0;
        if (!started) {
            started = true;
            return true;
        }
        while (!stack.isEmpty()) {
            Node top = stack.get(stack.size() - 1);
            if (++top.index < top.options.length) {
                return true;
            }
            stack.remove(stack.size() - 1);
        }
        exhausted = true;
        return false;
    }

    @Override
    public int choose(SchedulingView view) {
        int[] enabled = view.enabled();
        if (depth < stack.size()) {
            Node node = stack.get(depth++);
            if (!Arrays.equals(node.enabled, enabled)) {
                throw Nondeterminism.at(depth, "the threads that could move were", threads(node.enabled), threads(enabled));
            }
            return node.options[node.index];
        }
        int current = view.current();
        boolean currentEnabled = view.isEnabled(current);
        int[] options;
        if (currentEnabled && view.preemptions() >= preemptionBound) {
            options = new int[] {current};
            if (enabled.length > 1) {
                boundHit = true;
            }
        } else {
            options = new int[enabled.length];
            int k = 0;
            if (currentEnabled) {
                options[k++] = current;
            }
            for (int t : enabled) {
                if (t != current || !currentEnabled) {
                    options[k++] = t;
                }
            }
        }
        stack.add(new Node(enabled, options));
        depth++;
        return options[0];
    }

    @Override
    public void endExecution(Execution execution) {
        // an execution that ended early (deadlock, step bound) leaves deeper points unvisited for good
        while (stack.size() > depth) {
            stack.remove(stack.size() - 1);
        }
    }

    @Override
    public boolean complete() {
        return exhausted && !boundHit;
    }

    @Override
    public Coverage coverage(Ending ending, long executions, boolean found) {
        if (ending != Ending.EXHAUSTED || preemptionBound == Integer.MAX_VALUE) {
            return Strategy.super.coverage(ending, executions, found);
        }
        return complete() ? new Coverage(true, "every schedule was explored (the bound of " + preemptionBound + " preemptions cut nothing)")
                : new Coverage(false, "every schedule with at most " + preemptionBound + " preemptions was explored");
    }

    /** An unbounded search that ran to the end ran every schedule: the least violation it kept is the minimal one. */
    @Override
    public boolean keptMinimal() {
        return preemptionBound == Integer.MAX_VALUE && exhausted;
    }

    /** Whether the preemption bound cut off some schedules. */
    public boolean boundHit() {
        return boundHit;
    }

    public int preemptionBound() {
        return preemptionBound;
    }

    @Override
    public String name() {
        return preemptionBound == Integer.MAX_VALUE ? "naive" : "bounded";
    }

    static String threads(int[] ts) {
        return Nondeterminism.threads(ts);
    }
}
