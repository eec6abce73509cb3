package io.racex.store.java;

import io.racex.store.Footprint;
import io.racex.store.StepGate;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.store.java.instrument.Sites;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * What racex knows of one execution of instrumented code: which objects it has seen (numbered in
 * the order they were first touched, so footprints and texts are the same in every execution of
 * the same schedule), who holds which monitor, who waits where, which threads have started and
 * ended, interrupt flags and park permits. Every hook of a thread of the execution becomes one
 * step through that thread's {@link StepGate}; whether a thread may move (a monitor is free, a
 * notification came, the joined thread ended) is decided here, never by a time-out.
 *
 * <p>Only one thread moves at a time and the runtime's hand-off orders everything, so the state
 * needs no locking. The only code that could run at once is what threads do before their first
 * step; threads that start at once (not the slots, which wait at their first step) therefore take
 * turns to reach it, in thread order.
 *
 * <p>Locations in footprints name objects by their class and number, so the anomaly explanations
 * read in the user's terms: {@code Account@2.balance} (a field; {@code Account.balance} for the
 * first account), {@code static:Bank.total}, {@code int[]@1[3]} (an array element),
 * {@code lock:Bank@1} (a monitor or lock), {@code wait:Bank@1} (its wait set), {@code start:t},
 * {@code end:t} (thread {@code t} started, ended), {@code threads} (how many threads were
 * started), {@code interrupt:t}, {@code permit:t}, {@code HashMap@1} (a JDK object called as a
 * whole).
 */
final class Model {
    private static final Pattern DEFAULT_NAME = Pattern.compile("Thread-\\d+");

    /** A thread of the execution: one of the scenario's threads. */
    static final class ThreadState {
        final Model model;
        final int index;
        /** Whether the code under test starts it (a slot), rather than it running from the start. */
        final boolean slot;
        final String interruptLoc;
        final String permitLoc;
        final String startLoc;
        final String endLoc;
        /** The interrupt flag and every other thread's end: what a wake-up that may be spurious reads. */
        final Set<String> spuriousReads;
        /** The Java object code sees as this thread ({@code Thread.currentThread()}). */
        Thread user;
        String name;
        StepGate gate;
        boolean started;
        boolean ended;
        boolean announced;
        boolean interrupted;
        boolean permit;
        boolean spuriousUsed;
        boolean notified;
        /** The step it waits at, while it waits at one. */
        StepRequest pending;
        /** Whether that step could run without a spurious wake-up (null: always). */
        BooleanSupplier real;
        /** What a disabled pending step waits for, for the deadlock report. */
        Object waitsFor;
        /** While true, hooks on this thread do the plain thing (racex runs user code for its own needs). */
        boolean suspended;
        /** The field the thread read last, to name an array or JDK object it loads from it. */
        Sites.Field lastRead;
        /** Whether the last JDK call it announced was a step (its result then is the step's value). */
        boolean callStepped;

        ThreadState(Model model, int index, boolean slot, int threads) {
            this.model = model;
            this.index = index;
            this.slot = slot;
            this.interruptLoc = "interrupt:" + index;
            this.permitLoc = "permit:" + index;
            this.startLoc = "start:" + index;
            this.endLoc = "end:" + index;
            Set<String> reads = new HashSet<>();
            reads.add(interruptLoc);
            for (int u = 0; u < threads; u++) {
                if (u != index) {
                    reads.add("end:" + u);
                }
            }
            this.spuriousReads = Set.copyOf(reads);
        }

        /** {@code T2 Thread-0}: the report's column and the thread's name. */
        String label() {
            return "T" + (index + 1) + " " + name;
        }

        void reset(Thread initial, String initialName) {
            user = initial;
            name = initialName;
            gate = null;
            started = !slot;
            ended = false;
            announced = false;
            interrupted = false;
            permit = false;
            spuriousUsed = false;
            notified = false;
            pending = null;
            real = null;
            waitsFor = null;
            suspended = false;
            lastRead = null;
            callStepped = false;
        }
    }

