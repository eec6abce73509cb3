package io.racex.engine;

import io.racex.OpResult;
import io.racex.Operation;
import io.racex.store.StepGate;
import io.racex.store.StepRequest;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The thread side of an execution for logical thread {@code t}: the gate its store handle steps
 * through, and the task that calls its operations in order. Runs on the thread's worker; the abort
 * flag, checked at every step, unwinds user code the execution no longer wants.
 */
final class ThreadGate implements StepGate {
    private final Run<?> run;
    private final Worker w;
    private final int t;

    ThreadGate(Run<?> run, Worker w, int t) {
        this.run = run;
        this.w = w;
        this.t = t;
    }

    /** Announces the step, waits until this thread is chosen, runs it and records its value. */
    @Override
    public <T> T step(StepRequest request, Callable<T> action) throws Exception {
        if (w.abort) {
            throw Worker.AbortSignal.INSTANCE;
        }
        w.pending = request;
        w.pendingOp = w.op;
        w.state = Worker.PENDING;
        run.awaitTurn(w, t);
        if (w.abort) {
            throw Worker.AbortSignal.INSTANCE;
        }
        w.inAction = true;
        try {
            T r = action.call();
            w.stepValue = request.written() != null ? request.written() : r;
            return r;
        } catch (Exception e) {
            if (w.abort) {
                throw Worker.AbortSignal.INSTANCE;
            }
            w.stepValue = OpResult.threw(e);
            throw e;
        } finally {
            w.inAction = false;
        }
    }

    @Override
    public void amend(Object value) {
        w.stepValue = value;
    }

    /** The task that calls {@code ops} on {@code handle} in order, each result into {@code out}. */
    <H> Runnable task(List<Operation<H>> ops, H handle, List<OpResult> out) {
        return () -> {
            for (int i = 0; i < ops.size(); i++) {
                w.op = i;
                OpResult r;
                try {
                    r = OpResult.returned(ops.get(i).body().run(handle));
                } catch (Worker.AbortSignal a) {
                    throw a;
                } catch (Throwable e) {
                    if (w.abort) {
                        throw Worker.AbortSignal.INSTANCE;
                    }
                    r = OpResult.threw(e);
                }
                if (w.abort) {
                    throw Worker.AbortSignal.INSTANCE; // the execution ended without it: its record is closed
                }
                out.set(i, r);
            }
        };
    }
}
