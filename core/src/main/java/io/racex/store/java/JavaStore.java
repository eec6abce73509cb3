package io.racex.store.java;

import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.store.StepGate;
import io.racex.store.Store;
import io.racex.store.java.Model.ThreadState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store of the user's real Java code, loaded through racex's instrumenting class loader: its
 * shared state is whatever objects the code touches, and every hook the instrumented code calls
 * is a step (see {@link Model}). Each execution starts from a fresh object graph: the
 * {@link Setup} runs again (a new object under test, or a new instance of the test class) after the
 * static fields of instrumented classes are reset.
 *
 * <p>A scenario of this store has {@code base} threads that run from the start (the test body, or
 * the threads of operations) and {@code slots} more: the Java threads the code under test starts
 * are played by the slots, in the order they are started. When the code starts more threads than
 * there are slots, the execution fails with {@link Model.SlotsExhausted} and the next reset throws
 * {@link MoreThreads}: explore again with more slots ({@link #test} and {@link #operations} say how).
 */
public final class JavaStore implements Store<JavaThread> {
    /** Builds what an execution starts from: the object under test, or a fresh instance of the test class. */
    @FunctionalInterface
    public interface Setup {
        Object create() throws Exception;
    }

    /** User code a thread runs on what the setup built; what it returns is the operation's result. */
    @FunctionalInterface
    public interface Code {
        Object run(Object target) throws Throwable;
    }

    /** An operation of the user: a name for reports and its code. */
    public record NamedCode(String name, Code code) {}

    /** Shared by the stores of one scenario: set once the code started more threads than the scenario has slots. */
    public static final class Slots {
        volatile boolean exhausted;

        /** Whether some execution started more threads than there were slots. */
        public boolean exhausted() {
            return exhausted;
        }
    }

    /** Thrown by {@link #reset()} once an execution started more threads than there are slots. */
    public static final class MoreThreads extends RacexException {
        MoreThreads(int slots) {
            super("the code under test started more than " + slots + " threads");
        }
    }

    final Model model;
    private final Setup setup;
    private final Runnable resetStatics;
    private final boolean stateOfTarget;
    private final Slots slots;
    private Object target;
    /** What a store built around this one attached to it (see {@link #companion(Object)}); null if none. */
    private volatile Object companion;
    /** What each thread threw in the last execution (for the report's stack trace). */
    final Throwable[] thrown;

    private JavaStore(Setup setup, Runnable resetStatics, boolean stateOfTarget, int base, int slots, List<String> baseNames,
                      Slots flag) {
        Interception.install();
        this.model = new Model(base, slots, baseNames, flag);
        this.model.store = this;
        this.setup = setup;
        this.resetStatics = resetStatics;
        this.stateOfTarget = stateOfTarget;
        this.slots = flag;
        this.thrown = new Throwable[base + slots];
    }

    /**
     * A scenario whose thread 0 runs {@code body} (a test method: its own assertions are the check,
     * {@link Spec#ASSERTIONS}) on what {@code setup} builds, with {@code slots} threads for the Java
     * threads it starts.
     *
     * @param onStore called with each store the scenario makes (to read what its threads threw)
     */
    public static Scenario<JavaThread> test(String name, String description, Setup setup, Runnable resetStatics, NamedCode body,
                                            int slots, Slots flag, java.util.function.Consumer<JavaStore> onStore) {
        return test(name, description, setup, resetStatics, body, slots, flag, onStore, s -> s);
    }

    /**
     * {@link #test(String, String, Setup, Runnable, NamedCode, int, Slots, java.util.function.Consumer) test}, whose
     * executions run on the store {@code around} builds around each Java store the scenario makes:
     * a store that adds to the Java model another kind of shared state the code reaches (a
     * database's connections, see {@code io.racex.store.bridge}). It must hand out the Java store's
     * own handles, and may {@link #companion(Object) attach} itself to find from the code.
     */
    public static Scenario<JavaThread> test(String name, String description, Setup setup, Runnable resetStatics, NamedCode body,
                                            int slots, Slots flag, java.util.function.Consumer<JavaStore> onStore,
                                            java.util.function.Function<JavaStore, Store<JavaThread>> around) {
        if (slots < 1) {
            throw new IllegalArgumentException("a test needs at least one slot");
        }
        Scenario.Builder<JavaThread> b = Scenario.<JavaThread>on(name, () -> {
            JavaStore s = new JavaStore(setup, resetStatics, false, 1, slots, List.of("main"), flag);
            onStore.accept(s);
            return around.apply(s);
        }).description(description).spec(Spec.ASSERTIONS);
        b.thread("main", List.of(Operation.of(body.name(), h -> h.store.runBody(h, body.code()))));
        for (int k = 1; k <= slots; k++) {
            b.thread("thread " + k, List.of(Operation.of("run()", h -> h.store.runSlot(h))));
        }
        return b.build();
    }

    /**
     * A scenario of threads calling operations on the object {@code setup} builds, checked for
     * linearizability against the same operations run one after another, results and final state
     * (the object's fields) compared; with {@code slots} threads for Java threads the operations
     * start (0 when they start none).
     */
    public static Scenario<JavaThread> operations(String name, String description, Setup setup, Runnable resetStatics,
                                                  List<List<NamedCode>> threads, int slots, Slots flag) {
        int base = threads.size();
        List<String> names = new ArrayList<>();
        for (int t = 0; t < base; t++) {
            names.add("T" + (t + 1));
        }
        Scenario.Builder<JavaThread> b = Scenario.<JavaThread>on(name,
                () -> new JavaStore(setup, resetStatics, true, base, slots, names, flag)).description(description);
        for (int t = 0; t < base; t++) {
            List<NamedCode> ops = threads.get(t);
            List<Operation<JavaThread>> list = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                int index = i;
                Code code = ops.get(i).code();
                list.add(Operation.of(ops.get(i).name(), h -> h.store.runOperation(h, index, ops.size(), code)));
            }
            b.thread(names.get(t), list);
        }
        for (int k = 1; k <= slots; k++) {
            b.thread("thread " + k, List.of(Operation.of("run()", h -> h.store.runSlot(h))));
        }
        return b.build();
    }

    /**
     * Where the calling Java thread is: the store whose execution it runs code of, and which of that
     * execution's threads it plays (0-based: 0 is the test body, then the started threads in start order).
     */
    public record Here(JavaStore store, int thread) {}

    /**
     * Where the calling Java thread is, or null when it runs no explored code (racex's own threads,
     * a set-up, the plain code of a serial run). Code the user calls (a data source racex gave the
     * test) uses it to find the execution and thread it serves.
     */
    public static Here here() {
        ThreadState t = Interception.current();
        return t == null ? null : new Here(t.model.store, t.index);
    }

    /** Attaches {@code c} to this store: what {@link #companion()} returns, for the store built around this one. */
    public void companion(Object c) {
        this.companion = c;
    }

    /** What was {@link #companion(Object) attached} to this store, or null. */
    public Object companion() {
        return companion;
    }

    /** How many threads an execution of this store has: the base threads and the slots. */
    public int threadCount() {
        return model.threads.length;
    }

    /** What the setup built for the execution in progress (or the last one). */
    public Object target() {
        return target;
    }

    /** What thread {@code t} threw in the last execution, or null. */
    public Throwable thrown(int t) {
        return thrown[t];
    }

    @Override
    public void reset() throws Exception {
        if (slots.exhausted) {
            throw new MoreThreads(model.slots);
        }
        model.reset();
        Arrays.fill(thrown, null);
        ThreadState saved = Interception.current();
        Interception.leave(); // the set-up runs as plain code, whatever thread asks for it
        try {
            resetStatics.run();
            target = setup.create();
        } finally {
            if (saved != null) {
                Interception.enter(saved);
            }
        }
    }

    @Override
    public JavaThread handle(int thread, StepGate gate) {
        if (!gate.serial()) {
            model.threads[thread].gate = gate;
        }
        return new JavaThread(this, thread, gate);
    }

    /** The user's own classes, instrumented, in this JVM. */
    @Override
    public String describe() {
        return "your classes, instrumented by racex, in this JVM";
    }

    @Override
    public Map<String, Object> snapshot() {
        if (!stateOfTarget) {
            return Map.of();
        }
        return unmanaged(() -> Values.state(target));
    }

    @Override
    public String deadlockDetail() {
        return unmanaged(model::deadlockDetail);
    }

    /**
     * {@link #deadlockDetail()} with the threads blocked in a database statement, each mapped to the
     * threads it waits for there ({@code -1}: a session outside racex): a cycle may pass through a
     * Java lock and a database lock (used by the store that pairs this one with a database).
     */
    public String deadlockDetail(Map<Integer, Set<Integer>> inDatabase) {
        return unmanaged(() -> model.deadlockDetail(inDatabase));
    }

    /** Runs racex's own code on a thread that may be one of the execution's, with hooks doing the plain thing. */
    private static <T> T unmanaged(java.util.function.Supplier<T> what) {
        ThreadState saved = Interception.current();
        if (saved == null) {
            return what.get();
        }
        boolean was = saved.suspended;
        saved.suspended = true;
        try {
            return what.get();
        } finally {
            saved.suspended = was;
        }
    }

    // ---- what the scenario's threads run ----

    /** Thread 0 of a test: the test body, then the thread's end. */
    private Object runBody(JavaThread h, Code body) throws Exception {
        ThreadState me = model.threads[h.index];
        Interception.enter(me);
        Throwable failure = null;
        try {
            try {
                body.run(target);
            } catch (Throwable e) {
                failure = e;
                thrown[h.index] = e;
            }
            model.end(me);
        } finally {
            Interception.leave();
        }
        if (failure != null) {
            throw Model.<Exception>sneaky(failure);
        }
        return null;
    }

    /** A slot: waits until some thread starts the Java thread it plays, runs it, ends. */
    private Object runSlot(JavaThread h) throws Exception {
        ThreadState me = model.threads[h.index];
        Interception.enter(me);
        Throwable failure = null;
        try {
            model.begin(me);
            try {
                me.user.run();
            } catch (Throwable e) {
                failure = e;
                thrown[h.index] = e;
            }
            model.end(me);
        } finally {
            Interception.leave();
        }
        if (failure != null) {
            throw Model.<Exception>sneaky(failure);
        }
        return null;
    }

    /** Operation {@code index} of {@code count} of a thread of an operations scenario. */
    private Object runOperation(JavaThread h, int index, int count, Code code) throws Exception {
        if (h.gate.serial()) {
            try {
                return Values.plain(code.run(target)); // the spec's serial run: plain code on racex's thread
            } catch (Throwable e) {
                throw Model.<Exception>sneaky(e);
            }
        }
        ThreadState me = model.threads[h.index];
        if (index == 0) {
            model.awaitTurn(me);
        }
        Interception.enter(me);
        try {
            Object r;
            try {
                r = code.run(target);
            } catch (Throwable e) {
                thrown[h.index] = e;
                throw Model.<Exception>sneaky(e);
            }
            me.suspended = true;
            return Values.plain(r);
        } finally {
            me.suspended = false;
            if (index == count - 1) {
                model.passTurn(me);
            }
            Interception.leave();
        }
    }
}
