package io.racex.check;

import io.racex.Invariant;
import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.runtime.Execution;
import io.racex.runtime.OpResult;
import io.racex.runtime.Termination;
import io.racex.store.StepGate;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges executions against the scenario's spec: the outcome must equal that of some serial order
 * of the same operations (keeping program order, and real-time order for {@link Spec#LINEARIZABLE}),
 * every invariant must hold, and the execution must not deadlock, livelock or time out.
 *
 * <p>The serial orders are run for real on the same store, from the same initial state, with every
 * step direct. The search for a matching order is pruned: an order is abandoned as soon as one of
 * its operations returns something other than what was observed, and prefixes that reach the same
 * state with the same operations done are searched once. Verdicts are cached by
 * (real-time constraints, observed outcome), which most executions share.
 */
public final class Checker<H> {
    private final Scenario<H> scenario;
    private final Store<H> store;
    private final List<List<String>> labels = new ArrayList<>();
    private final Map<Key, Boolean> cache = new HashMap<>();

    /** A cached verdict's key: the real-time constraints and the observed outcome (compared by value, no text built). */
    private record Key(int[][][] req, Outcome observed) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && observed.equals(k.observed) && Arrays.deepEquals(req, k.req);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.deepHashCode(req) + observed.hashCode();
        }
    }

    /** An outcome the spec allows, with one serial order that produces it. */
    public record Allowed(Outcome outcome, List<String> order) {}

    public Checker(Scenario<H> scenario, Store<H> store) {
        this.scenario = scenario;
        this.store = store;
        for (int t = 0; t < scenario.threads().size(); t++) {
            List<Operation<H>> ops = scenario.threads().get(t).operations();
            List<String> l = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (Operation<H> op : ops) {
                int k = seen.merge(op.name(), 1, Integer::sum);
                l.add("T" + (t + 1) + ": " + op.name() + (k > 1 ? " #" + k : ""));
            }
            labels.add(l);
        }
    }

    /** Label of operation {@code i} of thread {@code t}: {@code T1: transfer(b->a,100)}. */
    public String label(int t, int i) {
        return labels.get(t).get(i);
    }

    /** Judges one execution. */
    public Verdict check(Execution e) {
        switch (e.termination()) {
            case DEADLOCK:
                return new Verdict.Violation(FailureKind.DEADLOCK, "deadlock: " + e.detail(), List.of());
            case STEP_BOUND:
                return new Verdict.Violation(FailureKind.LIVELOCK, e.detail(), List.of());
            case TIMEOUT:
                return new Verdict.Violation(FailureKind.TIMEOUT, e.detail(), List.of());
            case PRUNED:
                return Verdict.PASS;
            default:
                break;
        }
        if (scenario.spec() == Spec.ASSERTIONS) {
            for (int t = 0; t < e.results().size(); t++) {
                for (OpResult r : e.results().get(t)) {
                    if (r != null && r.isException()) {
                        return new Verdict.Violation(FailureKind.EXCEPTION, "T" + (t + 1) + " " + r, List.of());
                    }
                }
            }
        }
        Outcome observed = observed(e);
        List<String> broken = new ArrayList<>();
        for (Invariant inv : scenario.invariants()) {
            boolean holds;
            try {
                holds = inv.holds().test(observed.state());
            } catch (RuntimeException ex) {
                holds = false;
            }
            if (!holds) {
                broken.add(inv.name());
            }
        }
        if (scenario.spec() != Spec.INVARIANTS_ONLY && scenario.spec() != Spec.ASSERTIONS) {
            int[][][] req = requirements(e);
            Key key = new Key(req, observed);
            Boolean ok = cache.get(key);
            if (ok == null) {
                ok = matchesSomeSerialOrder(observed, req);
                cache.put(key, ok);
            }
            if (!ok) {
                FailureKind kind = scenario.spec() == Spec.LINEARIZABLE ? FailureKind.NOT_LINEARIZABLE : FailureKind.NOT_SERIALIZABLE;
                return new Verdict.Violation(kind, "observed " + describe(observed)
                        + " is not the outcome of any serial order", broken);
            }
        }
        if (!broken.isEmpty()) {
            return new Verdict.Violation(FailureKind.INVARIANT, "invariant does not hold: " + String.join(", ", broken)
                    + " (final state " + observed.stateText() + ")", broken);
        }
        return Verdict.PASS;
    }

    static String describe(Outcome o) {
        String r = o.resultsText();
        return o.stateText() + (r.isEmpty() ? "" : " with " + r);
    }

    /** The outcome of a completed execution. */
    public Outcome observed(Execution e) {
        Map<String, OpResult> results = new LinkedHashMap<>();
        for (int t = 0; t < e.results().size(); t++) {
            List<OpResult> rs = e.results().get(t);
            for (int i = 0; i < rs.size(); i++) {
                results.put(label(t, i), rs.get(i));
            }
        }
        return new Outcome(results, e.finalState());
    }

    /**
     * The outcomes the spec allows for this execution's real-time constraints, each with one order
     * producing it; at most {@code limit} serial orders are run.
     */
    public List<Allowed> allowed(Execution e, int limit) {
        if (scenario.spec() == Spec.ASSERTIONS) {
            return List.of(); // the threads judge themselves; there is no serial order to compare with
        }
        int[][][] req = scenario.spec() == Spec.INVARIANTS_ONLY ? noRequirements() : requirements(e);
        Map<Outcome, List<String>> found = new LinkedHashMap<>();
        int n = labels.size();
        int[] next = new int[n];
        List<int[]> order = new ArrayList<>();
        enumerate(req, next, order, found, new int[] {limit});
        List<Allowed> out = new ArrayList<>();
        found.forEach((o, ord) -> out.add(new Allowed(o, ord)));
        return out;
    }

    private void enumerate(int[][][] req, int[] next, List<int[]> order, Map<Outcome, List<String>> found, int[] budget) {
        if (budget[0] <= 0) {
            return;
        }
        boolean any = false;
        for (int t = 0; t < next.length; t++) {
            if (next[t] < labels.get(t).size() && ready(req, next, t)) {
                any = true;
                order.add(new int[] {t, next[t]});
                next[t]++;
                enumerate(req, next, order, found, budget);
                next[t]--;
                order.remove(order.size() - 1);
            }
        }
        if (!any && order.size() == totalOps()) {
            budget[0]--;
            SerialRun run = runSerial(order);
            List<String> names = new ArrayList<>();
            for (int[] o : order) {
                names.add(label(o[0], o[1]));
            }
            found.putIfAbsent(run.outcome(), names);
        }
    }

    private int totalOps() {
        int k = 0;
        for (List<String> l : labels) {
            k += l.size();
        }
        return k;
    }

    private boolean ready(int[][][] req, int[] next, int t) {
        int[] need = req[t][next[t]];
        for (int u = 0; u < need.length; u++) {
            if (next[u] < need[u]) {
                return false;
            }
        }
        return true;
    }

    /**
     * req[t][i][u] = how many operations of thread u must come before operation i of thread t:
     * those that returned (last step) before it was called (first step).
     */
    private int[][][] requirements(Execution e) {
        int n = labels.size();
        int[][][] req = new int[n][][];
        for (int t = 0; t < n; t++) {
            int ops = labels.get(t).size();
            req[t] = new int[ops][n];
            if (scenario.spec() != Spec.LINEARIZABLE) {
                continue;
            }
            for (int i = 0; i < ops; i++) {
                int first = e.spans().get(t).get(i)[0];
                if (first < 0) {
                    continue;
                }
                for (int u = 0; u < n; u++) {
                    if (u == t) {
                        continue;
                    }
                    List<int[]> us = e.spans().get(u);
                    for (int j = us.size() - 1; j >= 0; j--) {
                        int last = us.get(j)[1];
                        if (last >= 0 && last < first) {
                            req[t][i][u] = j + 1;
                            break;
                        }
                    }
                }
            }
        }
        return req;
    }

    private int[][][] noRequirements() {
        int n = labels.size();
        int[][][] req = new int[n][][];
        for (int t = 0; t < n; t++) {
            req[t] = new int[labels.get(t).size()][n];
        }
        return req;
    }

    private boolean matchesSomeSerialOrder(Outcome observed, int[][][] req) {
        int n = labels.size();
        List<OpResult> flat = new ArrayList<>(observed.results().values());
        int[] base = new int[n];
        for (int t = 1; t < n; t++) {
            base[t] = base[t - 1] + labels.get(t - 1).size();
        }
        return search(observed, flat, base, req, new int[n], new ArrayList<>(), new HashSet<>());
    }

    private boolean search(Outcome observed, List<OpResult> flat, int[] base, int[][][] req, int[] next, List<int[]> order,
                           Set<String> visited) {
        if (order.size() == totalOps()) {
            return true; // the last extension already compared the final state
        }
        for (int t = 0; t < next.length; t++) {
            if (next[t] >= labels.get(t).size() || !ready(req, next, t)) {
                continue;
            }
            order.add(new int[] {t, next[t]});
            SerialRun run = runSerial(order);
            OpResult got = run.results().get(run.results().size() - 1);
            boolean last = order.size() == totalOps();
            boolean fits = got.equals(flat.get(base[t] + next[t])) && (!last || run.state().equals(observed.state()));
            if (fits) {
                next[t]++;
                if (visited.add(Arrays.toString(next) + run.state())
                        && search(observed, flat, base, req, next, order, visited)) {
                    return true;
                }
                next[t]--;
            }
            order.remove(order.size() - 1);
        }
        return false;
    }

    private record SerialRun(List<OpResult> results, Map<String, Object> state, Outcome outcome) {}

    /** Runs {@code order} (pairs of thread, operation) one after another from the initial state. */
    private SerialRun runSerial(List<int[]> order) {
        try {
            store.reset();
            List<H> handles = new ArrayList<>();
            for (int t = 0; t < labels.size(); t++) {
                handles.add(null);
            }
            List<OpResult> results = new ArrayList<>();
            Map<String, OpResult> byLabel = new LinkedHashMap<>();
            for (int[] o : order) {
                int t = o[0];
                if (handles.get(t) == null) {
                    handles.set(t, store.handle(t, StepGate.DIRECT));
                }
                OpResult r;
                try {
                    r = OpResult.returned(scenario.threads().get(t).operations().get(o[1]).body().run(handles.get(t)));
                } catch (Throwable ex) {
                    r = OpResult.threw(ex);
                }
                results.add(r);
                byLabel.put(label(t, o[1]), r);
            }
            Map<String, Object> state = store.snapshot();
            // present results in thread order, as the observed outcome does
            Map<String, OpResult> ordered = new LinkedHashMap<>();
            for (int t = 0; t < labels.size(); t++) {
                for (String l : labels.get(t)) {
                    if (byLabel.containsKey(l)) {
                        ordered.put(l, byLabel.get(l));
                    }
                }
            }
            return new SerialRun(results, state, new Outcome(ordered, state));
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException("a serial run of " + scenario.name() + " failed: " + e.getMessage(), e);
        } finally {
            store.endExecution();
        }
    }

    /** Whether an execution ended so that its outcome can be judged. */
    public static boolean judgeable(Execution e) {
        return e.termination() != Termination.PRUNED;
    }
}