    /** An object as the execution numbers it: {@code Account@2} is the second {@code Account} touched. */
    static final class Ident {
        final String loc;
        final String cls;
        final int k;

        Ident(String cls, int k) {
            this.loc = cls + "@" + k;
            this.cls = cls;
            this.k = k;
        }

        /** {@code Account@2}. */
        String name() {
            return loc;
        }

        /** The owner of a field as reports name it: {@code Account} for the first one, {@code Account@2} after. */
        String owner() {
            return k == 1 ? cls : name();
        }
    }

    /** A monitor: who holds it how often, who waits in its wait set. */
    static final class Monitor {
        final String lockLoc;
        final String waitLoc;
        final String text;
        int owner = -1;
        int count;
        final ArrayDeque<ThreadState> waiters = new ArrayDeque<>(2);

        Monitor(Ident id, String text) {
            this.lockLoc = "lock:" + id.loc;
            this.waitLoc = "wait:" + id.loc;
            this.text = text;
        }
    }

    /** What a thread blocked at a lock waits for. */
    record WaitsForLock(Monitor monitor, JucLock lock) {}

    /** What a thread waits for that only another thread's action gives (a notification, a permit, an end). */
    record WaitsFor(String text) {}

    /**
     * What {@code Thread.currentThread()} returns in a thread that runs from the start: never
     * started, only its name and identity matter. Shared by all models (making a {@code Thread} is
     * not cheap, and a search makes a model per store); each model keeps its own state of them.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Thread> BASE_THREADS =
            new java.util.concurrent.ConcurrentHashMap<>();

    final int base;
    final int slots;
    final ThreadState[] threads;
    private final Thread[] baseThreads;
    private final String[] baseNames;
    /** Texts of code sites, by site id: {@code " (Bank.java:12)"}. */
    private String[] siteTexts = new String[64];

    // ---- the execution's state, rebuilt by reset() ----
    private final IdentityHashMap<Object, Ident> ids = new IdentityHashMap<>();
    private final Map<String, Integer> perClass = new HashMap<>();
    private final IdentityHashMap<Object, Monitor> monitors = new IdentityHashMap<>();
    /** Arrays and JDK objects named after the field they were first read from ({@code items}, {@code balances@2}). */
    private final IdentityHashMap<Object, String> names = new IdentityHashMap<>();
    private final Map<String, Integer> perName = new HashMap<>();
    private final IdentityHashMap<Thread, ThreadState> byThread = new IdentityHashMap<>();
    final Juc juc = new Juc(this);
    final Calls calls = new Calls(this);
    private int started;
    /** How many threads that run from the start have reached their first step, in order. */
    private volatile int turn;
    /** Set when the code starts more threads than there are slots: the exploration is run again with more. */
    private final JavaStore.Slots slotsFlag;
    /** The store this model belongs to, so that code running on one of its threads can find it ({@link JavaStore#here()}). */
    JavaStore store;

    /**
     * @param base threads running from the start (the test body, or the operations' threads)
     * @param slots threads the code under test may start
     * @param baseNames names of the threads running from the start
     * @param slotsFlag set when the code starts more threads than there are slots
     */
    Model(int base, int slots, List<String> baseNames, JavaStore.Slots slotsFlag) {
        this.slotsFlag = slotsFlag;
        this.base = base;
        this.slots = slots;
        int n = base + slots;
        this.threads = new ThreadState[n];
        this.baseThreads = new Thread[base];
        this.baseNames = baseNames.toArray(new String[0]);
        for (int t = 0; t < n; t++) {
            threads[t] = new ThreadState(this, t, t >= base, n);
        }
        for (int t = 0; t < base; t++) {
            baseThreads[t] = BASE_THREADS.computeIfAbsent(this.baseNames[t] + "#" + t, k -> new Thread(() -> {}, k.substring(0, k.indexOf('#'))));
        }
    }

