package io.racex.store.memory;

import io.racex.store.StepGate;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import io.racex.store.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-process store of named cells, maps and locks. Every read, write, lock and unlock is one
 * step. Only one logical thread moves at a time and the runtime's handoff is a happens-before
 * edge, so the state itself needs no synchronization.
 */
public final class MemoryStore implements Store<MemoryAccess> {
    private final MemoryState initial;
    final Map<String, Object> cells = new HashMap<>();
    final Map<String, Map<Object, Object>> maps = new HashMap<>();
    /** Lock name to owner thread and hold count; absent when free. */
    final Map<String, int[]> locks = new HashMap<>();

    public MemoryStore(MemoryState initial) {
        this.initial = initial;
    }

    @Override
    public void reset() {
        cells.clear();
        cells.putAll(initial.cells);
        maps.clear();
        initial.maps.forEach((k, v) -> maps.put(k, new TreeMap<>(v)));
        locks.clear();
    }

    @Override
    public MemoryAccess handle(int thread, StepGate gate) {
        return new MemoryAccess(this, thread, gate);
    }

    /** {@code racex memory store}: cells, maps and locks in this JVM. */
    @Override
    public String describe() {
        return "racex memory store (in this JVM)";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> state = new TreeMap<>(cells);
        maps.forEach((k, v) -> state.put(k, new TreeMap<>(v)));
        return state;
    }

    @Override
    public Set<Integer> holders(int thread, StepRequest pending) {
        if (pending == null || pending.kind() != StepKind.LOCK) {
            return Set.of();
        }
        int[] held = locks.get(pending.target());
        return held == null || held[0] == thread ? Set.of() : Set.of(held[0]);
    }
}
