package io.racex.store.java;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.Step;
import io.racex.Schedule;
import io.racex.store.StepKind;
import io.racex.strategy.Replay;
import io.racex.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs explorations of instrumented Java code for racex's API: gives the scenario more thread
 * slots when the code starts more threads than it has (and explores again), names the
 * counterexample's threads after the code's {@code Thread} objects, and finds what a failing
 * thread threw (by running the failing schedule once more) so a test can show its stack trace.
 */
public final class JavaExplorer {
    /** The most threads a test may start; beyond, racex gives up with a message. */
    public static final int MAX_SLOTS = 64;

    private JavaExplorer() {}

    /** A scenario for {@code slots} slots, its flag and a way to reach the stores it made. */
    public record Attempt(Scenario<JavaThread> scenario, JavaStore.Slots flag, List<JavaStore> stores) {}

    /** The result of an exploration and what the failing thread threw, if one did. */
    public record Outcome(ExplorationResult result, Throwable thrown, Scenario<JavaThread> scenario) {}

    /**
     * Explores the scenario {@code attempt} builds, starting with {@code slots} slots and doubling
     * them while the code starts more threads than that.
     */
    public static Outcome explore(IntFunction<Attempt> attempt, int slots, Options options, Supplier<Strategy> strategy,
                                  Schedule replay) {
        int s = slots;
        while (true) {
            Attempt a = attempt.apply(s);
            ExplorationResult r;
            try {
                r = replay != null
                        ? new Explorer(options.withMinimize(false)).explore(a.scenario(), new Replay(replay))
                        : new Explorer(options).explore(a.scenario(), strategy.get());
            } catch (JavaStore.MoreThreads e) {
                r = null;
            }
            if (r == null || a.flag().exhausted()) {
                if (s >= MAX_SLOTS) {
                    throw new RacexException(a.scenario().name() + ": the code under test started more than " + MAX_SLOTS
                            + " threads; racex explores at most " + MAX_SLOTS);
                }
                s = s == 0 ? 1 : s * 2;
                continue;
            }
            ExplorationResult named = named(r);
            Throwable thrown = r.failed() ? thrown(a, r) : null;
            return new Outcome(named, thrown, a.scenario());
        }
    }

    /**
     * The result with the counterexample's threads named after the Java threads they played (a
     * thread's {@code begin} step carries its name in the code); any other result as it is.
     */
    public static ExplorationResult named(ExplorationResult r) {
        if (r.counterexample().isEmpty()) {
            return r;
        }
        Scenario<?> s = r.scenario();
        List<String> names = new ArrayList<>();
        for (Scenario.ThreadSpec<?> t : s.threads()) {
            names.add(t.name());
        }
        boolean changed = false;
        for (Step st : r.counterexample().get().execution().steps()) {
            if (st.kind() == StepKind.BEGIN && st.value() != null && st.thread() < names.size()
                    && !st.value().toString().equals(names.get(st.thread()))) {
                names.set(st.thread(), st.value().toString());
                changed = true;
            }
        }
        if (!changed) {
            return r;
        }
        return new ExplorationResult(renamed(s, names), r.strategy(), r.seed(), r.schedules(), r.complete(), r.completeness(),
                r.counterexample(), r.replayed(), r.elapsedNanos(), r.sawSharedStep(), r.where());
    }

    private static <H> Scenario<H> renamed(Scenario<H> s, List<String> names) {
        Scenario.Builder<H> b = Scenario.<H>on(s.name(), s::newStore).description(s.description()).spec(s.spec());
        for (int t = 0; t < s.threads().size(); t++) {
            b.thread(names.get(t), s.threads().get(t).operations());
        }
        s.invariants().forEach(i -> b.invariant(i.name(), i.holds()));
        return b.build();
    }

    /** Runs the counterexample's schedule once more and returns what the first failing thread threw. */
    private static Throwable thrown(Attempt a, ExplorationResult r) {
        Schedule schedule = r.counterexample().get().execution().schedule();
        a.stores().clear();
        try {
            new Explorer(Options.defaults().withMinimize(false)).explore(a.scenario(), new Replay(schedule));
        } catch (RuntimeException e) {
            return null;
        }
        for (JavaStore store : a.stores()) {
            for (int t = 0; t < store.thrown.length; t++) {
                if (store.thrown(t) != null) {
                    return store.thrown(t);
                }
            }
        }
        return null;
    }
}
