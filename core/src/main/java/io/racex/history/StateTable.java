package io.racex.history;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The model's states as small integers, and its transitions memoized: the search compares and
 * hashes ints, and calls {@link Model#step} once per distinct (state, operation) pair however
 * often it comes back to it. One table per part, used by one thread.
 */
final class StateTable<S> {
    static final int ILLEGAL = -1;
    private static final long EMPTY = -1L;

    private final Model<S> model;
    private final List<Operation> ops;
    private final String source;

    private Object[] states = new Object[16];
    private int[] stateHashes = new int[16];
    private int count;
    private int[] slots = new int[32]; // id + 1, 0 = free
    private int slotMask = 31;

    private long[] keys;
    private int[] values;
    private int transitions;
    private int transMask;

    StateTable(Model<S> model, List<Operation> ops, String source) {
        this.model = model;
        this.ops = ops;
        this.source = source;
        keys = new long[256];
        Arrays.fill(keys, EMPTY);
        values = new int[256];
        transMask = 255;
    }

    /** The id of the initial state. */
    int initial() {
        S s = model.initial();
        if (s == null) {
            throw new HistoryException("the " + model.name() + " model's initial state is null (a model's states are never null)");
        }
        return intern(s);
    }

    @SuppressWarnings("unchecked")
    S state(int id) {
        return (S) states[id];
    }

    int size() {
        return count;
    }

    int transitions() {
        return transitions;
    }

    /** Bytes held by the tables (for the bench; the states themselves not counted). */
    long bytes() {
        return (long) states.length * 8 + stateHashes.length * 4L + slots.length * 4L + keys.length * 8L + values.length * 4L;
    }

    /** The state after operation {@code op} (index into the part's operations) in state {@code state}, or {@link #ILLEGAL}. */
    int step(int state, int op) {
        long key = ((long) state << 32) | op;
        int slot = (int) mix(key) & transMask;
        long[] k = keys;
        while (true) {
            long at = k[slot];
            if (at == key) {
                return values[slot];
            }
            if (at == EMPTY) {
                break;
            }
            slot = (slot + 1) & transMask;
        }
        int next = compute(state, op);
        keys[slot] = key;
        values[slot] = next;
        if (++transitions * 2 > keys.length) {
            growTransitions();
        }
        return next;
    }

    private static final ClassValue<Boolean> PRUNES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("unreachable", Object.class, Operation.class).getDeclaringClass() != Model.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /** Whether the model overrides {@link Model#unreachable}, so the search should ask it. */
    boolean prunes() {
        return PRUNES.get(model.getClass());
    }

    boolean resets(int op, int read) {
        return model.resets(ops.get(op), ops.get(read));
    }

    /** {@link Model#unreachable}, memoized like the steps (under {@code op + operations}). */
    boolean unreachable(int state, int op) {
        int tagged = op + ops.size();
        long key = ((long) state << 32) | tagged;
        int slot = (int) mix(key) & transMask;
        long[] k = keys;
        while (true) {
            long at = k[slot];
            if (at == key) {
                return values[slot] != 0;
            }
            if (at == EMPTY) {
                break;
            }
            slot = (slot + 1) & transMask;
        }
        Operation o = ops.get(op);
        boolean dead;
        try {
            dead = model.unreachable(state(state), o);
        } catch (RuntimeException e) {
            throw new HistoryException(source, o.line(), "the " + model.name() + " model failed on " + o.describe() + ": " + e);
        }
        keys[slot] = key;
        values[slot] = dead ? 1 : 0;
        if (++transitions * 2 > keys.length) {
            growTransitions();
        }
        return dead;
    }

    private int compute(int state, int op) {
        Operation o = ops.get(op);
        Optional<S> next;
        try {
            next = model.step(state(state), o);
        } catch (RuntimeException e) {
            throw new HistoryException(source, o.line(), "the " + model.name() + " model failed on " + o.describe() + ": " + e);
        }
        if (next == null) {
            throw new HistoryException(source, o.line(), "the " + model.name() + " model's step returned null for " + o.describe()
                    + " (it returns Optional.empty() for an operation that cannot happen)");
        }
        return next.isPresent() ? intern(next.get()) : ILLEGAL;
    }

    int intern(S s) {
        int h = model.stateHash(s);
        int slot = spread(h) & slotMask;
        while (true) {
            int at = slots[slot];
            if (at == 0) {
                break;
            }
            int id = at - 1;
            if (stateHashes[id] == h && model.stateEquals(state(id), s)) {
                return id;
            }
            slot = (slot + 1) & slotMask;
        }
        if (count == states.length) {
            states = Arrays.copyOf(states, count * 2);
            stateHashes = Arrays.copyOf(stateHashes, count * 2);
        }
        int id = count++;
        states[id] = s;
        stateHashes[id] = h;
        slots[slot] = id + 1;
        if (count * 2 > slots.length) {
            growSlots();
        }
        return id;
    }

    private void growSlots() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < count; id++) {
            int slot = spread(stateHashes[id]) & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = id + 1;
        }
        slots = bigger;
        slotMask = mask;
    }

    private void growTransitions() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[oldValues.length * 2];
        transMask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long key = oldKeys[i];
            if (key != EMPTY) {
                int slot = (int) mix(key) & transMask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & transMask;
                }
                keys[slot] = key;
                values[slot] = oldValues[i];
            }
        }
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x45d9f3b;
    }

    /** Murmur3's 64-bit finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
