package io.racex.engine;

import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Step;
import io.racex.Termination;
import io.racex.Scenario;
import io.racex.Schedule;
import io.racex.store.StepRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The record of one execution as it grows: the choices made, the steps run with their values, each
 * operation's result and span. Written by whoever holds the execution (the controller or the
 * baton holder), one at a time; read by the strategy through the {@link Run}'s view.
 */
final class ExecutionLog {
    private final List<Step> history = new ArrayList<>();
    private final List<Step> historyView = Collections.unmodifiableList(history);
    private final List<List<OpResult>> results = new ArrayList<>();
    private final List<List<int[]>> spans = new ArrayList<>();
    /** The step each granted thread is running, captured at the grant, before it announces its next one. */
    private final StepRequest[] ran;
    private final int[] ranOp;
    private int[] choices = new int[64];
    int position;
    int current = -1;
    int preemptions;

    ExecutionLog(Scenario<?> scenario) {
        int n = scenario.threads().size();
        this.ran = new StepRequest[n];
        this.ranOp = new int[n];
        for (int t = 0; t < n; t++) {
            int ops = scenario.threads().get(t).operations().size();
            results.add(Arrays.asList(new OpResult[ops]));
            List<int[]> s = new ArrayList<>(ops);
            for (int i = 0; i < ops; i++) {
                s.add(new int[] {-1, -1});
            }
            spans.add(s);
        }
    }

    /** Thread {@code t}'s results, one slot per operation, filled by the thread itself. */
    List<OpResult> results(int t) {
        return results.get(t);
    }

    List<Step> history() {
        return historyView;
    }

    /** Thread {@code c} was chosen to run {@code request}, in operation {@code op}. */
    void chose(int c, boolean preempts, StepRequest request, int op) {
        if (preempts) {
            preemptions++;
        }
        if (position == choices.length) {
            choices = Arrays.copyOf(choices, position * 2);
        }
        choices[position++] = c;
        current = c;
        ran[c] = request;
        ranOp[c] = op;
    }

    /** Thread {@code t} finished the step it was chosen for, if any, with {@code value}. */
    void ran(int t, Object value, boolean waited) {
        StepRequest r = ran[t];
        if (r == null) {
            return;
        }
        int op = ranOp[t];
        int index = history.size();
        history.add(new Step(index, t, op, r.kind(), r.target(), r.footprint(), value, waited));
        int[] span = spans.get(t).get(op);
        if (span[0] < 0) {
            span[0] = index;
        }
        span[1] = index;
        ran[t] = null;
    }

    /**
     * The finished record. Unless the execution completed, some threads may still be in user code
     * (to be unwound or abandoned): the results are copied so that they cannot change it later.
     */
    Execution build(Termination termination, String detail, Map<String, Object> finalState) {
        List<List<OpResult>> res = results;
        if (termination != Termination.COMPLETED) {
            res = new ArrayList<>(results.size());
            for (List<OpResult> r : results) {
                res.add(Arrays.asList(r.toArray(new OpResult[0])));
            }
        }
        return new Execution(new Schedule(Arrays.copyOf(choices, position)), historyView, res, spans, finalState,
                termination, preemptions, detail);
    }
}
