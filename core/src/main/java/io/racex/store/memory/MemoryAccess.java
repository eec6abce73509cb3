package io.racex.store.memory;

import io.racex.store.CompareAndSet;
import io.racex.store.Footprint;
import io.racex.store.StepGate;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.RacexException;
import java.util.Map;

/**
 * What an operation of an in-memory scenario receives: reads and writes of named cells and maps,
 * and named locks. Each call is one step, so the explorer can stop the thread before it.
 *
 * <pre>{@code
 * int b = m.readInt("b");
 * m.write("b", b - 100);
 * }</pre>
 */
public final class MemoryAccess {
    private final MemoryStore store;
    private final int thread;
    private final StepGate gate;

    MemoryAccess(MemoryStore store, int thread, StepGate gate) {
        this.store = store;
        this.thread = thread;
        this.gate = gate;
    }

    /** The cell name of element {@code i} of array {@code name}: {@code name[i]}. */
    public static String element(String name, int i) {
        return name + "[" + i + "]";
    }

    /** This handle's thread, 0-based. */
    public int thread() {
        return thread;
    }

    /** Reads a cell (one step). */
    public Object read(String cell) {
        return run(new StepRequest(StepKind.READ, cell, Footprint.read(cell), null, null), () -> {
            if (!store.cells.containsKey(cell)) {
                throw new RacexException("no cell named '" + cell + "' in the initial state");
            }
            return store.cells.get(cell);
        });
    }

    public int readInt(String cell) {
        return ((Number) read(cell)).intValue();
    }

    public long readLong(String cell) {
        return ((Number) read(cell)).longValue();
    }

    public String readString(String cell) {
        return (String) read(cell);
    }

    public boolean readBoolean(String cell) {
        return (Boolean) read(cell);
    }

    /** Reads element {@code i} of array {@code name} (one step). */
    public int readInt(String name, int i) {
        return readInt(element(name, i));
    }

    /** Writes a cell (one step). */
    public void write(String cell, Object value) {
        run(new StepRequest(StepKind.WRITE, cell, Footprint.write(cell), value, null), () -> {
            if (!store.cells.containsKey(cell)) {
                throw new RacexException("no cell named '" + cell + "' in the initial state");
            }
            store.cells.put(cell, value);
            return value;
        });
    }

    /** Writes element {@code i} of array {@code name} (one step). */
    public void write(String name, int i, Object value) {
        write(element(name, i), value);
    }

    /**
     * Atomically sets {@code cell} to {@code update} if it holds {@code expected} (one step that
     * reads and writes); returns whether it did. The step records a {@link CompareAndSet}, so a
     * report shows what was expected, what was found and whether the update was stored.
     */
    public boolean compareAndSet(String cell, Object expected, Object update) {
        Footprint rw = new Footprint(java.util.Set.of(cell), java.util.Set.of(cell));
        return run(new StepRequest(StepKind.WRITE, cell, rw, null, null), () -> {
            if (!store.cells.containsKey(cell)) {
                throw new RacexException("no cell named '" + cell + "' in the initial state");
            }
            CompareAndSet cas = new CompareAndSet(expected, update, store.cells.get(cell));
            if (cas.succeeded()) {
                store.cells.put(cell, update);
            }
            return cas;
        }).succeeded();
    }

    /** Reads {@code map[key]} (one step); {@code null} when absent. */
    public Object get(String map, Object key) {
        String loc = map + "[" + key + "]";
        return run(new StepRequest(StepKind.READ, loc, Footprint.read(loc), null, null), () -> map(map).get(key));
    }

    /** Writes {@code map[key] = value} (one step). */
    public void put(String map, Object key, Object value) {
        String loc = map + "[" + key + "]";
        run(new StepRequest(StepKind.WRITE, loc, Footprint.write(loc), value, null), () -> map(map).put(key, value));
    }

    /** Removes {@code map[key]} (one step). */
    public void remove(String map, Object key) {
        String loc = map + "[" + key + "]";
        run(new StepRequest(StepKind.WRITE, loc, Footprint.write(loc), "(removed)", null), () -> map(map).remove(key));
    }

    /**
     * Acquires a named lock (one step). The step is enabled only while the lock is free or held by
     * this thread, so a thread waiting for it is never scheduled, and a cycle is reported as a deadlock.
     */
    public void lock(String name) {
        String loc = "lock:" + name;
        run(new StepRequest(StepKind.LOCK, name, Footprint.write(loc), null, () -> {
            int[] held = store.locks.get(name);
            return held == null || held[0] == thread;
        }), () -> {
            int[] held = store.locks.get(name);
            if (held == null) {
                store.locks.put(name, new int[] {thread, 1});
            } else {
                held[1]++;
            }
            return "acquired";
        });
    }

    /** Releases a named lock held by this thread (one step). */
    public void unlock(String name) {
        String loc = "lock:" + name;
        run(new StepRequest(StepKind.UNLOCK, name, Footprint.write(loc), null, null), () -> {
            int[] held = store.locks.get(name);
            if (held == null || held[0] != thread) {
                throw new IllegalMonitorStateException("thread " + (thread + 1) + " unlocks " + name + " which it does not hold");
            }
            if (--held[1] == 0) {
                store.locks.remove(name);
            }
            return "released";
        });
    }

    private Map<Object, Object> map(String name) {
        Map<Object, Object> m = store.maps.get(name);
        if (m == null) {
            throw new RacexException("no map named '" + name + "' in the initial state");
        }
        return m;
    }

    private <T> T run(StepRequest request, java.util.concurrent.Callable<T> action) {
        try {
            return gate.step(request, action);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
