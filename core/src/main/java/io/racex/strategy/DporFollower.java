package io.racex.strategy;

import io.racex.store.StepRequest;
import java.util.BitSet;

/**
 * Runs the one execution a {@link DporPlan} describes, making after the plan's branch the same
 * choices {@link Dpor} makes (the thread that moved last if it can move and is not asleep, else
 * the lowest such thread; sleep sets carried the same way). Parallel exploration uses it to run
 * executions the search will ask for later; the search then checks every choice against its own.
 */
public final class DporFollower implements Strategy {
    private final DporPlan plan;
    private boolean ran;
    private int position;
    private BitSet sleep;
    private boolean failed;

    public DporFollower(DporPlan plan) {
        this.plan = plan;
    }

    @Override
    public boolean beginExecution() {
        if (ran) {
            return false;
        }
        ran = true;
        return true;
    }

    @Override
    public int choose(SchedulingView view) {
        int pos = position++;
        int[] prefix = plan.prefix();
        if (pos < prefix.length) {
            return prefix[pos];
        }
        if (pos == prefix.length) {
            sleep = (BitSet) plan.sleep().clone();
        }
        int[] enabled = view.enabled();
        int k = pos - prefix.length;
        int p;
        if (k < plan.path().length) {
            p = plan.path()[k];
            if (sleep.get(p) || !view.isEnabled(p)) {
                failed = true; // the search would drop this branch and try its sibling: not predictable here
                return PRUNE;
            }
        } else {
            p = Dpor.fresh(view, enabled, sleep);
            if (p < 0) {
                return PRUNE;
            }
        }
        StepRequest r = view.pending(p);
        DporEvent e = DporEvent.of(p, r);
        BitSet s = new BitSet();
        for (int q = sleep.nextSetBit(0); q >= 0; q = sleep.nextSetBit(q + 1)) {
            StepRequest rq = view.pending(q);
            if (rq != null && !DporEvent.of(q, rq).dependsOn(e)) {
                s.set(q);
            }
        }
        sleep = s;
        return p;
    }

    /** Whether the plan could not be followed (its branch's thread could not move); the run is then of no use. */
    public boolean failed() {
        return failed;
    }

    @Override
    public boolean complete() {
        return ran;
    }

    @Override
    public String name() {
        return "exhaustive";
    }
}
