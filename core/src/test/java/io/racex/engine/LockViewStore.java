package io.racex.engine;

import io.racex.store.Footprint;
import io.racex.store.StepGate;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A store for runtime tests that behaves as a database does: acquiring a held lock really blocks
 * inside the store, and the store's lock view ({@link #blockedThreads}) says who waits. Unlocking
 * hands the lock to the lowest waiting thread at once, so the view is exact, as a database's lock
 * manager is. {@link #endExecution()} frees every waiter (as closing a connection does). With
 * {@code canBlock} false it is a store the runtime drives by baton passing (then no test may make a
 * lock wait).
 */
final class LockViewStore implements Store<LockViewStore.Handle> {
    private final boolean canBlock;
    private final Map<String, Integer> owners = new HashMap<>();
    private final Map<String, TreeSet<Integer>> queues = new HashMap<>();
    private final Map<String, Object> cells = new TreeMap<>();
    private boolean ended;
    /** How many executions' threads gave up a wait or a hung step because the execution ended. */
    int freedByEnd;

    LockViewStore(boolean canBlock) {
        this.canBlock = canBlock;
    }

    @Override
    public synchronized void reset() {
        owners.clear();
        queues.clear();
        cells.clear();
        cells.put("x", 0);
        ended = false;
    }

    @Override
    public Handle handle(int thread, StepGate gate) {
        return new Handle(thread, gate);
    }

    @Override
    public synchronized Map<String, Object> snapshot() {
        return new TreeMap<>(cells);
    }

    @Override
    public synchronized void endExecution() {
        ended = true;
        notifyAll();
    }

    @Override
    public boolean canBlock() {
        return canBlock;
    }

    @Override
    public synchronized Set<Integer> blockedThreads(Set<Integer> candidates) {
        Set<Integer> out = new HashSet<>();
        for (TreeSet<Integer> q : queues.values()) {
            for (int t : q) {
                if (candidates.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** For a thread blocked inside the store: the owner of the lock it is queued for. */
    @Override
    public synchronized Set<Integer> holders(int thread, io.racex.store.StepRequest pending) {
        if (pending != null) {
            return Set.of();
        }
        for (Map.Entry<String, TreeSet<Integer>> q : queues.entrySet()) {
            Integer owner = owners.get(q.getKey());
            if (q.getValue().contains(thread) && owner != null) {
                return Set.of(owner);
            }
        }
        return Set.of();
    }

    /** What a thread of a test scenario calls; every method is one step. */
    final class Handle {
        private final int thread;
        private final StepGate gate;

        Handle(int thread, StepGate gate) {
            this.thread = thread;
            this.gate = gate;
        }

        StepGate gate() {
            return gate;
        }

        void lock(String name) throws Exception {
            gate.step(StepRequest.of(StepKind.LOCK, name, Footprint.write("lock:" + name)), () -> {
                synchronized (LockViewStore.this) {
                    if (owners.putIfAbsent(name, thread) == null) {
                        return null;
                    }
                    queues.computeIfAbsent(name, k -> new TreeSet<>()).add(thread);
                    while (owners.get(name) != thread) {
                        if (ended) {
                            queues.get(name).remove(thread);
                            freedByEnd++;
                            throw new IllegalStateException("the execution ended while waiting for " + name);
                        }
                        LockViewStore.this.wait();
                    }
                    return null;
                }
            });
        }

        void unlock(String name) throws Exception {
            gate.step(StepRequest.of(StepKind.UNLOCK, name, Footprint.write("lock:" + name)), () -> {
                synchronized (LockViewStore.this) {
                    TreeSet<Integer> q = queues.get(name);
                    if (q == null || q.isEmpty()) {
                        owners.remove(name);
                    } else {
                        owners.put(name, q.pollFirst()); // handed on at once: the view never shows it waiting
                        LockViewStore.this.notifyAll();
                    }
                    return null;
                }
            });
        }

        int read(String cell) throws Exception {
            return gate.step(StepRequest.of(StepKind.READ, cell, Footprint.read(cell)), () -> {
                synchronized (LockViewStore.this) {
                    return (Integer) cells.get(cell);
                }
            });
        }

        void write(String cell, int value) throws Exception {
            gate.step(new StepRequest(StepKind.WRITE, cell, Footprint.write(cell), value, null), () -> {
                synchronized (LockViewStore.this) {
                    cells.put(cell, value);
                }
                return null;
            });
        }

        /** A step whose action does not return until the execution ends, and which the lock view does not show. */
        void hang() throws Exception {
            gate.step(StepRequest.of(StepKind.EXECUTE, "hang", Footprint.NONE), () -> {
                synchronized (LockViewStore.this) {
                    while (!ended) {
                        LockViewStore.this.wait();
                    }
                    freedByEnd++;
                    throw new IllegalStateException("the execution ended during the step");
                }
            });
        }

        /** A thread's first step when it may be started later: enabled once {@code started} says so. */
        void begin(BooleanSupplier started) throws Exception {
            gate.step(new StepRequest(StepKind.BEGIN, "T" + (thread + 1), Footprint.NONE, null, started), () -> null);
        }

        /** A step that can run only once {@code when} holds (as an in-memory lock's acquisition). */
        void await(String what, BooleanSupplier when) throws Exception {
            gate.step(new StepRequest(StepKind.LOCK, what, Footprint.write("lock:" + what), null, when), () -> null);
        }
    }
}