    /** Forgets the previous execution. */
    void reset() {
        ids.clear();
        perClass.clear();
        monitors.clear();
        names.clear();
        perName.clear();
        byThread.clear();
        juc.reset();
        started = 0;
        turn = 0;
        for (ThreadState t : threads) {
            t.reset(t.slot ? null : baseThreads[t.index], t.slot ? "thread " + (t.index - base + 1) : baseNames[t.index]);
            if (!t.slot) {
                byThread.put(t.user, t);
            }
        }
    }

    // ---- steps ----

    /**
     * One step of thread {@code me}: announce it, wait until the strategy picks it, run
     * {@code action}. {@code real} says whether it could run without a spurious wake-up (the same
     * as {@code enabled} when it cannot wake spuriously); {@code waitsFor} what it waits for while
     * disabled.
     */
    Object step(ThreadState me, StepKind kind, String target, Footprint footprint, Object written, BooleanSupplier enabled,
                BooleanSupplier real, Object waitsFor, Callable<Object> action) {
        StepRequest r = new StepRequest(kind, target, footprint, written, enabled);
        me.pending = r;
        me.real = real;
        me.waitsFor = waitsFor;
        passTurn(me);
        try {
            return me.gate.step(r, action);
        } catch (Exception e) {
            throw Model.<RuntimeException>sneaky(e);
        } finally {
            me.pending = null;
            me.real = null;
            me.waitsFor = null;
        }
    }

    /** A step that always may run and only reads or writes: nothing to wait for. */
    private static final Callable<Object> NOTHING = () -> null;

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Waits until the threads before {@code me} that run from the start have reached their first step. */
    void awaitTurn(ThreadState me) {
        if (me.slot || me.index == 0) {
            return;
        }
        long deadline = 0;
        int spins = 0;
        while (turn < me.index) {
            if (++spins < 200) {
                Thread.onSpinWait();
            } else if (spins < 400) {
                Thread.yield();
            } else {
                if (deadline == 0) {
                    deadline = System.nanoTime() + 30_000_000_000L;
                } else if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("racex: thread " + me.index + " waited 30 s for the threads before it to reach"
                            + " their first step");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }
    }

    /** Lets the next thread that runs from the start go on to its first step. */
    void passTurn(ThreadState me) {
        if (!me.announced) {
            me.announced = true;
            if (!me.slot) {
                turn = me.index + 1;
            }
        }
    }

    /** Whether a thread other than {@code me} could move now without a spurious wake-up. */
    private boolean otherCanMove(ThreadState me) {
        for (ThreadState u : threads) {
            if (u != me && u.pending != null && (u.real == null || u.real.getAsBoolean())) {
                return true;
            }
        }
        return false;
    }

    // ---- naming ----

    Ident ident(Object o) {
        Ident i = ids.get(o);
        if (i == null) {
            String cls = simpleName(o.getClass());
            int k = perClass.merge(cls, 1, Integer::sum);
            i = new Ident(cls, k);
            ids.put(o, i);
            juc.noticed(o);
        }
        return i;
    }

    static String simpleName(Class<?> c) {
        if (c.isArray()) {
            return simpleName(c.getComponentType()) + "[]";
        }
        String n = c.getName();
        n = n.substring(n.lastIndexOf('.') + 1);
        int lambda = n.indexOf("$$Lambda");
        if (lambda > 0) {
            n = n.substring(0, lambda) + "$lambda";
        }
        String[] parts = n.split("\\$");
        String last = parts[parts.length - 1];
        // anonymous classes ($1) keep their outer name
        return last.isEmpty() || Character.isDigit(last.charAt(0)) ? n : last;
    }

    /** {@code " (Bank.java:12)"}. */
    String site(int site) {
        if (site < 0) {
            return "";
        }
        if (site >= siteTexts.length) {
            siteTexts = java.util.Arrays.copyOf(siteTexts, Math.max(site + 1, siteTexts.length * 2));
        }
        String s = siteTexts[site];
        if (s == null) {
            s = " (" + Sites.site(site) + ")";
            siteTexts[site] = s;
        }
        return s;
    }

    /** A value as the step records it: plain values as they are, objects by their number. */
    Object shown(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof Character) {
            return v;
        }
        if (v instanceof Enum<?> e) {
            return new Shown(e.name());
        }
        if (v instanceof Class<?> c) {
            return new Shown(simpleName(c) + ".class");
        }
        if (v instanceof Thread t) {
            ThreadState ts = byThread.get(t);
            if (ts != null) {
                return new Shown(ts.name);
            }
        }
        return new Shown(ident(v).name());
    }

