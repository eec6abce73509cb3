package io.racex.testing;

import io.racex.Strategy;
import io.racex.Scenario;
import io.racex.engine.ControlledRuntime;
import io.racex.Execution;
import io.racex.Step;
import io.racex.Termination;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brute force over interleavings, for checking DPOR: the Mazurkiewicz trace of an execution in a
 * canonical form, and every execution a strategy runs.
 */
public final class Traces {
    private Traces() {}

    /**
     * The trace of an execution, canonically: per thread, its steps in program order, each with
     * its value and its vector clock (how many steps of each thread happen before it, through
     * chains of conflicting steps). Two executions have the same form exactly when one can be
     * turned into the other by swapping adjacent steps that do not conflict.
     */
    public static String canonical(Execution e) {
        List<Step> steps = e.steps();
        int n = e.results().size();
        int[][] clocks = new int[steps.size()][];
        int[] count = new int[n];
        List<List<String>> perThread = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            perThread.add(new ArrayList<>());
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int[] c = new int[n];
            for (int j = 0; j < i; j++) {
                Step o = steps.get(j);
                if (o.thread() == s.thread() || o.footprint().conflictsWith(s.footprint())) {
                    for (int k = 0; k < n; k++) {
                        c[k] = Math.max(c[k], clocks[j][k]);
                    }
                }
            }
            c[s.thread()] = ++count[s.thread()];
            clocks[i] = c;
            perThread.get(s.thread()).add(s.kind().label() + " " + s.target() + "=" + s.value() + " " + Arrays.toString(c));
        }
        return e.termination() + " " + perThread;
    }

    /**
     * Runs every execution of {@code strategy} and returns the traces of those not abandoned, or
     * null if there are more than {@code limit} executions.
     */
    public static <H> List<String> run(Scenario<H> scenario, Strategy strategy, long limit) {
        List<String> traces = new ArrayList<>();
        try (Store<H> store = scenario.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            long runs = 0;
            while (strategy.beginExecution()) {
                if (++runs > limit) {
                    return null;
                }
                Execution e = runtime.run(scenario, store, strategy);
                strategy.endExecution(e);
                if (e.termination() != Termination.PRUNED) {
                    traces.add(canonical(e));
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return traces;
    }
}
