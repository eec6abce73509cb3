package io.racex.engine;

import io.racex.Execution;
import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Schedule;
import io.racex.SchedulingView;
import io.racex.Step;
import io.racex.Strategy;
import io.racex.Termination;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a scenario one chosen step at a time, for a person who picks who moves next
 * ({@code racex step}). It keeps no execution open between choices: every {@link #at} runs the
 * prefix chosen so far from the initial state on the same runtime as a search, and stops it at the
 * next scheduling point to show where each thread is. So an undo is a shorter prefix, and what a
 * person sees is what {@code racex replay} of the same token shows, because it is the same engine
 * running the same schedule.
 *
 * <pre>{@code
 * try (Stepper<?> s = new Stepper<>(scenario, Options.defaults())) {
 *     Stepper.Point p = s.at(Schedule.of(0, 0, 1));   // T1, T1, T2 (0-based)
 *     p.threads().forEach(t -> System.out.println(t.status() + " " + t.next()));
 * }
 * }</pre>
 *
 * <p>Not thread-safe; close it to drop its store (a database's scratch space) and runtime.
 *
 * @param <H> the scenario's handle type
 */
public final class Stepper<H> implements AutoCloseable {
    /** Where a thread is at a scheduling point. */
    public enum Status {
        /** It can move: its next step is {@link ThreadPoint#next()}. */
        READY,
        /** Its next step waits for a lock another thread holds (see {@link ThreadPoint#holders()}). */
        WAITING,
        /** It is blocked inside the store, in a database lock wait (see {@link ThreadPoint#holders()}). */
        BLOCKED,
        /** Its next step waits for something other than a lock (a thread not started yet, a join). */
        NOT_YET,
        /** It has finished all its operations. */
        DONE
    }

    /**
     * One thread at a scheduling point.
     *
     * @param thread the thread, 0-based
     * @param name its name ({@code T1})
     * @param operation the operation it is in or about to start, as the scenario names it
     * @param status whether it can move
     * @param next the step it waits to run, or null when it is done or blocked inside the store
     * @param holders for a thread that waits for a lock: the threads holding it, 0-based ({@code -1}:
     *     a session outside racex); empty when the store cannot say
     */
    public record ThreadPoint(int thread, String name, String operation, Status status, StepRequest next, Set<Integer> holders) {
        public ThreadPoint {
            holders = Set.copyOf(holders);
        }
    }

    /**
     * The execution after a prefix of choices.
     *
     * @param schedule the choices made, one per step
     * @param steps the steps that ran, with the values they read or wrote
     * @param threads every thread's position, in thread order
     * @param state the store's state now (committed state, for a database), as {@link Store#snapshot()} gives it
     * @param end how the execution ended, or null while some thread can still move
     * @param detail the runtime's sentence about an abnormal end (the deadlock's cycle), or null
     */
    public record Point(Schedule schedule, List<Step> steps, List<ThreadPoint> threads, Map<String, Object> state,
                        Termination end, String detail) {
        public Point {
            steps = List.copyOf(steps);
            threads = List.copyOf(threads);
        }

        /** The threads that can move now, 0-based. */
        public List<Integer> ready() {
            return threads.stream().filter(t -> t.status() == Status.READY).map(ThreadPoint::thread).toList();
        }

        /** Whether the execution is over: no thread can move. */
        public boolean finished() {
            return end != null;
        }
    }

    private final Scenario<H> scenario;
    private final Options options;
    private final Store<H> store;
    private final ControlledRuntime runtime;

    /** A stepper over {@code scenario}, with the step bound and step timeout of {@code options}. */
    public Stepper(Scenario<H> scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
        this.store = scenario.newStore();
        ControlledRuntime r;
        try {
            r = new ControlledRuntime(options.maxSteps(), options.stepTimeout());
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.runtime = r;
    }

    /** The scenario this stepper runs. */
    public Scenario<H> scenario() {
        return scenario;
    }

    /**
     * Runs {@code prefix} from the initial state and shows where every thread is after it.
     *
     * @throws RacexException if a choice of {@code prefix} names a thread that cannot move then (the
     *     message says which threads could), or the execution ends before the prefix does
     */
    public Point at(Schedule prefix) {
        return Search.guarded(scenario, () -> {
            Stop stop = new Stop(prefix);
            Execution e = runtime.run(scenario, store, stop);
            if (stop.point != null) {
                return stop.point;
            }
            if (e.termination() == Termination.PRUNED) {
                throw new IllegalStateException("the execution stopped without a point"); // only a racex bug gets here
            }
            if (stop.position < prefix.length()) {
                throw new RacexException("the execution ended after " + stop.position + " steps, before the "
                        + prefix.length() + " chosen");
            }
            if (e.termination() == Termination.TIMEOUT || e.termination() == Termination.STEP_BOUND) {
                throw new RacexException(e.detail());
            }
            List<ThreadPoint> threads = new ArrayList<>();
            for (int t = 0; t < scenario.threads().size(); t++) {
                boolean done = e.results().get(t).stream().allMatch(r -> r != null);
                threads.add(new ThreadPoint(t, scenario.threads().get(t).name(), lastOperation(t, e),
                        done ? Status.DONE : Status.NOT_YET, null, Set.of()));
            }
            return new Point(e.schedule(), e.steps(), threads, e.finalState(), e.termination(), e.detail());
        });
    }

    /**
     * Judges a whole schedule as {@code racex replay} does: its verdict, the observed outcome beside
     * the allowed ones, and the anomaly. It runs on a store of its own.
     */
    public ExplorationResult judge(Schedule complete) {
        return new Explorer(options).replay(scenario, complete);
    }

    private String lastOperation(int t, Execution e) {
        var ops = scenario.threads().get(t).operations();
        return ops.get(ops.size() - 1).name();
    }

    @Override
    public void close() throws Exception {
        try (Store<H> s = store) {
            runtime.close();
        }
    }

    /** Follows the prefix, then stops at the next scheduling point and records it. */
    private final class Stop implements Strategy {
        private final Schedule prefix;
        int position;
        Point point;
        private boolean begun;

        Stop(Schedule prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean beginExecution() {
            boolean first = !begun;
            begun = true;
            return first;
        }

        @Override
        public int choose(SchedulingView view) {
            int p = position;
            if (p < prefix.length()) {
                int t = prefix.choice(p);
                if (t < 0 || t >= view.threadCount() || !view.isEnabled(t)) {
                    throw new RacexException("at step " + (p + 1) + " T" + (t + 1) + " cannot move (threads that can: "
                            + names(view.enabled()) + ")");
                }
                position++;
                return t;
            }
            point = point((Run<?>) view);
            return PRUNE;
        }

        private Point point(Run<?> run) {
            List<ThreadPoint> threads = new ArrayList<>();
            for (int t = 0; t < run.n; t++) {
                Worker w = run.workers[t];
                String name = scenario.threads().get(t).name();
                var ops = scenario.threads().get(t).operations();
                int op = Math.min(Math.max(w.state == Worker.PENDING ? w.pendingOp : w.op, 0), ops.size() - 1);
                String operation = ops.get(op).name();
                Status status;
                StepRequest next = null;
                Set<Integer> holders = Set.of();
                if (w.state == Worker.DONE) {
                    status = Status.DONE;
                } else if (run.blocked[t]) {
                    status = Status.BLOCKED;
                    holders = store.holders(t, null);
                } else {
                    next = w.pending;
                    if (next != null && next.isEnabled()) {
                        status = Status.READY;
                    } else {
                        holders = next == null ? Set.of() : store.holders(t, next);
                        status = holders.isEmpty() ? Status.NOT_YET : Status.WAITING;
                    }
                }
                threads.add(new ThreadPoint(t, name, operation, status, next, holders));
            }
            Map<String, Object> state;
            try {
                state = store.snapshot();
            } catch (RacexException e) {
                throw e;
            } catch (Exception e) {
                throw new RacexException("could not read the state of " + scenario.name() + ": " + ControlledRuntime.oneLine(e), e);
            }
            Execution sofar = run.log.build(Termination.PRUNED, null, Map.of());
            return new Point(sofar.schedule(), sofar.steps(), threads, state, null, null);
        }

        @Override
        public boolean complete() {
            return false;
        }

        @Override
        public String name() {
            return "step";
        }
    }

    static String names(int[] threads) {
        return String.join(", ", Arrays.stream(threads).mapToObj(t -> "T" + (t + 1)).toList());
    }
}