    private Monitor monitor(Object o) {
        Monitor m = monitors.get(o);
        if (m == null) {
            Ident id = ident(o);
            m = new Monitor(id, "monitor of " + (o instanceof Class<?> c ? simpleName(c) + ".class" : id.name()));
            monitors.put(o, m);
        }
        return m;
    }

    // ---- fields and arrays ----

    /** Field {@code field} of {@code owner} (null: static): its location, which is also how reports name it. */
    private String fieldLoc(Object owner, int field) {
        Sites.Field f = Sites.field(field);
        if (owner == null) {
            return "static:" + f;
        }
        return ident(owner).owner() + "." + f.name();
    }

    void readField(ThreadState me, Object owner, int field, int site) {
        String loc = fieldLoc(owner, field);
        me.lastRead = Sites.field(field);
        step(me, StepKind.READ, (owner == null ? loc.substring(7) : loc) + site(site), Footprint.read(loc), null, null, null, null,
                NOTHING);
    }

    void writeField(ThreadState me, Object owner, Object value, int field, int site) {
        String loc = fieldLoc(owner, field);
        me.lastRead = null;
        step(me, StepKind.WRITE, (owner == null ? loc.substring(7) : loc) + site(site), Footprint.write(loc), shown(value), null,
                null, null, NOTHING);
    }

    private String element(Object array, int index) {
        return name(array) + "[" + index + "]";
    }

    /** An object as reports name it: after the field it was first read from, else by its number. */
    String name(Object o) {
        String n = names.get(o);
        return n != null ? n : ident(o).name();
    }

    void readArray(ThreadState me, Object array, int index, int site) {
        if (array == null) {
            return; // the real instruction throws the NullPointerException
        }
        String loc = ident(array).name() + "[" + index + "]";
        me.lastRead = null;
        step(me, StepKind.READ, element(array, index) + site(site), Footprint.read(loc), null, null, null, null, NOTHING);
    }

    void writeArray(ThreadState me, Object array, int index, Object value, int site) {
        if (array == null) {
            return;
        }
        String loc = ident(array).name() + "[" + index + "]";
        me.lastRead = null;
        step(me, StepKind.WRITE, element(array, index) + site(site), Footprint.write(loc), shown(value), null, null, null, NOTHING);
    }

    /** The value a read step read, known only after the real instruction ran. */
    void value(ThreadState me, Object v) {
        Sites.Field f = me.lastRead;
        if (f != null && v != null && !names.containsKey(v)
                && (v.getClass().isArray() || v.getClass().getName().startsWith("java.util."))) {
            int k = perName.merge(f.name(), 1, Integer::sum);
            names.put(v, k == 1 ? f.name() : f.name() + "@" + k);
        }
        me.lastRead = null;
        me.gate.amend(shown(v));
    }

    // ---- monitors, wait and notify ----

    void monitorEnter(ThreadState me, Object o, int site) {
        Monitor m = monitor(o);
        if (m.owner == me.index) {
            m.count++; // re-entering costs no step: it can neither block nor conflict
            return;
        }
        BooleanSupplier free = () -> m.owner < 0;
        step(me, StepKind.LOCK, m.text + site(site), Footprint.write(m.lockLoc), null, free, free, new WaitsForLock(m, null),
                () -> {
                    m.owner = me.index;
                    m.count = 1;
                    return null;
                });
    }

