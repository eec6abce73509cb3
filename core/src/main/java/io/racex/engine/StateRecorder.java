package io.racex.engine;

import io.racex.Execution;
import io.racex.SchedulingView;
import io.racex.Strategy;
import io.racex.Termination;
import io.racex.store.Store;
import io.racex.strategy.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays an execution once more and reads the store between its steps, so a report can show the
 * state after each step. The runtime asks the strategy at every scheduling point while every
 * thread is stopped (or blocked inside a database), which is exactly when the store may be read.
 */
final class StateRecorder implements Strategy {
    /** Executions longer than this (a livelock cut at the step bound) are not recorded step by step. */
    static final int MAX_STEPS = 500;

    private final Replay replay;
    private final Store<?> store;
    private final List<Map<String, Object>> before = new ArrayList<>();
    private boolean failed;

    private StateRecorder(Execution e, Store<?> store) {
        this.replay = new Replay(e.schedule());
        this.store = store;
    }

    /**
     * The state before the first step of {@code e} and after each of its steps, read by running its schedule again on {@code store};
     * empty when the execution is too long, did not end normally, or the store could not be read
     * (or the replay did not give the same steps).
     */
    static <H> List<Map<String, Object>> record(Search<H> search, Execution e) {
        if (e.steps().size() > MAX_STEPS || e.termination() == Termination.TIMEOUT
                || e.termination() == Termination.STEP_BOUND) {
            return List.of();
        }
        StateRecorder r = new StateRecorder(e, search.store);
        try {
            if (!r.beginExecution()) {
                return List.of();
            }
            Execution again = search.runtime.run(search.scenario, search.store, r);
            r.endExecution(again);
            if (r.failed || again.steps().size() != e.steps().size() || r.before.size() < e.steps().size()) {
                return List.of();
            }
            List<Map<String, Object>> states = new ArrayList<>(r.before.subList(0, e.steps().size()));
            states.add(again.finalState());
            return states;
        } catch (Exception | AssertionError ex) {
            return List.of(); // a picture without states is still a picture
        }
    }

    @Override
    public boolean beginExecution() {
        before.clear();
        return replay.beginExecution();
    }

    @Override
    public int choose(SchedulingView view) {
        if (!failed) {
            try {
                before.add(store.snapshot());
            } catch (Exception ex) {
                failed = true;
            }
        }
        return replay.choose(view);
    }

    @Override
    public void endExecution(Execution execution) {
        replay.endExecution(execution);
    }

    @Override
    public boolean complete() {
        return false;
    }

    @Override
    public String name() {
        return "replay";
    }
}
