package io.racex.strategy;

import io.racex.RacexException;
import io.racex.runtime.Execution;
import io.racex.schedule.Schedule;

/**
 * Runs exactly one schedule. Steps past the end of the schedule continue without preemption (the
 * thread that moved last goes on, else the lowest-numbered one), so a pasted prefix also replays.
 */
public final class Replay implements Strategy {
    private final Schedule schedule;
    private boolean ran;
    private int position;

    public Replay(Schedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public boolean beginExecution() {
        if (ran) {
            return false;
        }
        ran = true;
        position = 0;
        return true;
    }

    @Override
    public int choose(SchedulingView view) {
        int p = position++;
        if (p < schedule.length()) {
            int t = schedule.choice(p);
            if (t >= view.threadCount()) {
                throw new RacexException("schedule " + schedule.token() + " does not fit this scenario: step " + (p + 1)
                        + " names thread " + (t + 1) + " but the scenario has " + view.threadCount() + " threads");
            }
            if (!view.isEnabled(t)) {
                throw new RacexException("schedule " + schedule.token() + " does not fit this scenario: at step " + (p + 1)
                        + " thread " + (t + 1) + " cannot move (threads that can: "
                        + DepthFirst.threads(view.enabled()) + ")");
            }
            return t;
        }
        int current = view.current();
        return view.isEnabled(current) ? current : view.enabled()[0];
    }

    @Override
    public void endExecution(Execution execution) {
        if (position < schedule.length()) {
            throw new RacexException("schedule " + schedule.token() + " does not fit this scenario: it has "
                    + schedule.length() + " steps but the execution ended after " + position);
        }
    }

    @Override
    public boolean complete() {
        return true;
    }

    @Override
    public String name() {
        return "replay";
    }
}