    void monitorExit(ThreadState me, Object o, int site) {
        Monitor m = monitors.get(o);
        if (m == null || m.owner != me.index) {
            throw new IllegalMonitorStateException("current thread is not owner");
        }
        if (m.count > 1) {
            m.count--;
            return;
        }
        step(me, StepKind.UNLOCK, m.text + site(site), Footprint.write(m.lockLoc), null, null, null, null, () -> {
            m.owner = -1;
            m.count = 0;
            return null;
        });
    }

    void waitOn(ThreadState me, Object o, long millis, int site) throws InterruptedException {
        Monitor m = monitors.get(o);
        if (m == null || m.owner != me.index) {
            throw new IllegalMonitorStateException("current thread is not owner");
        }
        String text = m.text + site(site);
        int count = m.count;
        step(me, StepKind.WAIT, text, new Footprint(Set.of(me.interruptLoc), Set.of(m.lockLoc, m.waitLoc)), null, null, null, null,
                () -> {
                    if (me.interrupted) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    }
                    m.owner = -1;
                    m.count = 0;
                    me.notified = false;
                    m.waiters.add(me);
                    return null;
                });
        boolean timed = millis > 0;
        wake(me, text, m.lockLoc, m.waitLoc, timed, true, () -> m.owner < 0, () -> {
            m.waiters.remove(me);
            m.owner = me.index;
            m.count = count;
        }, new WaitsFor("wait() on " + m.text));
    }

    /**
     * The return from a wait: enabled once the lock is free again and the thread was notified,
     * interrupted, may time out, or may wake spuriously (once per thread and execution, and only
     * while another thread could move: a wake-up that only a spurious one could bring is a lost
     * wake-up, reported as a deadlock). Returns whether it was notified rather than timed out.
     */
    boolean wake(ThreadState me, String text, String lockLoc, String waitLoc, boolean timed, boolean interruptible,
                 BooleanSupplier lockFree, Runnable reacquire, Object waitsFor) throws InterruptedException {
        boolean spurious = !timed && !me.spuriousUsed;
        BooleanSupplier real = () -> lockFree.getAsBoolean() && (me.notified || (interruptible && me.interrupted) || timed);
        BooleanSupplier enabled = spurious
                ? () -> lockFree.getAsBoolean() && (me.notified || (interruptible && me.interrupted) || otherCanMove(me))
                : real;
        Set<String> reads = spurious ? me.spuriousReads : Set.of(me.interruptLoc);
        Object how = step(me, StepKind.WAKE, text, new Footprint(reads, Set.of(lockLoc, waitLoc)), null, enabled, real, waitsFor,
                () -> {
                    reacquire.run();
                    String h;
                    if (me.notified) {
                        h = "notified";
                    } else if (interruptible && me.interrupted) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    } else if (timed) {
                        h = "timed out";
                    } else {
                        me.spuriousUsed = true;
                        h = "woken spuriously";
                    }
                    me.notified = false;
                    return new Shown(h);
                });
        return !"timed out".equals(how.toString());
    }

    void notify(ThreadState me, Object o, boolean all, int site) {
        Monitor m = monitors.get(o);
        if (m == null || m.owner != me.index) {
            throw new IllegalMonitorStateException("current thread is not owner");
        }
        step(me, StepKind.NOTIFY, (all ? "all on " : "") + m.text + site(site), Footprint.write(m.waitLoc), null, null, null, null,
                () -> notifyWaiters(m.waiters, all));
    }

    /** Notifies the first waiter (the JDK may pick any; racex takes the longest waiting) or all of them. */
    static Shown notifyWaiters(ArrayDeque<ThreadState> waiters, boolean all) {
        if (waiters.isEmpty()) {
            return new Shown("nobody waits");
        }
        List<String> names = new ArrayList<>();
        do {
            ThreadState w = waiters.poll();
            w.notified = true;
            names.add(w.name);
        } while (all && !waiters.isEmpty());
        return new Shown("woke " + String.join(", ", names));
    }

    // ---- threads ----

    /** The thread state of a Java thread object of this execution, or null if it was never started here. */
    ThreadState of(Thread t) {
        return byThread.get(t);
    }

    void threadStart(ThreadState me, Thread t, int site) {
        if (byThread.containsKey(t)) {
            throw new IllegalThreadStateException("thread " + byThread.get(t).name + " was started already");
        }
        int c = started;
        if (c >= slots) {
            slotsFlag.exhausted = true;
            throw new SlotsExhausted(slots);
        }
        // the step binds the next free slot; which one depends on the starts before it, so starts all
        // write the count, and this one may bind any slot from the next free one on
        Set<String> writes = new HashSet<>();
        writes.add("threads");
        for (int k = c; k < slots; k++) {
            writes.add(threads[base + k].startLoc);
        }
        String shownName = DEFAULT_NAME.matcher(t.getName()).matches() ? "Thread-" + c : t.getName();
        step(me, StepKind.START, shownName + site(site), new Footprint(Set.of(), writes), null, null, null, null, () -> {
            int k = started;
            if (k >= slots) {
                slotsFlag.exhausted = true;
                throw new SlotsExhausted(slots);
            }
            started++;
            ThreadState s = threads[base + k];
            if (DEFAULT_NAME.matcher(t.getName()).matches()) {
                // the JVM numbers default names across the whole run; racex numbers them in start order
                t.setName("Thread-" + k);
            }
            s.user = t;
            s.name = t.getName();
            s.started = true;
            byThread.put(t, s);
            return null;
        });
    }

    /** The first step of a slot: enabled once some thread started the Java thread it plays. */
    void begin(ThreadState me) {
        BooleanSupplier started = () -> me.started;
        step(me, StepKind.BEGIN, "", Footprint.read(me.startLoc), null, started, started, null, () -> new Shown(me.name));
    }

    /** The last step of a thread: a join of it waits for it. */
    void end(ThreadState me) {
        step(me, StepKind.END, "", Footprint.write(me.endLoc), null, null, null, null, () -> {
            me.ended = true;
            return null;
        });
    }

    void threadJoin(ThreadState me, Thread t, long millis, int site) throws InterruptedException {
        ThreadState target = byThread.get(t);
        if (target == null) {
            // never started: join returns at once; ordered with the starts, which could change that
            step(me, StepKind.JOIN, t.getName() + site(site), Footprint.read("threads"), null, null, null, null,
                    () -> new Shown("not started"));
            return;
        }
        boolean timed = millis > 0;
        BooleanSupplier ended = () -> target.ended || me.interrupted;
        step(me, StepKind.JOIN, target.name + site(site), new Footprint(Set.of(target.endLoc, me.interruptLoc), Set.of()), null,
                timed ? null : ended, timed ? null : ended, new WaitsFor("join " + target.name), () -> {
                    if (me.interrupted && !target.ended) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    }
                    return new Shown(target.ended ? "ended" : "timed out");
                });
    }

    void threadYield(ThreadState me, int site) {
        step(me, StepKind.PAUSE, "yield" + site(site), Footprint.NONE, null, null, null, null, NOTHING);
    }

    void threadSleep(ThreadState me, long millis, int site) throws InterruptedException {
        step(me, StepKind.PAUSE, "sleep " + millis + " ms" + site(site), Footprint.read(me.interruptLoc), null, null, null, null,
                () -> {
                    if (me.interrupted) {
                        me.interrupted = false;
                        throw new InterruptedException("sleep interrupted");
                    }
                    return null;
                });
    }

    void threadInterrupt(ThreadState me, Thread t, int site) {
        ThreadState target = byThread.get(t);
        if (target == null) {
            return; // not alive: interrupting it need not have any effect
        }
        step(me, StepKind.INTERRUPT, target.name + site(site), Footprint.write(target.interruptLoc), null, null, null, null, () -> {
            target.interrupted = true;
            return null;
        });
    }

    boolean threadIsInterrupted(ThreadState me, Thread t, boolean clear, int site) {
        ThreadState target = byThread.get(t);
        if (target == null) {
            return false;
        }
        Footprint fp = clear ? new Footprint(Set.of(target.interruptLoc), Set.of(target.interruptLoc))
                : Footprint.read(target.interruptLoc);
        Object r = step(me, StepKind.READ, target.name + ".interrupted" + site(site), fp, null, null, null, null, () -> {
            boolean was = target.interrupted;
            if (clear) {
                target.interrupted = false;
            }
            return was;
        });
        return (Boolean) r;
    }

    boolean threadIsAlive(ThreadState me, Thread t, int site) {
        ThreadState target = byThread.get(t);
        if (target == null) {
            return (Boolean) step(me, StepKind.READ, t.getName() + ".alive" + site(site), Footprint.read("threads"), null, null,
                    null, null, () -> false);
        }
        return (Boolean) step(me, StepKind.READ, target.name + ".alive" + site(site), Footprint.read(target.endLoc), null, null,
                null, null, () -> target.started && !target.ended);
    }

    // ---- LockSupport ----

    void park(ThreadState me, long nanos, int site) {
        boolean timed = nanos >= 0;
        boolean spurious = !timed && !me.spuriousUsed;
        BooleanSupplier real = () -> me.permit || me.interrupted || timed;
        BooleanSupplier enabled = spurious ? () -> me.permit || me.interrupted || otherCanMove(me) : real;
        Set<String> reads = spurious ? me.spuriousReads : Set.of(me.interruptLoc);
        step(me, StepKind.PARK, (timed ? "for " + nanos + " ns" : "") + site(site).trim(), new Footprint(reads, Set.of(me.permitLoc)),
                null, enabled, real, new WaitsFor("park()"), () -> {
                    if (me.permit) {
                        me.permit = false;
                        return new Shown("unparked");
                    }
                    if (me.interrupted) {
                        return new Shown("interrupted");
                    }
                    if (timed) {
                        return new Shown("timed out");
                    }
                    me.spuriousUsed = true;
                    return new Shown("woken spuriously");
                });
    }

    void unpark(ThreadState me, Thread t, int site) {
        ThreadState target = t == null ? null : byThread.get(t);
        if (target == null) {
            return; // not started: unpark is not guaranteed to have any effect
        }
        step(me, StepKind.UNPARK, target.name + site(site), Footprint.write(target.permitLoc), null, null, null, null, () -> {
            target.permit = true;
            return null;
        });
    }

    // ---- deadlocks ----

    /**
     * Why no thread can move: a cycle of threads each waiting for a lock the next holds, threads
     * waiting in {@code wait()} or {@code park()} with nobody left to wake them (lost wake-ups), and
     * what every other stuck thread waits for.
     */
    String deadlockDetail() {
        return deadlockDetail(Map.of());
    }

    /**
     * {@link #deadlockDetail()} with the waits the model does not see: {@code inDatabase} maps each
     * thread blocked in a database statement to the threads it waits for there ({@code -1}: a
     * session outside racex). A cycle may then pass through both kinds of wait: a thread holding a
     * monitor waits in the database for a thread that waits for that monitor.
     */
    String deadlockDetail(Map<Integer, Set<Integer>> inDatabase) {
        List<String> parts = new ArrayList<>();
        // threads waiting for a lock point at its holder; follow them to find a cycle
        Map<Integer, Integer> waitsOn = new HashMap<>();
        for (ThreadState t : threads) {
            if (!inDatabase.containsKey(t.index) && stuck(t) && t.waitsFor instanceof WaitsForLock w) {
                int holder = w.monitor() != null ? w.monitor().owner : w.lock().blocker(t.index);
                if (holder >= 0) {
                    waitsOn.put(t.index, holder);
                }
            }
        }
        // every edge, in thread order: a lock's one holder, or the racex threads a database wait names
        Map<Integer, List<Integer>> edges = new java.util.TreeMap<>();
        waitsOn.forEach((t, h) -> edges.put(t, List.of(h)));
        inDatabase.forEach((t, hs) -> {
            List<Integer> in = new ArrayList<>(new java.util.TreeSet<>(hs));
            in.removeIf(h -> h < 0 || h >= threads.length);
            edges.put(t, in);
        });
        List<Integer> cycle = null;
        for (int startAt : edges.keySet()) {
            cycle = cycleFrom(startAt, edges, new ArrayList<>());
            if (cycle != null) {
                break;
            }
        }
        Set<Integer> inCycle = new LinkedHashSet<>();
        if (cycle != null) {
            List<String> text = new ArrayList<>();
            for (int i = 0; i < cycle.size(); i++) {
                ThreadState t = threads[cycle.get(i)];
                ThreadState next = threads[cycle.get((i + 1) % cycle.size())];
                ThreadState prev = threads[cycle.get((i + cycle.size() - 1) % cycle.size())];
                inCycle.add(t.index);
                if (waitsOn.containsKey(t.index)) {
                    text.add(t.label() + " waits for " + lockText(t) + ", held by " + next.label());
                } else {
                    // the lock the previous thread of the cycle waits for, which this one holds
                    String holds = waitsOn.containsKey(prev.index) ? " holds " + lockText(prev) + " and" : "";
                    text.add(t.label() + holds + " waits in the database for " + next.label());
                }
            }
            parts.add("cycle: " + String.join("; ", text));
        }
        List<String> others = new ArrayList<>();
        for (ThreadState t : threads) {
            if (inCycle.contains(t.index)) {
                continue;
            }
            if (inDatabase.containsKey(t.index)) {
                List<String> names = new ArrayList<>();
                for (int h : new java.util.TreeSet<>(inDatabase.get(t.index))) {
                    names.add(h < 0 || h >= threads.length ? "a session outside racex" : threads[h].label()
                            + (threads[h].ended ? ", which ended without ending its transaction" : ""));
                }
                others.add(t.label() + " waits in the database for " + String.join(", ", names));
                continue;
            }
            if (!stuck(t)) {
                continue;
            }
            List<String> into = others;
            if (t.waitsFor instanceof WaitsForLock) {
                Integer h = waitsOn.get(t.index);
                into.add(t.label() + " waits for " + lockText(t) + (h == null ? "" : ", held by " + threads[h].label()));
            } else if (t.waitsFor instanceof WaitsFor w && (t.pending.kind() == StepKind.WAKE || t.pending.kind() == StepKind.PARK)) {
                parts.add("lost wake-up: " + t.label() + " waits in " + w.text() + " and no thread is left to wake it");
            } else if (t.waitsFor instanceof WaitsFor w) {
                into.add(t.label() + " waits to " + w.text());
            } else {
                into.add(t.label() + " waits to " + t.pending.kind().label() + " " + t.pending.target());
            }
        }
        parts.addAll(others);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** The first cycle reached from {@code at}, following the edges in order; null if none. */
    private static List<Integer> cycleFrom(int at, Map<Integer, List<Integer>> edges, List<Integer> path) {
        int i = path.indexOf(at);
        if (i >= 0) {
            return new ArrayList<>(path.subList(i, path.size()));
        }
        List<Integer> next = edges.get(at);
        if (next == null) {
            return null;
        }
        path.add(at);
        for (int h : next) {
            List<Integer> c = cycleFrom(h, edges, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    private String lockText(ThreadState t) {
        WaitsForLock w = (WaitsForLock) t.waitsFor;
        return w.monitor() != null ? w.monitor().text : w.lock().text;
    }

    /** Whether the thread waits at a step that cannot run (and it is not a slot never started). */
    private static boolean stuck(ThreadState t) {
        StepRequest p = t.pending;
        return p != null && !p.isEnabled() && !(p.kind() == StepKind.BEGIN);
    }

    /** Thrown in the thread that starts more threads than the scenario has slots; the exploration is then run with more. */
    static final class SlotsExhausted extends Error {
        SlotsExhausted(int slots) {
            super("racex: the code started more than " + slots + " threads; exploring again with more", null, false, false);
        }
    }
}
