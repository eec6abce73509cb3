package io.racex.strategy;

import io.racex.Coverage;
import io.racex.Ending;
import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.RacexException;
import io.racex.Execution;
import io.racex.Termination;
import io.racex.Schedule;

/**
 * Runs exactly one schedule. A replay is not a search: it is never complete, it reports
 * "replayed 1 schedule", and its violation is shown as it ran. The schedule must name every step
 * of the execution: one that is shorter (threads could still move after its last step) or longer
 * (the execution ended before its last step) does not fit the scenario and is an error, except
 * that an execution cut short by the step bound or the step timeout is reported as what it is.
 */
public final class Replay implements Strategy {
    private final Schedule schedule;
    private final boolean continues;
    private boolean ran;
    private int position;
    private Execution last;

    /** Replays exactly {@code schedule}. */
    public Replay(Schedule schedule) {
        this(schedule, false);
    }

    private Replay(Schedule schedule, boolean continues) {
        this.schedule = schedule;
        this.continues = continues;
    }

    /**
     * Replays {@code schedule}, then goes on without preemption (the thread that moved last goes
     * on, else the lowest-numbered one): for tests of the runtime that need an execution, not a
     * report.
     */
    public static Replay prefix(Schedule schedule) {
        return new Replay(schedule, true);
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
                throw misfit("step " + (p + 1) + " names thread " + (t + 1) + " but the scenario has " + view.threadCount()
                        + " threads");
            }
            if (!view.isEnabled(t)) {
                throw misfit("at step " + (p + 1) + " thread " + (t + 1) + " cannot move (threads that can: "
                        + DepthFirst.threads(view.enabled()) + ")");
            }
            return t;
        }
        if (!continues) {
            throw misfit("it is shorter than the execution: after its " + count(schedule.length()) + " threads "
                    + DepthFirst.threads(view.enabled()) + " can still move (a token names every step: copy all of it,"
                    + " with the options of the run that printed it, such as --max-steps)");
        }
        int current = view.current();
        return view.isEnabled(current) ? current : view.enabled()[0];
    }

    @Override
    public void endExecution(Execution execution) {
        last = execution;
        Termination end = execution.termination();
        if (position < schedule.length() && end != Termination.TIMEOUT && end != Termination.STEP_BOUND) {
            throw misfit("it has " + count(schedule.length()) + " but the execution ended after " + position
                    + (end == Termination.DEADLOCK ? ", in a deadlock" : ""));
        }
    }

    private RacexException misfit(String why) {
        return new RacexException("schedule " + Schedule.abbreviate(schedule.token()) + " does not fit this scenario: " + why);
    }

    private static String count(int steps) {
        return steps + (steps == 1 ? " step" : " steps");
    }

    /** Never: a replay runs one schedule, it searches nothing. */
    @Override
    public boolean complete() {
        return false;
    }

    @Override
    public Coverage coverage(Ending ending, long executions, boolean found) {
        String cut = "";
        if (last != null && last.termination() == Termination.TIMEOUT) {
            cut = "; it timed out after " + position + " of its " + count(schedule.length()) + " (" + last.detail() + ")";
        } else if (last != null && last.termination() == Termination.STEP_BOUND) {
            cut = "; it exceeded the step bound after " + last.schedule().length() + " of its " + count(schedule.length());
        }
        return new Coverage(false, "replayed 1 schedule" + cut);
    }

    @Override
    public boolean replays() {
        return true;
    }

    @Override
    public String name() {
        return "replay";
    }
}
