package io.racex.strategy;

import io.racex.Coverage;
import io.racex.Ending;
import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.RacexException;
import io.racex.Execution;

/**
 * Iterative preemption bounding (Musuvathi and Qadeer, PLDI 2007): every schedule with 0
 * preemptions, then every schedule with exactly 1, then 2, … up to {@code K}. Most races need
 * one or two preemptions, so this finds them early, and the first violation found has the fewest
 * preemptions possible.
 *
 * <p>Each round is a {@link DepthFirst} search bounded at the round's number; the schedules with
 * fewer preemptions it runs again were judged in an earlier round, so {@link #counts(Execution)}
 * tells the explorer to skip them. Once a round contains a violation the search stops at the end of
 * that round ({@link #stopAfterRound()}): later rounds cannot hold a schedule with fewer
 * preemptions. If a round's bound cut nothing, no schedule needs more preemptions and the search
 * is complete.
 */
public final class IterativeBounding implements Strategy {
    private final int maxBound;
    private int bound;
    private DepthFirst round;
    private int completedBound = -1;
    private boolean everything;
    private boolean stopRequested;

    /** Rounds 0, 1, … {@code maxBound} preemptions. */
    public IterativeBounding(int maxBound) {
        if (maxBound < 0) {
            throw new RacexException("--preemptions must be 0 or more, was " + maxBound);
        }
        this.maxBound = maxBound;
        this.round = new DepthFirst(0);
    }

    @Override
    public boolean beginExecution() {
        while (true) {
            if (round.beginExecution()) {
                return true;
            }
            completedBound = bound;
            if (!round.boundHit()) {
                everything = true;
                return false;
            }
            if (stopRequested || bound == maxBound) {
                return false;
            }
            bound++;
            round = new DepthFirst(bound);
        }
    }

    @Override
    public int choose(SchedulingView view) {
        return round.choose(view);
    }

    @Override
    public void endExecution(Execution execution) {
        round.endExecution(execution);
    }

    /** Whether {@code execution}, just run, is new: it has exactly this round's number of preemptions. */
    @Override
    public boolean counts(Execution execution) {
        return execution.preemptions() >= bound;
    }

    /** Ends the search with the current round: later rounds cannot hold a violation with fewer preemptions. */
    @Override
    public AfterViolation violationFound(Execution execution) {
        stopRequested = true;
        return AfterViolation.GO_ON;
    }

    /** Complete when every round up to the bound ran, or a round showed that no schedule needs more. */
    @Override
    public boolean complete() {
        return everything || completedBound == maxBound;
    }

    @Override
    public Coverage coverage(Ending ending, long executions, boolean found) {
        if (ending != Ending.EXHAUSTED) {
            return Strategy.super.coverage(ending, executions, found);
        }
        if (everything) {
            return new Coverage(true, "every schedule was explored (none needs more than " + completedBound + " preemptions)");
        }
        String upTo = "every schedule with at most " + completedBound + (completedBound == 1 ? " preemption" : " preemptions")
                + " was explored";
        return new Coverage(complete(), completedBound < maxBound && found
                ? upTo + "; the search stopped there, as no violation can have fewer preemptions" : upTo);
    }

    /** Whether every schedule was run: some round's bound cut nothing. */
    public boolean coveredEverything() {
        return everything;
    }

    /** The highest bound whose round ran to the end, or -1. */
    public int completedBound() {
        return completedBound;
    }

    public int maxBound() {
        return maxBound;
    }

    @Override
    public String name() {
        return "bounded";
    }
}
