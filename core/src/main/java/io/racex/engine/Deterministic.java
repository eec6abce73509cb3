package io.racex.engine;

import io.racex.Execution;
import io.racex.Termination;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.strategy.ForwardingStrategy;
import io.racex.strategy.Nondeterminism;
import io.racex.SchedulingView;
import io.racex.Strategy;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks that the scenario is deterministic, around any strategy: as long as an execution's
 * choices are those of the execution before it, each chosen thread must announce the same step
 * (kind and target) it announced then, and the execution must end where that one ended. Every
 * search replays prefixes of earlier executions, so an operation that picks a read or a write at
 * random would otherwise be judged on a search that never happened (and reported as, say, not
 * linearizable). The steps are compared as announced, not as recorded: a step that waited for a
 * database lock is recorded when it finishes, later than it was chosen.
 */
final class Deterministic extends ForwardingStrategy {
    private int[] beforeThread = new int[64];
    private StepKind[] beforeKind = new StepKind[64];
    private String[] beforeTarget = new String[64];
    private int beforeLength = -1;
    private Termination beforeEnd;
    private int[] thread = new int[64];
    private StepKind[] kind = new StepKind[64];
    private String[] target = new String[64];
    private int position;
    /** Whether this execution's choices so far are those of the one before it. */
    private boolean agrees;
    private boolean begun;

    Deterministic(Strategy inner) {
        super(inner);
    }

    @Override
    public boolean beginExecution() {
        if (!inner.beginExecution()) {
            return false;
        }
        if (begun) {
            int[] t = beforeThread;
            beforeThread = thread;
            thread = t;
            StepKind[] k = beforeKind;
            beforeKind = kind;
            kind = k;
            String[] g = beforeTarget;
            beforeTarget = target;
            target = g;
            beforeLength = position;
        }
        begun = true;
        restart();
        return true;
    }

    /** Starts the current execution over (its recording was dropped and it runs again). */
    void restart() {
        position = 0;
        agrees = beforeLength >= 0;
    }

    @Override
    public int choose(SchedulingView view) {
        int c = inner.choose(view);
        if (c < 0) {
            return c;
        }
        int p = position++;
        StepRequest r = view.pending(c);
        if (p == thread.length) {
            int n = p * 2;
            thread = Arrays.copyOf(thread, n);
            kind = Arrays.copyOf(kind, n);
            target = Arrays.copyOf(target, n);
        }
        thread[p] = c;
        kind[p] = r == null ? null : r.kind();
        target[p] = r == null ? null : r.target();
        if (agrees) {
            if (p >= beforeLength) {
                agrees = false;
                if (beforeEnd == Termination.COMPLETED || beforeEnd == Termination.DEADLOCK) {
                    throw Nondeterminism.at(p + 1, "the threads that could move were", beforeEnd == Termination.COMPLETED
                            ? "none (every thread had finished)" : "none (every live thread was blocked)", Nondeterminism.threads(view.enabled()));
                }
            } else if (beforeThread[p] != c) {
                agrees = false;
            } else if (kind[p] != beforeKind[p] || !Objects.equals(target[p], beforeTarget[p])) {
                throw Nondeterminism.at(p + 1, "thread " + (c + 1) + "'s step was", describe(beforeKind[p], beforeTarget[p]),
                        describe(kind[p], target[p]));
            }
        }
        return c;
    }

    @Override
    public void endExecution(Execution execution) {
        Termination end = execution.termination();
        if (agrees && position < beforeLength && (end == Termination.COMPLETED || end == Termination.DEADLOCK)) {
            throw Nondeterminism.at(position + 1, "thread " + (beforeThread[position] + 1),
                    "moved", end == Termination.COMPLETED ? "had finished" : "was blocked");
        }
        beforeEnd = end;
        inner.endExecution(execution);
    }

    private static String describe(StepKind k, String t) {
        return k == null ? "none" : "'" + k.label() + " " + t + "'";
    }
}
