package io.racex.explore;

import io.racex.Scenario;
import io.racex.check.Checker;
import io.racex.check.Verdict;
import io.racex.runtime.Execution;
import io.racex.runtime.Runtime;
import io.racex.runtime.Step;
import io.racex.runtime.Termination;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import io.racex.strategy.Dpor;
import io.racex.strategy.DporFollower;
import io.racex.strategy.DporPlan;
import io.racex.strategy.SchedulingView;
import io.racex.strategy.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimal DPOR on several cores with exactly the sequential search's executions. One
 * coordinator runs {@link Dpor} as a sequential search would; helpers run ahead the executions
 * it will ask for later. That works because every execution of the search is fixed once its
 * branch is in a wakeup tree ({@link Dpor#upcoming}: later races only add branches after it), so a
 * helper can run it with {@link DporFollower} on its own store while the coordinator is busy
 * elsewhere. When the coordinator reaches that branch it feeds the recorded scheduling points to
 * its own {@link Dpor}, which must choose exactly what the helper chose at each of them (else the
 * recording is dropped and the execution runs again); the search therefore is the sequential one,
 * step for step, and so is its count.
 */
final class ParallelDpor {
    /** How many upcoming branches the helpers may work on at once. */
    private static final int LOOKAHEAD = 32;

    private final Options options;
    private final int helpers;
    private final Explorer.Progress progress;
    private long reused;
    private long discarded;

    ParallelDpor(Options options, int workers, Explorer.Progress progress) {
        this.options = options;
        this.helpers = workers - 1;
        this.progress = progress;
    }

    /** One scheduling point as the runtime showed it. */
    private record Point(int threads, int[] enabled, StepRequest[] pending, int current, int position, int preemptions)
            implements SchedulingView {
        static Point of(SchedulingView v) {
            StepRequest[] p = new StepRequest[v.threadCount()];
            for (int t = 0; t < p.length; t++) {
                p[t] = v.pending(t);
            }
            return new Point(v.threadCount(), v.enabled(), p, v.current(), v.position(), v.preemptions());
        }

        @Override
        public int threadCount() {
            return threads;
        }

        @Override
        public int[] enabled() {
            return enabled.clone();
        }

        @Override
        public boolean isEnabled(int thread) {
            for (int t : enabled) {
                if (t == thread) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public StepRequest pending(int thread) {
            return pending[thread];
        }

        @Override
        public List<Step> history() {
            throw new UnsupportedOperationException("a recorded scheduling point keeps no history");
        }
    }

    /** An execution run ahead: its scheduling points, the choices made at them, the record and its verdict. */
    private record Ahead(List<Point> points, List<Integer> choices, Execution execution, Verdict verdict, boolean failed) {}

    /** Runs a follower and keeps every scheduling point it saw. */
    private static final class Recorder implements Strategy {
        final DporFollower follower;
        final List<Point> points = new ArrayList<>();
        final List<Integer> choices = new ArrayList<>();

        Recorder(DporPlan plan) {
            this.follower = new DporFollower(plan);
        }

        @Override
        public boolean beginExecution() {
            return follower.beginExecution();
        }

        @Override
        public int choose(SchedulingView view) {
            points.add(Point.of(view));
            int c = follower.choose(view);
            choices.add(c);
            return c;
        }

        @Override
        public boolean complete() {
            return true;
        }

        @Override
        public String name() {
            return follower.name();
        }
    }

    /** The plans offered to helpers and what became of them. */
    private final Object lock = new Object();
    private final Map<String, Ahead> done = new HashMap<>();
    private final Map<String, Boolean> taken = new HashMap<>();
    private List<DporPlan> offered = List.of();
    private boolean closed;
    private Throwable helperFailure;

    <H> ExplorationResult explore(Scenario<H> scenario, long start) throws Exception {
        Dpor dpor = new Dpor();
        List<Thread> threads = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            Thread t = new Thread(() -> help(scenario), "racex-helper-" + (h + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            long executions = 0;
            long violations = 0;
            boolean stoppedEarly = false;
            Execution best = null;
            while (true) {
                if (executions >= options.maxSchedules()) {
                    stoppedEarly = true;
                    break;
                }
                if (!dpor.beginExecution()) {
                    break;
                }
                Ahead ahead = take(dpor.plan());
                Execution e;
                Verdict v = null;
                if (ahead != null && !ahead.failed() && feed(dpor, ahead)) {
                    e = ahead.execution();
                    v = ahead.verdict();
                    reused++;
                } else {
                    if (ahead != null) {
                        discarded++;
                        dpor.abandonExecution();
                    }
                    e = runtime.run(scenario, store, dpor);
                }
                dpor.endExecution(e);
                offer(dpor.upcoming(LOOKAHEAD), dpor.plan());
                if (e.termination() == Termination.PRUNED) {
                    continue;
                }
                executions++;
                if (v == null) {
                    v = checker.check(e);
                }
                if (v instanceof Verdict.Violation) {
                    violations++;
                    if (best == null || Explorer.MINIMAL.compare(e, best) < 0) {
                        best = e;
                    }
                }
                progress.update(executions, violations);
                if (best != null && options.stopAtFirstViolation()) {
                    stoppedEarly = true;
                    break;
                }
            }
            synchronized (lock) {
                if (helperFailure != null) {
                    throw new IllegalStateException("a helper failed: " + helperFailure.getMessage(), helperFailure);
                }
            }
            boolean complete = !stoppedEarly && dpor.complete();
            String completeness = Explorer.completeness(dpor, complete, stoppedEarly, executions, best != null);
            return ParallelExplorer.finish(options, scenario, store, runtime, checker, dpor, executions, complete,
                    completeness, best, start, false);
        } finally {
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** Executions run ahead and used as they were. */
    long reused() {
        return reused;
    }

    /** Executions run ahead that did not match (run again); zero unless the scenario is not deterministic. */
    long discarded() {
        return discarded;
    }

    private static boolean feed(Dpor dpor, Ahead ahead) {
        for (int k = 0; k < ahead.points().size(); k++) {
            if (dpor.choose(ahead.points().get(k)) != ahead.choices().get(k)) {
                return false;
            }
        }
        return true;
    }

    /** The recording of {@code plan}, waiting for a helper that is running it; null if nobody is (the caller runs it). */
    private Ahead take(DporPlan plan) throws InterruptedException {
        String key = plan.key();
        synchronized (lock) {
            while (true) {
                Ahead a = done.remove(key);
                if (a != null) {
                    taken.remove(key);
                    return a;
                }
                if (!taken.containsKey(key) || helperFailure != null) {
                    taken.put(key, Boolean.TRUE);
                    return null;
                }
                lock.wait();
            }
        }
    }

    private void offer(List<DporPlan> plans, DporPlan ran) {
        synchronized (lock) {
            offered = plans;
            taken.remove(ran.key()); // run: it is not upcoming any more
            lock.notifyAll();
        }
    }

    private <H> void help(Scenario<H> scenario) {
        try (Store<H> store = scenario.newStore(); Runtime runtime = new Runtime(options.maxSteps(), options.stepTimeout())) {
            Checker<H> checker = new Checker<>(scenario, store);
            while (true) {
                DporPlan plan = null;
                synchronized (lock) {
                    while (!closed) {
                        // the coordinator takes the offered plans from the front and runs them unless a
                        // helper already did; helpers take them from the back, the ones needed last
                        for (int i = offered.size() - 1; i >= 1; i--) {
                            String key = offered.get(i).key();
                            if (!taken.containsKey(key)) {
                                plan = offered.get(i);
                                taken.put(key, Boolean.FALSE);
                                break;
                            }
                        }
                        if (plan != null) {
                            break;
                        }
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                }
                Recorder r = new Recorder(plan);
                r.beginExecution();
                Execution e = runtime.run(scenario, store, r);
                boolean failed = r.follower.failed();
                Verdict v = failed || e.termination() == Termination.PRUNED ? null : checker.check(e);
                Ahead a = new Ahead(r.points, r.choices, e, v, failed);
                synchronized (lock) {
                    done.put(plan.key(), a);
                    lock.notifyAll();
                }
            }
        } catch (Throwable t) {
            synchronized (lock) {
                if (helperFailure == null) {
                    helperFailure = t;
                }
                lock.notifyAll();
            }
        }
    }
}
